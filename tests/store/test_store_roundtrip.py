"""Events and aggregates come back exactly as saved, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from store_records import (
    ARMY,
    KABUL,
    aggregate,
    count_rows,
    extraction,
    full_event,
    minimal_event,
)

from kharita.models import Actor, Evidence, Failure
from kharita.store import SaveSummary, Store


def test_full_event_round_trip(store: Store) -> None:
    event = full_event("e1", "a1")
    store.save([extraction(1, event)])
    assert store.events() == [event]


def test_minimal_event_round_trip(store: Store) -> None:
    event = minimal_event("e1", "a1")
    store.save([extraction(1, event)])
    assert store.events() == [event]


def test_aggregate_round_trip(store: Store) -> None:
    agg = aggregate("g1", "a1")
    summary = store.save([extraction(1, aggregates=(agg,))])
    assert summary == SaveSummary(articles_added=1, aggregates_added=1)
    assert store.aggregates() == [agg]
    assert store.aggregates(article_id="a1") == [agg]
    assert store.aggregates(article_id="a2") == []
    assert store.aggregates(country="ml") == [agg]
    assert store.events() == []


def test_summary_counts_everything(store: Store) -> None:
    failure = Failure(article_id="a9", stage="geocode", error="ValueError: boom", source="feed.jsonl")
    summary = store.save(
        [
            extraction(
                1, full_event("e1", "a1"), full_event("e2", "a1"), aggregates=(aggregate("g1", "a1"),)
            ),
            extraction(2, minimal_event("e3", "a2")),
        ],
        [failure],
    )
    assert summary == SaveSummary(
        articles_added=2, articles_skipped=0, events_added=3, aggregates_added=1, failures_recorded=1
    )
    assert store.articles_count() == 2
    assert store.failures() == [failure]


def test_actors_and_locations_are_shared(store: Store) -> None:
    same_location = full_event("e2", "a2", actor2=Actor("Taliban", "Rebel group", None))
    other_actor = full_event("e3", "a2", actor1=Actor(ARMY.name, ARMY.type, None), actor2=None)
    store.save([extraction(1, full_event("e1", "a1"))])
    store.save([extraction(2, same_location, other_actor)])
    assert count_rows(store, "actors") == 3
    assert count_rows(store, "locations") == 1
    assert [e.location for e in store.events()] == [KABUL] * 3


def test_evidence_and_assoc_order_preserved(store: Store) -> None:
    evidence = tuple(Evidence(i * 3, i * 3 + 2, f"span {i}") for i in (5, 1, 9, 0, 3))
    event = full_event("e1", "a1", evidence=evidence, assoc_actor_1=("z", "b", "a"), assoc_actor_2=("y",))
    store.save([extraction(1, event)])
    (back,) = store.events()
    assert back.evidence == evidence
    assert (back.assoc_actor_1, back.assoc_actor_2) == (("z", "b", "a"), ("y",))


def test_events_ordered_by_date_then_id(store: Store) -> None:
    events = [
        full_event("e3", "a1", event_date=date(2024, 1, 5)),
        minimal_event("e0", "a1"),
        full_event("e2", "a1", event_date=date(2024, 1, 1)),
        full_event("e1", "a1"),
    ]
    store.save([extraction(1, *events)])
    assert [e.event_id for e in store.events()] == ["e2", "e3", "e1", "e0"]
    assert [e.event_id for e in store.events(limit=2)] == ["e2", "e3"]
