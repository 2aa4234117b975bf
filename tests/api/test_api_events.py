"""Reading through the API: incidents with filters, pages and sorting, reported events, one incident's sources and
evidence, actors, places, counts over time and the exports."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from dashboard_records import BANNU_TEXT, HOSTILE_TEXT, KANO_1
from kharita.export import ACLED_COLUMNS


def ids(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/api/events", params={"sort": "date", **params})
    assert response.status_code == 200, response.text
    return [item["sub_event_type"] + "@" + (item["location"] or {}).get("name", "-")
            if item["location"] else item["sub_event_type"] for item in response.json()["items"]]


def test_events_are_incidents_with_their_sources(client: TestClient) -> None:
    page = client.get("/api/events", params={"sort": "date"}).json()
    assert page["total"] == 5 and page["offset"] == 0 and page["limit"] == 100
    kano = next(i for i in page["items"] if i["sub_event_type"] == "Attack")
    assert kano["n_sources"] == 2 and kano["event_ids"] == ["ev-kano-1", "ev-kano-2"]
    assert (kano["fatalities"], kano["fatalities_low"], kano["fatalities_high"]) == (7, 4, 7)
    assert kano["actor1"]["name"] == "Unidentified Armed Group (Nigeria)"
    assert [s["article_id"] for s in kano["sources"]] == ["kano-1", "kano-2"]
    assert kano["review_status"] == "unreviewed"
    assert [i["event_date"] for i in page["items"]] == ["2024-02-13", "2024-03-09", "2024-04-02", "2024-05-07",
                                                      "2024-06-03"]


def test_filters(client: TestClient) -> None:
    assert ids(client, since="2024-03-01", until="2024-05-31") == [
        "Armed clash@Bannu", "Looting/property destruction", "Attack@Kano"]
    assert ids(client, country="ng") == ["Looting/property destruction", "Attack@Kano"]
    assert ids(client, country="Kenya") == ["Protest with intervention@Nairobi"]
    assert ids(client, admin1="khyber pakhtunkhwa") == ["Armed clash@Bannu"]
    assert len(ids(client, event_type="Battles")) == 2
    assert ids(client, event_type="protest with intervention") == ["Protest with intervention@Nairobi"]
    assert ids(client, sub_event_type="Attack") == ["Attack@Kano"]
    assert ids(client, actor="ttp") == ["Armed clash@Bannu"]
    assert ids(client, actor="police forces of kenya") == ["Protest with intervention@Nairobi"]
    assert ids(client, q="sabon gari") == ["Attack@Kano"]  # the article text, any case
    assert ids(client, q="100%_") == []  # LIKE wildcards are plain characters
    assert ids(client, bbox="60,20,80,40") == ["Armed clash@Bannu"]
    assert ids(client, country=" ", actor="") == ids(client)  # empty boxes of a form filter nothing


def test_bbox_across_the_antimeridian(client: TestClient) -> None:
    assert ids(client, bbox="170,-10,40,20") == ["Protest with intervention@Nairobi", "Attack@Kano"]


def test_pages_and_sorting(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 2, "sort": "-fatalities"}).json()
    second = client.get("/api/events", params={"limit": 2, "offset": 2, "sort": "-fatalities"}).json()
    assert first["total"] == second["total"] == 5
    assert [i["fatalities"] for i in first["items"] + second["items"]] == [8, 7, 2, 0]
    by_sources = client.get("/api/events", params={"sort": "-sources", "limit": 1}).json()
    assert by_sources["items"][0]["n_sources"] == 2


def test_reported_events_before_merging(client: TestClient) -> None:
    page = client.get("/api/reports", params={"country": "NG", "sort": "date"}).json()
    assert page["total"] == 3
    assert [e["event_id"] for e in page["items"]] == ["ev-unplaced", "ev-kano-1", "ev-kano-2"]
    assert page["items"][1]["incident_id"] == page["items"][2]["incident_id"]
    assert [e["fatalities"] for e in page["items"]] == [0, 4, 7]


def test_one_incident_with_sources_evidence_and_history(client: TestClient) -> None:
    kano_id = client.get("/api/events", params={"sub_event_type": "Attack"}).json()["items"][0]["id"]
    detail = client.get(f"/api/events/{kano_id}").json()
    assert detail["incident"]["id"] == kano_id
    first = detail["sources"][0]
    assert first["article"]["text"] == KANO_1 and first["article"]["source"] == "Test Wire"
    assert first["event"]["evidence"] == [{"start": 0, "end": len(KANO_1), "text": KANO_1}]
    assert detail["sources"][1]["link"]["score"] > 0.5 and detail["sources"][1]["link"]["summary"]
    assert [h["action"] for h in detail["history"]] == ["merge"]
    assert client.get("/api/events/ev-kano-2").json()["incident"]["id"] == kano_id  # an event id finds it too


def test_evidence_offsets_count_code_points(client: TestClient) -> None:
    detail = client.get("/api/events/ev-bannu").json()
    text = detail["sources"][0]["article"]["text"]
    assert text == BANNU_TEXT
    for span in detail["sources"][0]["event"]["evidence"]:
        assert text[span["start"]:span["end"]] == span["text"]


def test_hostile_text_is_returned_as_it_is(client: TestClient) -> None:
    detail = client.get("/api/events/ev-hostile").json()
    assert detail["sources"][0]["article"]["text"] == HOSTILE_TEXT
    assert detail["incident"]["actor1"]["name"].startswith("<img")


def test_actors_places_and_timeseries(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"search": "taliban"}).json()
    assert [(a["id"], a["events"], a["inter"]) for a in actors] == [("ttp", 1, 2)]
    places = client.get("/api/places", params={"country": "NG"}).json()
    assert [(p["location"]["name"], p["incidents"], p["fatalities"]) for p in places] == [("Kano", 1, 7)]
    monthly = client.get("/api/stats/timeseries", params={"interval": "month"}).json()
    assert monthly["series"][0]["key"] == "all" and monthly["series"][0]["events"] == 5
    assert [(p["period"], p["events"], p["fatalities"]) for p in monthly["series"][0]["points"]] == [
        ("2024-02-01", 1, 0), ("2024-03-01", 1, 8), ("2024-04-01", 1, 0), ("2024-05-01", 1, 7),
        ("2024-06-01", 1, 2)]
    weekly = client.get("/api/stats/timeseries", params={"interval": "week", "country": "NG"}).json()
    assert [p["period"] for p in weekly["series"][0]["points"]] == ["2024-04-01", "2024-05-06"]  # Mondays
    by_type = client.get("/api/stats/timeseries", params={"by": "event_type", "top": 2}).json()
    assert [(s["key"], s["events"]) for s in by_type["series"]] == [("Battles", 2), ("Protests", 1), ("other", 2)]
    by_actor = client.get("/api/stats/timeseries", params={"by": "actor", "since": "2024-03-01",
                                                            "until": "2024-03-31"}).json()
    assert [s["key"] for s in by_actor["series"]] == ["Military Forces of Pakistan (2024-)"]


def test_csv_export_has_acled_columns(client: TestClient) -> None:
    response = client.get("/api/events.csv", params={"country": "NG", "sort": "date"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0].keys())[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    kano = rows[1]
    assert kano["event_id_cnty"].startswith("inc-") and kano["sub_event_type"] == "Attack"
    assert (kano["fatalities"], kano["n_sources"], kano["event_ids"]) == ("7", "2", "ev-kano-1;ev-kano-2")
    assert kano["actor1"] == "Unidentified Armed Group (Nigeria)" and kano["source"] == "Test Wire"
    assert kano["latitude"] == "12.0001" and kano["country"] == "Nigeria"


def test_geojson_export(client: TestClient) -> None:
    response = client.get("/api/events.geojson", params={"sort": "date"})
    assert response.headers["content-type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert len(features) == 5
    assert features[1]["geometry"] == {"type": "Point", "coordinates": [70.6056, 32.9889]}
    assert features[1]["properties"]["actor2"] == "TTP: Tehrik-i-Taliban Pakistan"
    assert features[2]["geometry"] is None  # the report with no place


def test_config_and_basemap(client: TestClient) -> None:
    config = client.get("/api/config").json()
    assert config["writes_enabled"] and config["public_reads"]
    assert config["tile_url"].startswith("https://") and "Attack" in config["event_types"]["Violence against civilians"]
    world = client.get("/api/basemap.geojson").json()
    assert len(world["features"]) > 150


def test_dashboard_and_docs_are_served_locally(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text and "<script>" not in page.text
    for path in ("/static/app.js", "/static/app.css", "/vendor/leaflet/leaflet.js",
                 "/vendor/markercluster/leaflet.markercluster.js", "/vendor/swagger/swagger-ui-bundle.js", "/docs",
                 "/openapi.json"):
        assert client.get(path).status_code == 200, path
    assert "cdn" not in client.get("/docs").text.lower()
