"""Fixtures for kharita.store tests: SQLite in tmp_path, PostgreSQL in a throwaway schema."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:
    import kharita.models  # noqa: F401
except ImportError:  # the package is not installed: test the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from kharita.store import Store, open_store

PG_URL = os.environ.get("KHARITA_TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")


def _pg_admin_connection() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        pytest.skip(f"psycopg is not installed ({exc}); pip install 'kharita[postgres]'")
    conninfo = PG_URL.replace("postgresql+psycopg://", "postgresql://", 1)
    try:
        return psycopg.connect(conninfo, connect_timeout=3, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL at {conninfo} is unreachable: {exc}")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL whose search_path is a fresh, empty schema; the schema is dropped afterwards."""
    admin = _pg_admin_connection()
    schema = f"kharita_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kharita.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened
