"""Turn a database URL into a configured SQLAlchemy engine (SQLite or PostgreSQL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from kharita.errors import StoreError
from kharita.store.locking import SQLITE_BUSY_TIMEOUT_S

DEFAULT_URL = "sqlite:///kharita.db"
_PG_ALIASES = ("postgresql", "postgres", "postgresql+psycopg2")
_HELP = "Use e.g. 'sqlite:///kharita.db' or 'postgresql://user@host:5432/dbname'."


def parse_url(url: str) -> URL:
    """Parse ``url``; plain ``postgresql://`` (and ``postgres://``) use the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r}. {_HELP}") from exc
    if parsed.drivername in _PG_ALIASES:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r} in {url!r}. {_HELP}")
    return parsed


def is_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def make_engine(url: URL) -> Engine:
    """Create the engine; SQLite gets WAL and foreign keys on every connection."""
    try:
        engine = create_engine(url, **_engine_options(url))
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise StoreError(
            f"cannot use {url.render_as_string(hide_password=True)!r}: {exc}. "
            "For PostgreSQL install the driver: pip install 'kharita[postgres]'."
        ) from exc
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
    return engine


def _engine_options(url: URL) -> dict[str, Any]:
    if is_memory(url):
        return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        return {"connect_args": {"connect_timeout": 10}, "pool_pre_ping": True}
    if url.get_backend_name() == "sqlite" and "timeout" not in url.query:
        # how long a writer waits for another's transaction (two ingests at once) before "database is locked"
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S}}
    return {}


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def check_sqlite_exists(url: URL) -> None:
    """For commands that only read: a SQLite file that does not exist is a mistake, not a new database."""
    if url.get_backend_name() != "sqlite" or is_memory(url) or url.database is None or "uri" in url.query:
        return
    if not Path(url.database).expanduser().is_file():
        raise StoreError(
            f"there is no kharita database at {url.database!r}; check the --db path, or store articles there "
            f"first with `kharita ingest PATH --db {url.render_as_string(hide_password=True)}`"
        )


def check_sqlite_path(url: URL) -> None:
    """Fail early, with advice, when a SQLite file cannot be created where asked."""
    if url.get_backend_name() != "sqlite" or is_memory(url) or url.database is None or "uri" in url.query:
        return
    parent = Path(url.database).expanduser().resolve().parent
    if not parent.is_dir():
        raise StoreError(
            f"cannot create SQLite database {url.database!r}: directory {str(parent)!r} "
            "does not exist. Create it first or choose another path."
        )
