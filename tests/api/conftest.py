"""Fixtures for the API tests: a copy of a small database (tests/dashboard_records.py) and in-process clients."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dashboard_records import TOKEN, fill
from kharita.api import create_app


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "template.db"
    fill(f"sqlite:///{path}")
    return path


@pytest.fixture
def db_url(template_db: Path, tmp_path: Path) -> str:
    copy = tmp_path / "kharita.db"
    shutil.copy(template_db, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def make_client(db_url: str) -> Iterator[Callable[..., TestClient]]:
    """Clients over the test database; keyword arguments go to create_app (token defaults to TOKEN)."""
    opened: list[TestClient] = []

    def make(**options: object) -> TestClient:
        options.setdefault("token", TOKEN)
        app: FastAPI = create_app(db_url, **options)  # type: ignore[arg-type]
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()
