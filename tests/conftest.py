"""Fixtures shared by the whole suite: a PostgreSQL database in a throwaway schema.

Without PostgreSQL the tests that need it are skipped, unless KHARITA_REQUIRE_POSTGRES=1 (set by .ci/run):
then they fail, so that CI never passes without having run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any, NoReturn

import pytest

PG_URL = os.environ.get("KHARITA_TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("KHARITA_REQUIRE_POSTGRES") == "1"


def _no_postgres(reason: str) -> NoReturn:
    if REQUIRE_POSTGRES:
        pytest.fail(f"{reason}; KHARITA_REQUIRE_POSTGRES=1 says PostgreSQL must be there (start it, e.g. "
                    "`pg_ctlcluster 15 main start`, or unset the variable to skip these tests)", pytrace=False)
    pytest.skip(reason)


def _pg_admin_connection() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        _no_postgres(f"psycopg is not installed ({exc}); pip install 'kharita[postgres]'")
    conninfo = PG_URL.replace("postgresql+psycopg://", "postgresql://", 1)
    try:
        return psycopg.connect(conninfo, connect_timeout=3, autocommit=True)
    except psycopg.OperationalError as exc:
        _no_postgres(f"PostgreSQL at {conninfo} is unreachable: {exc}")


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
