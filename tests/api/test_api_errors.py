"""Every error has one JSON shape, and every response the headers that keep article text from running as script."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from dashboard_records import AUTH
from kharita.errors import StoreError
from kharita.store import Store


def assert_error(response: Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert (error["status"], error["code"]) == (status, code)
    assert isinstance(error["message"], str) and error["message"]
    assert "content-security-policy" in response.headers
    return error


def test_not_found(client: TestClient) -> None:
    assert_error(client.get("/api/events/inc-000000000000"), 404, "not_found")
    assert_error(client.get("/api/nothing"), 404, "not_found")
    assert_error(client.get("/static/missing.js"), 404, "not_found")


def test_method_not_allowed(client: TestClient) -> None:
    assert_error(client.delete("/api/events"), 405, "method_not_allowed")


def test_validation_errors_name_the_parameter(client: TestClient) -> None:
    error = assert_error(client.get("/api/events", params={"limit": 0}), 422, "validation_error")
    assert error["details"][0]["location"] == ["query", "limit"]
    assert_error(client.get("/api/events", params={"since": "yesterday"}), 422, "validation_error")
    assert_error(client.get("/api/events", params={"sort": "random"}), 422, "validation_error")
    bbox = assert_error(client.get("/api/events", params={"bbox": "1,2,3"}), 422, "validation_error")
    assert bbox["details"][0]["location"] == ["query", "bbox"]
    assert_error(client.get("/api/events", params={"bbox": "0,10,5,nan"}), 422, "validation_error")
    assert_error(client.get("/api/events", params={"q": "a\x00b"}), 422, "validation_error")
    body = assert_error(client.patch("/api/events/ev-bannu", content=b"{not json", headers=AUTH), 422,
                        "validation_error")
    assert body["details"]


def test_unreadable_body(client: TestClient) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    error = assert_error(client.patch("/api/events/ev-bannu", content=b"\xff\xfe\x08", headers=headers), 400,
                         "bad_request")
    assert "UTF-8" in error["message"]


def test_auth_errors(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    assert_error(client.patch("/api/events/ev-bannu", json={"fatalities": 1}), 401, "unauthorized")
    assert_error(make_client(token=None).patch("/api/events/ev-bannu", json={"fatalities": 1}, headers=AUTH),
                 403, "forbidden")


def test_unexpected_errors_do_not_leak(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Store, "search_incidents", broken)
    error = assert_error(client.get("/api/events"), 500, "internal_error")
    assert "secret" not in error["message"]


def test_database_errors_are_503(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def down(*_args: object, **_kwargs: object) -> None:
        raise StoreError("could not read events: connection refused. Check the database is reachable.")

    monkeypatch.setattr(Store, "places", down)
    error = assert_error(client.get("/api/places"), 503, "unavailable")
    assert "reachable" in error["message"]


def test_content_security_policy_allows_no_inline_script(client: TestClient) -> None:
    for path in ("/", "/docs", "/api/events", "/static/app.js"):
        policy = client.get(path).headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", path
        assert "unsafe" not in policy and "frame-ancestors 'none'" in policy
        assert "https://tile.openstreetmap.org" in directives["img-src"]


def test_tile_server_is_allowed_for_images(make_client: Callable[..., TestClient]) -> None:
    client = make_client(tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://*.tiles.example.org;" in client.get("/").headers["content-security-policy"]
    offline = make_client(tile_url=None)
    assert offline.get("/api/config").json()["tile_url"] is None
    assert "img-src 'self' data:;" in offline.get("/").headers["content-security-policy"]
