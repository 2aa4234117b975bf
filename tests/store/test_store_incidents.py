"""Incidents in the store: merged on save, reconciled tolls, merge log, split, rebuild, order independence.

Runs on SQLite and PostgreSQL (the ``store`` / ``db_url`` fixtures). The reports are written for these tests.
"""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from kharita.errors import StoreError
from kharita.models import Actor, Article, Event, Evidence, Extraction, Location
from kharita.store import Store, open_store
from kharita.store.incidents import dedup_unassigned

TUESDAY = date(2024, 5, 7)
PESHAWAR = Location("Peshawar", "Khyber Pakhtunkhwa", "Peshawar District", "Pakistan", "PK", 34.008, 71.578, 1)
CIVILIANS = Actor("Civilians (Pakistan)", "Civilians", "Pakistan", id="civilians-pakistan")
POLICE = Actor("Police Forces of Pakistan (2022-2024)", "State forces", "Pakistan", id="police-pakistan")

REPORTS = {  # article id: (published, killed, text)
    "wire-1": (TUESDAY, 6, ("A bomb hidden in a vegetable cart exploded in Peshawar's Kissa Khwani bazaar on Tuesday, "
                          "killing six shoppers and wounding 20, police said.")),
    "paper-2": (date(2024, 5, 8), 11, ("The toll from Tuesday's cart bomb in the crowded Kissa Khwani bazaar of "
                                      "Peshawar has risen to eleven after five wounded shoppers died in hospital.")),
    "radio-3": (date(2024, 5, 8), 0, ("Traders kept their shops in Kissa Khwani shut on Wednesday to mourn the "
                                     "people killed when an explosive-laden vegetable cart blew up in the bazaar.")),
}
CHECKPOINT = ("wire-9", ("Gunmen on a motorbike shot dead two policemen at a checkpoint in Peshawar's Hayatabad "
                        "suburb on Tuesday evening and escaped, officers said."))


def bombing(article_id: str) -> Extraction:
    published, killed, body = REPORTS[article_id]
    article = Article(article_id, body, title=f"Report {article_id}", published_at=published, source=article_id)
    event = Event(f"ev-{article_id}", article_id, TUESDAY, "day", "Explosions/Remote violence",
                  "Remote explosive/landmine/IED", None, CIVILIANS, location=PESHAWAR, fatalities=killed,
                  evidence=(Evidence(0, len(body), body),), confidence=0.8, country="Pakistan", country_code="PK")
    return Extraction(article, (event,))


def checkpoint() -> Extraction:
    article_id, body = CHECKPOINT
    article = Article(article_id, body, title="Two policemen shot dead", published_at=TUESDAY, source="wire")
    event = Event(f"ev-{article_id}", article_id, TUESDAY, "day", "Battles", "Armed clash", None, POLICE,
                  location=PESHAWAR, fatalities=2, evidence=(Evidence(0, len(body), body),), confidence=0.8,
                  country="Pakistan", country_code="PK")
    return Extraction(article, (event,))


def members(store: Store) -> list[list[str]]:
    return sorted(sorted(i.event_ids) for i in store.incidents())


def test_reports_of_one_incident_merge_on_save(store: Store) -> None:
    store.save([bombing("wire-1"), checkpoint()])
    store.save([bombing("paper-2"), bombing("radio-3")])
    assert members(store) == [["ev-paper-2", "ev-radio-3", "ev-wire-1"], ["ev-wire-9"]]
    merged = next(i for i in store.incidents() if i.n_sources == 3)
    assert (merged.fatalities, merged.fatalities_low, merged.fatalities_high) == (11, 6, 11)
    assert merged.event_ids[0] == "ev-wire-1" and merged.location == PESHAWAR
    assert merged.sub_event_type == "Remote explosive/landmine/IED"


def test_a_later_report_raises_the_toll(store: Store) -> None:
    store.save([bombing("wire-1")])
    assert [i.fatalities for i in store.incidents()] == [6]
    store.save([bombing("paper-2")])
    assert [(i.fatalities, i.n_sources) for i in store.incidents()] == [(11, 2)]


def test_show_lists_sources_evidence_and_why(store: Store) -> None:
    store.save([bombing("wire-1"), bombing("paper-2")])
    detail = store.incident("ev-paper-2")
    assert detail is not None and detail.incident.n_sources == 2
    assert [s.event.article_id for s in detail.sources] == ["wire-1", "paper-2"]
    assert detail.sources[0].event.evidence[0].text.startswith("A bomb hidden")
    link = detail.sources[1].link
    assert link is not None and link.score >= 0.5 and link.other("ev-paper-2") == "ev-wire-1"
    assert [(h.action, h.event_id) for h in detail.history] == [("merge", "ev-wire-1"), ("merge", "ev-paper-2")]
    assert store.incident(detail.incident.incident_id) == detail
    assert store.incident("no-such-id") is None


def test_split_detaches_an_event_and_survives_a_rebuild(store: Store) -> None:
    store.save([bombing("wire-1"), bombing("paper-2"), bombing("radio-3")])
    incident = store.incidents()[0].incident_id
    now_in = store.split(incident, "ev-radio-3")
    assert members(store) == [["ev-paper-2", "ev-wire-1"], ["ev-radio-3"]]
    assert now_in != incident and store.incident(now_in).incident.event_ids == ("ev-radio-3",)  # type: ignore[union-attr]
    history = store.incident(incident).history  # type: ignore[union-attr]
    split = [h for h in history if h.action == "split"]
    assert [(h.event_id, sorted(h.reasons["apart_from"])) for h in split] == [("ev-radio-3",
                                                                               ["ev-paper-2", "ev-wire-1"])]
    store.dedup(rebuild=True)
    assert members(store) == [["ev-paper-2", "ev-wire-1"], ["ev-radio-3"]]


def test_split_errors_say_what_to_do(store: Store) -> None:
    store.save([bombing("wire-1"), checkpoint()])
    lone = store.incident("ev-wire-9").incident.incident_id  # type: ignore[union-attr]
    with pytest.raises(StoreError, match="kharita events show"):
        store.split(lone, "ev-wire-1")
    with pytest.raises(StoreError, match="nothing to split"):
        store.split(lone, "ev-wire-9")


def test_any_ingest_order_gives_the_rebuilt_incidents(db_url: str) -> None:
    batches = [bombing("radio-3"), checkpoint(), bombing("paper-2"), bombing("wire-1")]
    random.Random(7).shuffle(batches)
    with open_store(db_url) as store:
        for batch in batches:
            store.save([batch])
        incremental = {(i.incident_id, i.event_ids, i.fatalities) for i in store.incidents()}
        store.dedup(rebuild=True)
        assert {(i.incident_id, i.event_ids, i.fatalities) for i in store.incidents()} == incremental
    with open_store("sqlite://") as other:
        other.save(list(reversed(batches)))
        assert {(i.incident_id, i.event_ids, i.fatalities) for i in other.incidents()} == incremental


def test_dedup_gives_incidents_to_events_stored_before(store: Store) -> None:
    store.save([bombing("wire-1"), bombing("paper-2")])
    with store._live_engine().begin() as conn:
        for table in ("incident_events", "merge_log", "incidents"):
            conn.execute(text(f"DELETE FROM {table}"))
    assert store.incidents() == []
    summary = store.dedup()
    assert (summary.events, summary.incidents) == (2, 1)
    assert members(store) == [["ev-paper-2", "ev-wire-1"]]


def test_saved_without_dedup_then_deduplicated_a_few_at_a_time_as_a_rebuild(store: Store) -> None:
    store.save([bombing("wire-1"), checkpoint()], dedup=False)
    store.save([bombing("paper-2"), bombing("radio-3")], dedup=False)
    assert store.incidents() == []
    with Session(store._live_engine()) as session, session.begin():
        summary = dedup_unassigned(session, chunk=1)
    assert (summary.events, summary.incidents) == (4, 2)
    chunked = {(i.incident_id, i.event_ids, i.fatalities) for i in store.incidents()}
    store.dedup(rebuild=True)
    assert {(i.incident_id, i.event_ids, i.fatalities) for i in store.incidents()} == chunked
    assert members(store) == [["ev-paper-2", "ev-radio-3", "ev-wire-1"], ["ev-wire-9"]]


def test_incident_filters(store: Store) -> None:
    store.save([bombing("wire-1"), checkpoint()])
    assert len(store.incidents(country="pk")) == 2 and store.incidents(country="Nigeria") == []
    assert [i.sub_event_type for i in store.incidents(event_type="battles")] == ["Armed clash"]
    assert store.incidents(since=date(2024, 5, 8)) == [] and len(store.incidents(until=TUESDAY, limit=1)) == 1


def test_merge_log_reasons_are_json(store: Store) -> None:
    store.save([bombing("wire-1"), bombing("paper-2")])
    with store._live_engine().connect() as conn:
        rows = conn.execute(text("SELECT action, score, reasons FROM merge_log ORDER BY id")).all()
    assert [r[0] for r in rows] == ["merge", "merge"]
    assert all(json.loads(r[2])["components"] and r[1] >= 0.5 for r in rows)
