"""Failures: one row per (article_id, stage) with its attempts; stored articles and inputs read again without
failing clear theirs; migration 0006 folds the duplicate rows older versions wrote."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from store_records import extraction

from kharita.models import Failure
from kharita.store import Store, open_store
from kharita.store.engine import make_engine, parse_url
from kharita.store.migrate import downgrade, upgrade

BROKEN = Failure("a1", "language", "does not look like English", "/news/a1.txt", "/news/a1.txt")
MISSING = Failure("in/missing.txt", "ingest", "no such file", "in/missing.txt", "/work/in/missing.txt")


def test_failing_again_updates_the_row(store: Store) -> None:
    store.save([], [BROKEN, MISSING])
    first = store.failure_records()
    again = Failure("a1", "language", "still not English", "a1.txt", None)
    store.save([], [again])

    records = store.failure_records()
    assert [(r.failure.article_id, r.attempts) for r in records] == [("a1", 2), ("in/missing.txt", 1)]
    assert records[0].failure == Failure("a1", "language", "still not English", "a1.txt", "/news/a1.txt")
    assert records[0].first_failed_at == first[0].first_failed_at
    assert records[0].last_failed_at >= first[0].last_failed_at
    assert records[0].first_failed_at.tzinfo is not None


def test_the_same_failure_twice_in_one_batch_counts_once(store: Store) -> None:
    summary = store.save([], [BROKEN, BROKEN])
    assert summary.failures_recorded == 1
    assert [r.attempts for r in store.failure_records()] == [1]


def test_storing_an_article_clears_its_failures(store: Store) -> None:
    store.save([], [BROKEN, Failure("a1", "dates", "x"), MISSING])
    summary = store.save([extraction(1)])
    assert summary.failures_cleared == 2
    assert store.failures() == [MISSING]


def test_inputs_read_again_clear_the_failures_that_did_not_happen_again(store: Store) -> None:
    other = Failure("b7", "records", "KeyError", "/news/b.jsonl", "/news/b.jsonl")
    line = Failure("/news/b.jsonl:3", "ingest", "invalid JSON", "/news/b.jsonl", "/news/b.jsonl")
    store.save([], [BROKEN, other, line, MISSING])

    cleared = store.clear_resolved_failures(["/news/b.jsonl", "/news/a1.txt"], [("/news/b.jsonl:3", "ingest")])
    assert cleared == 2
    assert store.failures() == [line, MISSING]
    assert store.clear_resolved_failures([], []) == 0


def _database_at_0005(url: str) -> None:
    engine = make_engine(parse_url(url))
    upgrade(engine, "0005")
    start = datetime(2026, 11, 1, tzinfo=UTC)
    rows = [("a1", "language", f"error {n}", start + timedelta(days=n)) for n in range(3)]
    rows.append(("a2", "ingest", "empty", start))
    with engine.begin() as conn:
        for article_id, stage, error, at in rows:
            conn.execute(
                text("INSERT INTO failures (article_id, stage, error, source, created_at) "
                     "VALUES (:a, :s, :e, 'in.txt', :t)"),
                {"a": article_id, "s": stage, "e": error, "t": at},
            )
    engine.dispose()


def test_migration_0006_folds_duplicate_failures(db_url: str) -> None:
    _database_at_0005(db_url)
    with open_store(db_url) as store:
        records = store.failure_records()
    assert [(r.failure.article_id, r.failure.error, r.attempts) for r in records] == [
        ("a1", "error 2", 3),
        ("a2", "empty", 1),
    ]
    assert records[0].first_failed_at == datetime(2026, 11, 1, tzinfo=UTC)
    assert records[0].last_failed_at == datetime(2026, 11, 3, tzinfo=UTC)
    assert records[0].failure.origin is None


def test_migration_0006_down_and_up_again(db_url: str) -> None:
    _database_at_0005(db_url)
    engine = make_engine(parse_url(db_url))
    upgrade(engine)
    downgrade(engine, "0005")
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM failures")) == 2
    upgrade(engine)
    engine.dispose()
    with open_store(db_url) as store:
        store.save([], [Failure("a2", "ingest", "empty again", "in.txt")])
        assert [r.attempts for r in store.failure_records()] == [1, 2]  # the downgrade dropped the counts
