"""Searching incidents and reviewing them in the store (what `kharita serve` calls), on SQLite and PostgreSQL;
migration 0007 (review status, incident_edits) on a database that already holds incidents."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect, text

from kharita.errors import InputError
from kharita.models import Article, Event, Evidence, Extraction, Location
from kharita.store import Store, open_store
from kharita.store.engine import make_engine, parse_url
from kharita.store.migrate import downgrade, upgrade
from kharita.store.queries import BBox, EventFilter
from kharita.store.reviews import IncidentChange

KANO = Location("Kano", "Kano", None, "Nigeria", "NG", 12.0001, 8.5167, 1)
SUVA = Location("Suva", "Central", None, "Fiji", "FJ", -18.1416, 178.4419, 1)
TEXT = "Gunmen attacked worshippers leaving the Sabon Gari mosque in Kano on Tuesday, killing {n} people."


def report(n: int, killed: int, published: date, *, where: Location = KANO, day: date = date(2024, 5, 7),
           sub_type: str = "Attack", event_type: str = "Violence against civilians") -> Extraction:
    body = TEXT.format(n=killed) + f" Report {n}."
    event = Event(f"e{n}", f"a{n}", day, "day", event_type, sub_type, None, None, location=where,
                  fatalities=killed, confidence=0.8, country=where.country, country_code=where.country_code,
                  evidence=(Evidence(0, 6, "Gunmen"),))
    return Extraction(Article(f"a{n}", body, title=f"Report {n}", published_at=published, source="Wire"), (event,))


@pytest.fixture
def filled(store: Store) -> Store:
    store.save([report(1, 4, date(2024, 5, 7))])
    store.save([report(2, 7, date(2024, 5, 8))])  # merges with the first
    store.save([report(3, 2, date(2024, 6, 2), where=SUVA, day=date(2024, 6, 1), sub_type="Armed clash",
                       event_type="Battles")])
    return store


def test_search_filters_pages_and_counts(filled: Store) -> None:
    page = filled.search_incidents(EventFilter(), sort="-fatalities")
    assert page.total == 2 and [i.incident.fatalities for i in page.items] == [7, 2]
    assert [s.event.event_id for s in page.items[0].sources] == ["e1", "e2"]
    assert filled.search_incidents(EventFilter(text="SUVA"), limit=10).total == 1  # its place name
    assert filled.search_incidents(EventFilter(text="report 2")).items[0].incident.n_sources == 2  # an article
    assert filled.search_incidents(EventFilter(bbox=BBox(170, -30, -170, 0))).total == 1  # across 180°
    assert filled.search_incidents(EventFilter(since=date(2024, 6, 1))).items[0].incident.country_code == "FJ"
    assert filled.search_reports(EventFilter(country="ng")).total == 2
    assert [(p.location.name, p.incidents, p.fatalities) for p in filled.places(EventFilter())] == [
        ("Kano", 1, 7), ("Suva", 1, 2)]
    [series] = filled.timeseries(EventFilter(), interval="month")
    assert [(p.period, p.events, p.fatalities) for p in series.points] == [(date(2024, 5, 1), 1, 7),
                                                                           (date(2024, 6, 1), 1, 2)]
    assert {s.key for s in filled.timeseries(EventFilter(), by="actor")} == {"unknown"}


def test_review_is_logged_and_outlasts_a_rebuild(filled: Store) -> None:
    incident, edit = filled.review("e1", IncidentChange(review_status="verified", fatalities=5), comment="ok",
                                   author="test")
    assert (incident.review_status, incident.fatalities, incident.fatalities_low) == ("verified", 5, 4)
    assert edit is not None and [(c.field, c.before, c.after) for c in edit.changes] == [
        ("review_status", "unreviewed", "verified"), ("fatalities", 7, 5)]
    filled.save([report(4, 9, date(2024, 5, 9))])  # a later report merges in: the toll would become 9
    filled.dedup(rebuild=True)
    found = filled.incident("e4")
    assert found is not None and found.incident.n_sources == 3
    assert (found.incident.review_status, found.incident.fatalities) == ("verified", 5)
    assert [e.comment for e in filled.edits("e4")] == ["ok"]


def test_rejected_incidents_are_left_out_unless_asked_for(filled: Store) -> None:
    filled.review("e3", IncidentChange(review_status="rejected"))
    assert filled.search_incidents(EventFilter()).total == 1
    assert filled.search_incidents(EventFilter(status="rejected")).items[0].incident.event_ids == ("e3",)
    assert filled.search_incidents(EventFilter(status="all")).total == 2


def test_bad_reviews_change_nothing(filled: Store) -> None:
    with pytest.raises(InputError, match="does not go with"):
        filled.review("e1", IncidentChange(event_type="Protests"))
    with pytest.raises(InputError, match="no incident"):
        filled.review("nope", IncidentChange(review_status="verified"))
    with pytest.raises(InputError, match="nothing to change"):
        filled.review("e1", IncidentChange())
    assert filled.edits("e1") == []


def test_migration_0007_on_stored_incidents(db_url: str) -> None:
    with open_store(db_url) as store:
        store.save([report(1, 4, date(2024, 5, 7))])
    engine = make_engine(parse_url(db_url))
    downgrade(engine, "0006")
    with engine.connect() as conn:
        assert "incident_edits" not in inspect(conn).get_table_names()
        assert conn.scalar(text("SELECT count(*) FROM incidents")) == 1
    upgrade(engine)
    engine.dispose()
    with open_store(db_url) as store:
        assert store.incidents()[0].review_status == "unreviewed"
        incident, _ = store.review("e1", IncidentChange(review_status="verified"))
        assert incident.review_status == "verified"
