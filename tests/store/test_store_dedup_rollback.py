"""Re-saving an article adds nothing; a failing batch leaves no trace."""

from __future__ import annotations

import pytest
from store_records import aggregate, article, count_rows, extraction, full_event, minimal_event

from kharita.errors import StoreError
from kharita.models import Extraction, Failure
from kharita.store import SaveSummary, Store, save


def test_resaving_same_article_adds_nothing(store: Store) -> None:
    batch = [extraction(1, full_event("e1", "a1"), aggregates=(aggregate("g1", "a1"),))]
    store.save(batch)
    again = store.save(batch)
    assert again == SaveSummary(articles_skipped=1)
    assert store.articles_count() == 1
    assert len(store.events()) == 1
    assert len(store.aggregates()) == 1


def test_same_content_twice_in_one_batch_is_skipped_once(store: Store) -> None:
    twin = Extraction(article=article(1), events=(full_event("e2", "a1"),))
    summary = store.save([extraction(1, full_event("e1", "a1")), twin])
    assert (summary.articles_added, summary.articles_skipped, summary.events_added) == (1, 1, 1)
    assert [e.event_id for e in store.events()] == ["e1"]


def test_has_article(store: Store) -> None:
    assert not store.has_article(article(1).content_hash)
    store.save([extraction(1)])
    assert store.has_article(article(1).content_hash)
    assert not store.has_article(article(2).content_hash)


def _assert_only_first_batch(store: Store) -> None:
    assert store.articles_count() == 1
    assert [e.event_id for e in store.events()] == ["e1"]
    assert store.aggregates() == []
    assert store.failures() == []
    assert not store.has_article(article(2).content_hash)
    for name, expected in (("actors", 2), ("locations", 1), ("evidence", 3), ("event_assoc_actors", 4)):
        assert count_rows(store, name) == expected


def test_duplicate_event_id_rolls_back_whole_batch(store: Store) -> None:
    store.save([extraction(1, full_event("e1", "a1"))])
    bad = [
        extraction(2, minimal_event("e2", "a2"), aggregates=(aggregate("g2", "a2"),)),
        extraction(3, full_event("e1", "a3", location=None, actor1=None)),
    ]
    with pytest.raises(StoreError, match="nothing from it was written"):
        store.save(bad, [Failure("a4", "parse", "boom")])
    _assert_only_first_batch(store)


def test_unexpected_error_mid_batch_rolls_back(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save([extraction(1, full_event("e1", "a1"))])

    def explode(failure: Failure, at: object) -> object:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(save.failure_rows.convert, "failure_values", explode)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save(
            [extraction(2, minimal_event("e2", "a2"), aggregates=(aggregate("g2", "a2"),))],
            [Failure("a4", "parse", "boom")],
        )
    _assert_only_first_batch(store)


def test_failures_recorded_in_order(store: Store) -> None:
    first = [Failure("a1", "ingest", "InputError: empty text", "in.jsonl"), Failure("a2", "dates", "x")]
    store.save([], first)
    store.save([extraction(5)], [Failure("a3", "geocode", "KeyError: 'XX'")])
    assert store.failures() == [*first, Failure("a3", "geocode", "KeyError: 'XX'")]


def test_event_of_unknown_article_is_rejected(store: Store) -> None:
    orphan = extraction(1, full_event("e1", "no-such-article"))
    with pytest.raises(StoreError, match="article is missing"):
        store.save([orphan])
    assert store.articles_count() == 0
