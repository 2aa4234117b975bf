"""Writing through the API: who may (token, constant-time compared; private reads), verify/reject/correct with
every edit in the history, edits that outlast recomputed incidents, and ingesting an article."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient

from dashboard_records import AUTH, KANO, TOKEN, kano
from kharita.errors import InputError
from kharita.models import Article, Event, Evidence, Extraction
from kharita.store import open_store


def kano_id(client: TestClient) -> str:
    return str(client.get("/api/events", params={"sub_event_type": "Attack"}).json()["items"][0]["id"])


def test_writes_need_the_token(client: TestClient) -> None:
    incident = kano_id(client)
    missing = client.patch(f"/api/events/{incident}", json={"review_status": "verified"})
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = client.patch(f"/api/events/{incident}", json={"review_status": "verified"},
                         headers={"Authorization": "Bearer " + TOKEN[:-1] + "x"})
    assert wrong.status_code == 401 and "invalid_token" in wrong.headers["www-authenticate"]
    basic = client.patch(f"/api/events/{incident}", json={"review_status": "verified"},
                         headers={"Authorization": "Basic " + TOKEN})
    assert basic.status_code == 401
    assert client.get(f"/api/events/{incident}").json()["incident"]["review_status"] == "unreviewed"


def test_writes_are_refused_without_a_configured_token(make_client: Callable[..., TestClient]) -> None:
    client = make_client(token=None)
    response = client.patch(f"/api/events/{kano_id(client)}", json={"review_status": "verified"}, headers=AUTH)
    assert response.status_code == 403 and "--token" in response.json()["error"]["message"]
    assert client.post("/api/articles", json={"text": "x"}, headers=AUTH).status_code == 403
    assert client.get("/api/config").json()["writes_enabled"] is False


def test_private_reads_need_the_token(make_client: Callable[..., TestClient]) -> None:
    client = make_client(public_reads=False)
    for path in ("/api/events", "/api/events/ev-bannu", "/api/reports", "/api/events.csv", "/api/actors",
                 "/api/places", "/api/stats/timeseries"):
        assert client.get(path).status_code == 401, path
        assert client.get(path, headers=AUTH).status_code == 200, path
    assert client.get("/api/config").json()["public_reads"] is False  # the dashboard learns it must ask
    assert client.get("/").status_code == 200


def test_private_reads_without_a_token_is_a_mistake(db_url: str) -> None:
    from kharita.api import create_app

    with pytest.raises(InputError, match="private reads need a token"):
        create_app(db_url, public_reads=False)


def test_verify_is_stored_with_before_and_after(client: TestClient) -> None:
    incident = kano_id(client)
    response = client.patch(f"/api/events/{incident}", json={"review_status": "verified", "comment": "two wires"},
                            headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["incident"]["review_status"] == "verified"
    assert body["edit"]["changes"] == [{"field": "review_status", "before": "unreviewed", "after": "verified"}]
    history = client.get(f"/api/events/{incident}").json()["history"]
    assert [h["action"] for h in history] == ["merge", "edit"]
    assert history[-1]["comment"] == "two wires" and history[-1]["author"] == "api"
    again = client.patch(f"/api/events/{incident}", json={"review_status": "verified"}, headers=AUTH).json()
    assert again["edit"] is None  # nothing changed, nothing logged
    assert len(client.get(f"/api/events/{incident}").json()["history"]) == 2


def test_rejected_incidents_leave_the_default_lists(client: TestClient) -> None:
    client.patch("/api/events/ev-bannu", json={"review_status": "rejected"}, headers=AUTH)
    assert client.get("/api/events").json()["total"] == 4
    assert client.get("/api/events", params={"status": "rejected"}).json()["items"][0]["event_ids"] == ["ev-bannu"]
    assert client.get("/api/events", params={"status": "all"}).json()["total"] == 5
    assert client.get("/api/events.geojson").json()["features"].__len__() == 4
    assert client.get("/api/reports").json()["total"] == 6  # reported events stay, whatever their incident


def test_corrections(client: TestClient) -> None:
    incident = kano_id(client)
    body = {"sub_event_type": "Armed clash", "event_date": "2024-05-06", "fatalities": 9}
    changed = client.patch(f"/api/events/{incident}", json=body, headers=AUTH).json()
    assert changed["incident"]["event_type"] == "Battles" and changed["incident"]["sub_event_type"] == "Armed clash"
    assert (changed["incident"]["fatalities"], changed["incident"]["fatalities_low"],
            changed["incident"]["fatalities_high"]) == (9, 4, 9)
    fields = {c["field"]: (c["before"], c["after"]) for c in changed["edit"]["changes"]}
    assert fields == {"event_date": ("2024-05-07", "2024-05-06"), "sub_event_type": ("Attack", "Armed clash"),
                      "event_type": ("Violence against civilians", "Battles"), "fatalities": (7, 9)}
    mismatch = client.patch(f"/api/events/{incident}", json={"event_type": "Protests"}, headers=AUTH)
    assert mismatch.status_code == 422 and "does not go with" in mismatch.json()["error"]["message"]
    unknown = client.patch(f"/api/events/{incident}", json={"sub_event_type": "Picnic"}, headers=AUTH)
    assert unknown.status_code == 422
    empty = client.patch(f"/api/events/{incident}", json={}, headers=AUTH)
    assert empty.status_code == 422 and "nothing to change" in empty.json()["error"]["message"]
    extra = client.patch(f"/api/events/{incident}", json={"fatalities": 1, "actor1": "x"}, headers=AUTH)
    assert extra.status_code == 422
    assert client.patch("/api/events/inc-nope", json={"fatalities": 1}, headers=AUTH).status_code == 404


def test_reviews_outlast_recomputed_incidents(client: TestClient, db_url: str) -> None:
    incident = kano_id(client)
    client.patch(f"/api/events/{incident}", json={"review_status": "verified", "fatalities": 6}, headers=AUTH)
    later = Article("kano-3", "Police in Kano said on Thursday that nine people died in Tuesday's attack outside "
                    "the Sabon Gari mosque.", title="Kano toll", published_at=date(2024, 5, 9), source="Other Wire")
    event = Event("ev-kano-3", "kano-3", date(2024, 5, 7), "day", "Violence against civilians", "Attack", None,
                  kano("kano-1").events[0].actor2, location=KANO, fatalities=9, confidence=0.8, country="Nigeria",
                  country_code="NG", evidence=(Evidence(0, 20, later.text[:20]),))
    with open_store(db_url) as store:
        store.save([Extraction(later, (event,))])
        store.dedup(rebuild=True)
    found = client.get("/api/events/ev-kano-1").json()["incident"]
    assert found["n_sources"] == 3
    assert (found["review_status"], found["fatalities"]) == ("verified", 6)
    assert [h["action"] for h in client.get("/api/events/ev-kano-1").json()["history"]][-1] in ("edit", "merge")


def test_ingest_an_article(make_client: Callable[..., TestClient]) -> None:
    client = make_client(model="sm")
    text = ("QUETTA, Pakistan, May 20, 2024 — Gunmen shot dead three policemen at a checkpoint in Quetta on "
            "Sunday, officials said.")
    response = client.post("/api/articles", json={"text": text, "title": "Quetta attack", "source": "Test"},
                           headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["stored"] and body["events"] >= 1 and body["incident_ids"]
    incident = client.get(f"/api/events/{body['incident_ids'][0]}").json()
    assert incident["sources"][0]["article"]["title"] == "Quetta attack"
    assert incident["incident"]["country_code"] == "PK"
    again = client.post("/api/articles", json={"text": text}, headers=AUTH)
    assert again.status_code == 200 and again.json()["stored"] is False
    blank = client.post("/api/articles", json={"text": "   "}, headers=AUTH)
    assert blank.status_code == 422 and blank.json()["error"]["code"] == "validation_error"
