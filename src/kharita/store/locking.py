"""One writer at a time: every kharita write transaction takes the database's write lock first.

Ingest checks which articles, actors and places are stored already and then inserts the others. Two processes
doing that at once could both decide an article is new, and the second insert would then break a unique
constraint. Taking the lock before the first read makes check-then-insert atomic, so two ``kharita ingest``
runs on the same database store each article once; the costly part, extraction, runs outside the lock.

- SQLite: ``BEGIN IMMEDIATE`` takes the write lock at once (others wait up to the busy timeout; WAL lets
  readers go on). pysqlite then sees a transaction open and does not begin its own.
- PostgreSQL: a transaction-level advisory lock, one per schema, released at commit or rollback.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

SQLITE_BUSY_TIMEOUT_S = 60.0
_PG_LOCK_SPACE = 0x6B68  # "kh": the first key of the two-key advisory lock; the second is the schema's hash
_PG_LOCK = text("SELECT pg_advisory_xact_lock(:space, hashtext(coalesce(current_schema(), '')))")


def take_write_lock(connection: Connection) -> None:
    """Take the write lock for the transaction just begun on ``connection`` (before it reads anything)."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif dialect == "postgresql":
        connection.execute(_PG_LOCK, {"space": _PG_LOCK_SPACE})
