"""Run the Alembic migrations shipped inside the package, without an alembic.ini."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from kharita.store.locking import take_write_lock

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged scripts; ``connection`` is used by env.py."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The latest revision shipped with this kharita."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError(f"no Alembic migrations found under {MIGRATIONS_DIR}; reinstall kharita")
    return head


def is_known_revision(revision: str) -> bool:
    """True if this kharita ships ``revision`` (False for a database migrated by a newer kharita)."""
    script = ScriptDirectory.from_config(alembic_config())
    return any(known.revision == revision for known in script.walk_revisions())


def current_revision(engine: Engine) -> str | None:
    """The revision the database behind ``engine`` is at; None for a database kharita never set up."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind ``engine`` up to ``revision`` in one transaction. A database already at the
    head is left alone without taking the write lock, so that opening a store does not wait for writers."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    _migrate(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database behind ``engine`` back to ``revision`` (e.g. "0001", or "base") in one transaction."""
    _migrate(engine, lambda config: command.downgrade(config, revision))


def _migrate(engine: Engine, run: Callable[[Config], None]) -> None:
    """Migrate under the write lock: of two processes opening a new database at once, the second waits for
    the first and then finds the tables made (SQLite's DDL runs inside the locked transaction too)."""
    with engine.connect() as connection, _sqlite_foreign_keys_off(connection), connection.begin():
        take_write_lock(connection)
        run(alembic_config(connection))


@contextmanager
def _sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite changes a table by rebuilding it (create a copy, drop, rename), and dropping a table other rows
    point at fails while foreign keys are checked. The switch only works outside a transaction, so it is made
    before the migration's transaction begins and undone after it ends; the copy keeps every row's id."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
    connection.commit()
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys = ON")
        connection.commit()
