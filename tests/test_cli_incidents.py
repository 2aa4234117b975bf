"""`kharita events --incidents`, `kharita events show`, `kharita events split` and `kharita dedup` on a database
filled through the library with reports written for these tests (no spaCy needed)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kharita.cli import cli
from kharita.models import Actor, Article, Event, Evidence, Extraction, Location
from kharita.store import open_store

TUESDAY = date(2024, 5, 7)
KANO = Location("Kano", "Kano", "Kano Municipal", "Nigeria", "NG", 12.0001, 8.5167, 1)
CIVILIANS = Actor("Civilians (Nigeria)", "Civilians", "Nigeria", id="civilians-nigeria")
TEXTS = {
    "a1": (TUESDAY, 4, ("Gunmen on motorcycles attacked worshippers leaving the Sabon Gari mosque in Kano on Tuesday, "
                       "killing four people, police said.")),
    "a2": (date(2024, 5, 8), 7, ("The number of worshippers killed in Tuesday's attack outside the Sabon Gari mosque "
                                "in Kano has risen to seven, hospital staff said.")),
}


def extraction(article_id: str) -> Extraction:
    published, killed, body = TEXTS[article_id]
    event = Event(f"ev-{article_id}", article_id, TUESDAY, "day", "Violence against civilians", "Attack", None,
                  CIVILIANS, location=KANO, fatalities=killed, evidence=(Evidence(0, len(body), body),),
                  confidence=0.8, country="Nigeria", country_code="NG")
    return Extraction(Article(article_id, body, title=f"Kano report {article_id}", published_at=published,
                              source="Test Wire"), (event,))


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    with open_store(url) as store:
        store.save([extraction("a1")])
        store.save([extraction("a2")])
    return url


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def incidents(db: str) -> list[dict[str, object]]:
    result = invoke("events", "--db", db, "--incidents", "--format", "json")
    assert result.exit_code == 0, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def test_events_still_lists_reported_events(db: str) -> None:
    result = invoke("events", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert sorted(e["event_id"] for e in json.loads(result.stdout)) == ["ev-a1", "ev-a2"]


def test_incidents_one_row_per_incident(db: str) -> None:
    [incident] = incidents(db)
    assert (incident["n_sources"], incident["fatalities"], incident["fatalities_low"]) == (2, 7, 4)
    table = invoke("events", "--db", db, "--incidents").stdout
    assert "1 incident(s)" in table and "7 (4-7)" in table
    csv_out = invoke("events", "--db", db, "--incidents", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("incident_id,event_date,event_type")


def test_show_lists_sources_and_why(db: str) -> None:
    [incident] = incidents(db)
    for key in (str(incident["incident_id"]), "ev-a2"):
        result = invoke("events", "show", key, "--db", db)
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert f"Incident {incident['incident_id']}" in out and "Sources (2):" in out
        assert "evidence [0:" in out and "Sabon Gari mosque" in out
        assert "why: best match with event" in out and "text +" in out and "merge: event ev-a2" in out
    detail = json.loads(invoke("events", "--db", db, "show", "ev-a1", "--format", "json").stdout)
    assert [s["event"]["event_id"] for s in detail["sources"]] == ["ev-a1", "ev-a2"]


def test_show_unknown_id_says_what_to_do(db: str) -> None:
    result = CliRunner().invoke(cli, ["events", "show", "nope", "--db", db])
    assert result.exit_code == 2 and "kharita events --incidents" in result.output


def test_split_then_history_and_rebuild(db: str) -> None:
    [incident] = incidents(db)
    result = invoke("events", "split", str(incident["incident_id"]), "--event", "ev-a2", "--db", db)
    assert result.exit_code == 0, result.output
    assert "event ev-a2 detached" in result.stdout
    assert sorted(i["n_sources"] for i in incidents(db)) == [1, 1]  # type: ignore[type-var]
    history = invoke("events", "show", "ev-a2", "--db", db).stdout
    assert "split: event ev-a2 detached" in history
    rebuilt = CliRunner().invoke(cli, ["dedup", "--rebuild", "--db", db])
    assert rebuilt.exit_code == 0 and "incident(s) rebuilt" in rebuilt.output
    assert sorted(i["n_sources"] for i in incidents(db)) == [1, 1]  # type: ignore[type-var]


@pytest.mark.parametrize("command", [["events", "show"], ["events", "split"], ["dedup"]])
def test_help_has_example(command: list[str]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0 and "Example" in result.stdout
