"""Two writers on one database at once (threads here; processes in test_ingest_processes.py): every article,
actor, place and failure is stored once and no batch fails, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace

from store_records import KABUL, article, count_rows, full_event

from kharita.models import Actor, Extraction, Failure
from kharita.store import SaveSummary, open_store

ARTICLES = 24
BATCH = 3
ROUNDS = 3
FAILURE = Failure("feed.jsonl:7", "ingest", "feed.jsonl line 7: invalid JSON", "feed.jsonl", "/data/feed.jsonl")


def _extraction(n: int) -> Extraction:
    """Article n; articles n and n+6, n+12 ... share their actors and place, so that two writers meet them."""
    group = n % 6
    event = full_event(
        f"e{n}",
        f"a{n}",
        actor1=Actor(f"Militia {group}", "Identity militia", "Afghanistan"),
        actor2=Actor(f"Villagers {group}", "Civilians", "Afghanistan"),
        location=replace(KABUL, name=f"Village {group}", geonameid=None),
    )
    return Extraction(article=article(n), events=(event,))


def _run_together(*jobs: Callable[[], list[SaveSummary]]) -> list[list[SaveSummary]]:
    """Run the jobs in threads started at the same moment; re-raise the first error."""
    barrier = threading.Barrier(len(jobs))
    results: list[list[SaveSummary]] = [[] for _ in jobs]
    errors: list[BaseException] = []

    def run(index: int, job: Callable[[], list[SaveSummary]]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


def _writer(url: str, order: Sequence[int]) -> Callable[[], list[SaveSummary]]:
    def job() -> list[SaveSummary]:
        with open_store(url) as store:
            return [
                store.save([_extraction(n) for n in order[start : start + BATCH]], [FAILURE])
                for start in range(0, len(order), BATCH)
            ]

    return job


def test_two_writers_store_each_article_actor_and_place_once(db_url: str) -> None:
    open_store(db_url).close()
    shuffled = random.Random(7)
    for _ in range(ROUNDS):
        orders = [list(range(1, ARTICLES + 1)) for _ in range(2)]
        for order in orders:
            shuffled.shuffle(order)
        _run_together(*(_writer(db_url, order) for order in orders))

    with open_store(db_url) as store:
        assert store.articles_count() == ARTICLES
        assert sorted(e.event_id for e in store.events()) == sorted(f"e{n}" for n in range(1, ARTICLES + 1))
        assert count_rows(store, "actors") == 12
        assert count_rows(store, "locations") == 6
        [recorded] = store.failure_records()
        assert recorded.failure == FAILURE
        assert recorded.attempts == ROUNDS * 2 * (ARTICLES // BATCH)


def test_the_loser_of_a_race_reports_the_article_as_skipped(db_url: str) -> None:
    open_store(db_url).close()
    same = list(range(1, ARTICLES + 1))
    first, second = _run_together(_writer(db_url, same), _writer(db_url, same))
    added = sum(s.articles_added for s in first + second)
    skipped = sum(s.articles_skipped for s in first + second)
    assert (added, skipped) == (ARTICLES, ARTICLES)
