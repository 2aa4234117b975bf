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
                    model: str | None = None, batch_size: int = 32, skip_stored_ids: bool = False) -> IngestSummary:
    """Extract and store ``articles`` (and record ``failures``), one transaction per batch.

    An article whose content is stored already is skipped. With ``skip_stored_ids`` an article whose id is
    stored already (or came earlier in this run) is skipped too: web pages get their id from their canonical
    URL, so a page fetched again after an edit is not stored twice.
    """
    summary = IngestSummary(read=len(failures), failures=list(failures))
    if failures:
        store.save([], failures)
    iterator = iter(articles)
    seen_ids: set[str] | None = set() if skip_stored_ids else None
    while batch := list(islice(iterator, batch_size)):
        _ingest_batch(store, batch, summary, model, seen_ids)
    return summary


def _ingest_batch(store: Store, batch: list[Article], summary: IngestSummary, model: str | None,
                  seen_ids: set[str] | None) -> None:
    summary.read += len(batch)
    fresh = [a for a in batch if not store.has_article(a.content_hash)]
    if seen_ids is not None:
        fresh = [a for a in fresh if _new_id(store, a.id, seen_ids)]
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


def _new_id(store: Store, article_id: str, seen_ids: set[str]) -> bool:
    """True the first time an id comes in this run, unless it is stored already."""
    if article_id in seen_ids:
        return False
    seen_ids.add(article_id)
    return not store.has_article_id(article_id)
