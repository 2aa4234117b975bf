"""Ingest: extraction plus storage, one transaction per batch, failures recorded and counted."""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kharita.errors import KharitaError
from kharita.extract import Homes, extract
from kharita.ingest.origins import with_origin
from kharita.models import Article, Extraction, Failure
from kharita.store import Store
from kharita.store.incidents import DedupSummary
from kharita.store.queries import SourceRegions


@dataclass
class IngestSummary:
    read: int = 0
    already_stored: int = 0
    stored: int = 0
    events: int = 0
    aggregates: int = 0
    failures: list[Failure] = field(default_factory=list)
    failures_cleared: int = 0  # failures recorded before whose input works now
    incidents: DedupSummary = field(default_factory=DedupSummary)  # the deduplication at the end of the run
    dedup_seconds: float = 0.0  # not in ``describe``: the summary line is the same in every run of one input

    def describe(self) -> str:
        cleared = f" {self.failures_cleared} earlier failure(s) cleared." if self.failures_cleared else ""
        return (f"{self.read} article(s) read: {self.stored} stored, {self.already_stored} already stored, "
                f"{len(self.failures)} failed; {self.events} event(s) and {self.aggregates} cumulative toll(s) "
                f"added.{cleared}{self._dedup()}")

    def _dedup(self) -> str:
        if not self.incidents.events:
            return ""
        return f" Deduplicated {self.incidents.events} event(s) into {self.incidents.incidents} incident(s)."


BatchExtractor = Callable[[Iterable[list[Article]]], Iterator[list[Extraction | Failure]]]
"""Extracts batches of articles, yielding each batch's outcomes in input order, one list per batch: locally
with ``extract`` (the default), on a Dask cluster with ``kharita.distributed.batch_extractor``."""


def ingest_articles(store: Store, articles: Iterable[Article | Failure], failures: Sequence[Failure] = (), *,
                    model: str | None = None, batch_size: int = 32, skip_stored_ids: bool = False,
                    origins: Mapping[str, str] | None = None,
                    extractor: BatchExtractor | None = None, outlet_homes: bool = False) -> IngestSummary:
    """Extract and store ``articles`` (and record ``failures``), one transaction per batch.

    An article whose content is stored already is skipped. With ``skip_stored_ids`` an article whose id is
    stored already (or came earlier in this run) is skipped too: web pages get their id from their canonical
    URL, so a page fetched again after an edit is not stored twice.

    A failure is recorded once per article and stage (failing again counts an attempt); storing an article
    clears its failures. ``origins`` gives each article's input (article id → absolute path or URL, see
    ``kharita.ingest.origins``), recorded with its failures so that they can be retried; every input named
    there, or by a failure's origin, must have been read in full: at the end, the failures recorded earlier
    for those inputs that did not happen again are cleared (a run cut short clears nothing).

    ``articles`` may be read lazily and carry read failures (stored with their batch); ``origins`` may be
    filled as they are read. ``extractor`` runs the extraction elsewhere (a Dask cluster); storage stays here,
    batch by batch in input order.

    ``outlet_homes``: read each outlet's articles with its home region (`kharita.stages.places.home_of`), learnt
    from the regions of its stored events and, batch by batch, of this run's (an outlet new to the store gets
    one once a batch holds enough of its stories). Local extraction only.

    Deduplication runs once, after the last batch, over every stored event without an incident (this run's,
    and those of an earlier run that was cut short): a run on a Dask cluster gives exactly the incidents of a
    local run, and batches are not slowed by matching each against everything stored around its dates.
    """
    if outlet_homes and extractor is not None:
        raise KharitaError("outlet homes are learnt batch by batch in this process: use the local engine")
    summary = IngestSummary(read=len(failures), failures=list(failures))
    if failures:
        summary.failures_cleared += store.save([], failures).failures_cleared
    batches = _Batches(store, iter(articles), batch_size, summary, set() if skip_stored_ids else None)
    regions = OutletRegions(store.source_regions()) if outlet_homes else None
    run = extractor if extractor is not None else _local_extractor(model, regions)
    for outcomes in run(batches):
        _store_batch(store, outcomes, batches.take_read_failures(), summary, origins if origins is not None else {})
        if regions is not None:
            regions.add(o for o in outcomes if isinstance(o, Extraction))
    started = time.perf_counter()
    summary.incidents = store.dedup()
    summary.dedup_seconds = time.perf_counter() - started
    if origins is not None:
        read = {*origins.values(), *(f.origin for f in failures if f.origin is not None), *batches.failure_origins}
        still_failing = [(f.article_id, f.stage) for f in summary.failures]
        summary.failures_cleared += store.clear_resolved_failures(read, still_failing)
    return summary


class _Batches:
    """``items`` a batch at a time, read lazily: counts them, puts each batch's read failures aside (taken back,
    in order, with the batch's outcomes) and yields the articles still to extract."""

    def __init__(self, store: Store, items: Iterator[Article | Failure], size: int, summary: IngestSummary,
                 seen_ids: set[str] | None) -> None:
        self._store, self._items, self._size, self._summary, self._seen_ids = store, items, size, summary, seen_ids
        self._read_failures: deque[list[Failure]] = deque()
        self.failure_origins: set[str] = set()

    def __iter__(self) -> Iterator[list[Article]]:
        for articles, failed in self._chunks():
            self._summary.read += len(articles) + len(failed)
            self._read_failures.append(failed)
            self.failure_origins.update(f.origin for f in failed if f.origin is not None)
            yield self._fresh(articles)

    def _chunks(self) -> Iterator[tuple[list[Article], list[Failure]]]:
        """``size`` articles at a time (read failures do not count), so that batches are the same with or
        without read failures in the stream."""
        articles: list[Article] = []
        failed: list[Failure] = []
        for item in self._items:
            (failed if isinstance(item, Failure) else articles).append(item)  # type: ignore[arg-type]
            if len(articles) == self._size:
                yield articles, failed
                articles, failed = [], []
        if articles or failed:
            yield articles, failed

    def _fresh(self, batch: list[Article]) -> list[Article]:
        fresh = [a for a in batch if not self._store.has_article(a.content_hash)]
        if self._seen_ids is not None:
            fresh = [a for a in fresh if _new_id(self._store, a.id, self._seen_ids)]
        self._summary.already_stored += len(batch) - len(fresh)
        return fresh

    def take_read_failures(self) -> list[Failure]:
        """The read failures of the oldest batch whose outcomes have not been stored yet."""
        return self._read_failures.popleft()


def _local_extractor(model: str | None, regions: OutletRegions | None = None) -> BatchExtractor:
    def run(batches: Iterable[list[Article]]) -> Iterator[list[Extraction | Failure]]:
        for batch in batches:  # lazily: a batch's homes include what the batches before it stored
            if regions is None:
                yield list(extract(batch, model=model))
            else:
                yield list(extract(batch, model=model, homes=regions.homes(), outlet_homes=True))
    return run


class OutletRegions:
    """Each outlet's articles and the first-level regions their events are in: the stored ones, then each
    batch's as it is stored."""

    def __init__(self, stored: Sequence[SourceRegions] = ()) -> None:
        self._articles: Counter[str] = Counter({r.source: r.articles for r in stored})
        self._regions: dict[str, Counter[tuple[str, str]]] = {r.source: Counter(r.regions) for r in stored}

    def add(self, extractions: Iterable[Extraction]) -> None:
        for extraction in extractions:
            source = extraction.article.source
            if source:
                self._articles[source] += 1
                self._regions.setdefault(source, Counter()).update(_event_regions(extraction))

    def homes(self) -> Homes:
        """Outlet → (ISO2, admin1 code) of its home, for the outlets that have one."""
        from kharita.stages.places import home_of

        found: dict[str, tuple[str, str]] = {}
        for source, counts in self._regions.items():
            home = home_of(self._articles[source], counts)
            code = _admin1_codes(home[0]).get(home[1]) if home is not None else None
            if home is not None and code is not None:
                found[source] = (home[0], code)
        return found


def _event_regions(extraction: Extraction) -> set[tuple[str, str]]:
    """(ISO2, admin1 name) of the article's events."""
    return {(e.location.country_code, e.location.admin1) for e in extraction.events
            if e.location is not None and e.location.country_code and e.location.admin1}


@lru_cache(maxsize=256)
def _admin1_codes(cc: str) -> dict[str, str]:
    """Admin1 name → code for one country (events store names, homes are codes)."""
    from kharita.resources.gazetteer import get_gazetteer

    return {name: code for code, name in get_gazetteer().admin1_regions(cc).items()}


def _store_batch(store: Store, outcomes: list[Extraction | Failure], read_failures: list[Failure],
                 summary: IngestSummary, origins: Mapping[str, str]) -> None:
    extractions: list[Extraction] = []
    failed: list[Failure] = list(read_failures)
    for outcome in outcomes:
        if isinstance(outcome, Failure):
            failed.append(with_origin(outcome, origins.get(outcome.article_id)))
        else:
            extractions.append(outcome)
    saved = store.save(extractions, failed, dedup=False)
    summary.already_stored += saved.articles_skipped
    summary.stored += saved.articles_added
    summary.events += saved.events_added
    summary.aggregates += saved.aggregates_added
    summary.failures_cleared += saved.failures_cleared
    summary.failures.extend(failed)


def _new_id(store: Store, article_id: str, seen_ids: set[str]) -> bool:
    """True the first time an id comes in this run, unless it is stored already."""
    if article_id in seen_ids:
        return False
    seen_ids.add(article_id)
    return not store.has_article_id(article_id)
