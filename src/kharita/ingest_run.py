"""Ingest: extraction plus storage, one transaction per batch, failures recorded and counted."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from kharita.extract import extract
from kharita.models import Article, Extraction, Failure
from kharita.store import Store


@dataclass
class IngestSummary:
    read: int = 0
    already_stored: int = 0
    stored: int = 0
    events: int = 0
    aggregates: int = 0
    failures: list[Failure] = field(default_factory=list)

    def describe(self) -> str:
        return (f"{self.read} article(s) read: {self.stored} stored, {self.already_stored} already stored, "
                f"{len(self.failures)} failed; {self.events} event(s) and {self.aggregates} cumulative toll(s) "
                "added.")


def ingest_articles(store: Store, articles: Iterable[Article], failures: Sequence[Failure] = (), *,
                    model: str | None = None, batch_size: int = 32) -> IngestSummary:
    summary = IngestSummary(read=len(failures), failures=list(failures))
    if failures:
        store.save([], failures)
    iterator = iter(articles)
    while batch := list(islice(iterator, batch_size)):
        _ingest_batch(store, batch, summary, model)
    return summary


def _ingest_batch(store: Store, batch: list[Article], summary: IngestSummary, model: str | None) -> None:
    summary.read += len(batch)
    fresh = [a for a in batch if not store.has_article(a.content_hash)]
    summary.already_stored += len(batch) - len(fresh)
    extractions: list[Extraction] = []
    failed: list[Failure] = []
    for outcome in extract(fresh, model=model):
        (failed if isinstance(outcome, Failure) else extractions).append(outcome)  # type: ignore[arg-type]
    saved = store.save(extractions, failed)
    summary.already_stored += saved.articles_skipped
    summary.stored += saved.articles_added
    summary.events += saved.events_added
    summary.aggregates += saved.aggregates_added
    summary.failures.extend(failed)
