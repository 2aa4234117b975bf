"""Fixtures shared by the whole suite: a PostgreSQL database in a throwaway schema."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

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
