"""A database's schema revision, and upgrading it: `kharita db current` and `kharita db upgrade`.

Opening a store (``open_store``) upgrades the database too; these do it on their own, ahead of time.
"""

from __future__ import annotations

from dataclasses import dataclass

from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from kharita.errors import StoreError
from kharita.store.engine import check_sqlite_exists, check_sqlite_path, make_engine, parse_url
from kharita.store.migrate import current_revision, head_revision, is_known_revision, upgrade
from kharita.store.store import _open_advice


@dataclass(frozen=True)
class SchemaVersion:
    """``current``: the database's revision (None: no kharita tables yet); ``head``: the latest this kharita
    ships; ``url``: the database, password hidden."""

    url: str
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def newer_than_kharita(self) -> bool:
        """Migrated by a newer kharita: this one does not know the revision."""
        return self.current is not None and not is_known_revision(self.current)


def schema_version(url: str) -> SchemaVersion:
    """The revision of the database at ``url``, which must exist (a missing SQLite file is a StoreError)."""
    parsed = parse_url(url)
    check_sqlite_exists(parsed)
    engine = make_engine(parsed)
    try:
        current = current_revision(engine)
    except SQLAlchemyError as exc:
        raise StoreError(_open_advice(parsed, exc)) from exc
    finally:
        engine.dispose()
    return SchemaVersion(parsed.render_as_string(hide_password=True), current, head_revision())


def upgrade_database(url: str) -> tuple[SchemaVersion, SchemaVersion]:
    """Apply the migrations the database at ``url`` lacks (a new database gets every table); returns its
    version before and after."""
    parsed = parse_url(url)
    check_sqlite_path(parsed)
    engine = make_engine(parsed)
    try:
        before = current_revision(engine)
        upgrade(engine)
        after = current_revision(engine)
    except (SQLAlchemyError, CommandError) as exc:
        raise StoreError(_open_advice(parsed, exc)) from exc
    finally:
        engine.dispose()
    shown, head = parsed.render_as_string(hide_password=True), head_revision()
    return SchemaVersion(shown, before, head), SchemaVersion(shown, after, head)
