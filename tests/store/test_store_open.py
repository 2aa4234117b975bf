"""Opening stores: URLs, errors with advice, SQLite pragmas, lifecycle, migrations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from kharita.errors import StoreError
from kharita.store import Store, open_store
from kharita.store.engine import parse_url
from kharita.store.migrate import alembic_config
from kharita.store.schema import Base


def test_migrated_schema_matches_orm_metadata(db_url: str) -> None:
    open_store(db_url).close()
    engine = create_engine(parse_url(db_url))
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        version = conn.scalar(text("SELECT version_num FROM alembic_version"))
    engine.dispose()
    assert diffs == []
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_reopen_is_idempotent(db_url: str) -> None:
    open_store(db_url).close()
    with open_store(db_url) as store:
        assert store.articles_count() == 0


def test_sqlite_wal_and_foreign_keys(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store, store._live_engine().connect() as conn:
        assert conn.scalar(text("PRAGMA journal_mode")) == "wal"
        assert conn.scalar(text("PRAGMA foreign_keys")) == 1


def test_sqlite_in_memory() -> None:
    with open_store("sqlite://") as store:
        assert store.articles_count() == 0
        assert set(inspect(store._live_engine()).get_table_names()) >= {"events", "alembic_version"}


def test_import_opens_nothing(tmp_path: Path) -> None:
    code = "import kharita.store, kharita.store.store, kharita.store.schema"
    src = str(Path(__file__).resolve().parents[2] / "src")
    subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, check=True, env={"PYTHONPATH": src, "PATH": ""}
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["postgresql://u@h/db", "postgres://u@h/db", "postgresql+psycopg://u@h/db"])
def test_postgres_urls_use_psycopg(url: str) -> None:
    assert parse_url(url).drivername == "postgresql+psycopg"


@pytest.mark.parametrize(
    ("url", "advice"),
    [
        ("not a url", "sqlite:///kharita.db"),
        ("mysql://u@h/db", "unsupported database"),
        ("sqlite:////nonexistent-dir/sub/k.db", "does not exist"),
    ],
)
def test_bad_urls_explain_what_to_do(url: str, advice: str) -> None:
    with pytest.raises(StoreError, match=advice):
        open_store(url)


def test_unreachable_postgres_explains() -> None:
    with pytest.raises(StoreError, match="server is running"):
        open_store("postgresql://nobody@127.0.0.1:1/none")


def test_unwritable_sqlite_file(tmp_path: Path) -> None:
    target = tmp_path / "dir.db"
    target.mkdir()  # a directory where the database file should be
    with pytest.raises(StoreError, match="writable"):
        open_store(f"sqlite:///{target}")


def test_closed_store_refuses_work(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        pass
    with pytest.raises(StoreError, match="closed"):
        store.events()
    store.close()  # closing twice is fine


def test_downgrade_and_upgrade_again(sqlite_url: str) -> None:
    from alembic import command

    store: Store = open_store(sqlite_url)
    with store._live_engine().begin() as conn:
        command.downgrade(alembic_config(conn), "base")
        assert set(inspect(conn).get_table_names()) == {"alembic_version"}
    store.close()
    with open_store(sqlite_url) as reopened:
        assert reopened.events() == []
