"""Watching feeds: poll RSS/Atom feeds, ingest the entries not seen before, remember them in the database.

A poll fetches each feed, skips the entries recorded for it (and links already recorded for another feed, or
stored by `kharita ingest --url`), fetches the others' pages and ingests them through ``ingest_articles``.
Entries that were ingested, or failed for good (404, not HTML, robots.txt, no text), are recorded and never
fetched again; those that failed for now (timeout, server error) are reported and tried at the next poll.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kharita.errors import FetchError, InputError
from kharita.ingest.articles import ingest_failure
from kharita.ingest.feeds import FeedEntry, fetch_feed
from kharita.ingest.web import WebClient, canonical_url, fetch_article, unexpected_message
from kharita.ingest_run import IngestSummary, ingest_articles
from kharita.models import Article, Failure, stable_hash
from kharita.store import FeedItem, Store

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds in '30s', '15m', '1h', '1h30m', '2d' or a bare number of seconds; InputError otherwise."""
    compact = text.strip().lower().replace(" ", "")
    parts = _DURATION.findall(compact)
    if not compact or "".join(number + unit for number, unit in parts) != compact or (
            len(parts) > 1 and any(unit == "" for _, unit in parts)):
        raise InputError(f"{text!r} is not a duration; write e.g. 30s, 15m, 1h or 1h30m")
    seconds = sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts)
    if seconds <= 0:
        raise InputError(f"{text!r} is no time at all; give a positive duration such as 15m")
    return seconds


@dataclass(frozen=True)
class FeedPoll:
    """What one poll of one feed did. ``error`` is set when the feed itself could not be read."""

    feed_url: str
    entries: int = 0
    new: int = 0
    known_elsewhere: int = 0
    summary: IngestSummary = field(default_factory=IngestSummary)
    retry_later: tuple[Failure, ...] = ()
    error: str | None = None

    @property
    def failures(self) -> list[Failure]:
        return [*self.summary.failures, *self.retry_later]

    def describe(self) -> str:
        if self.error is not None:
            return f"{self.feed_url}: feed not read: {self.error}"
        elsewhere = f", {self.known_elsewhere} already stored from elsewhere" if self.known_elsewhere else ""
        later = f"; {len(self.retry_later)} to retry at the next poll" if self.retry_later else ""
        if not self.new:
            return f"{self.feed_url}: {self.entries} entries, nothing new{elsewhere}{later}."
        return f"{self.feed_url}: {self.entries} entries, {self.new} new{elsewhere}{later}; {self.summary.describe()}"


@dataclass
class WatchTotals:
    """Running totals over the polls of a watch."""

    polls: int = 0
    new: int = 0
    stored: int = 0
    events: int = 0
    failures: int = 0
    feed_errors: int = 0

    def add(self, polls: Sequence[FeedPoll]) -> None:
        self.polls += 1
        for poll in polls:
            self.new += poll.new
            self.stored += poll.summary.stored
            self.events += poll.summary.events
            self.failures += len(poll.failures)
            self.feed_errors += poll.error is not None

    def describe(self) -> str:
        return (f"{self.polls} poll(s): {self.new} new entr(ies), {self.stored} article(s) stored, "
                f"{self.events} event(s) added, {self.failures} failure(s), {self.feed_errors} feed error(s).")


@dataclass(frozen=True)
class _Fetched:
    entry: FeedEntry
    canonical: str
    result: Article | Failure
    settled: bool  # ingested or failed for good: record it, never fetch it again


def poll_feed(store: Store, client: WebClient, feed_url: str, *, model: str | None = None,
              batch_size: int = 32, outlet_homes: bool = False) -> FeedPoll:
    """Fetch ``feed_url`` and ingest the entries not seen before; see the module's docstring."""
    try:
        key = canonical_url(feed_url)
        feed = fetch_feed(client, feed_url)
    except InputError as exc:
        return FeedPoll(feed_url, error=str(exc))
    known = store.known_feed_entries(key, [entry.entry_id for entry in feed.entries])
    fresh = [entry for entry in feed.entries if entry.entry_id not in known]
    todo, elsewhere = _split_known(store, fresh)
    store.record_feed_items([FeedItem(key, entry.entry_id, canonical) for entry, canonical in elsewhere])
    fetched = [_fetch(client, entry, canonical) for entry, canonical in todo]
    articles = [f.result for f in fetched if isinstance(f.result, Article)]
    failed = [f.result for f in fetched if isinstance(f.result, Failure) and f.settled]
    summary = ingest_articles(store, articles, failed, model=model, batch_size=batch_size, skip_stored_ids=True,
                              outlet_homes=outlet_homes)
    store.record_feed_items([FeedItem(key, f.entry.entry_id, f.canonical) for f in fetched if f.settled])
    retry = tuple(f.result for f in fetched if isinstance(f.result, Failure) and not f.settled)
    return FeedPoll(feed_url, len(feed.entries), len(todo), len(elsewhere), summary, retry)


def watch(store: Store, client: WebClient, feed_urls: Sequence[str], *, every: float, once: bool,
          report: Callable[[list[FeedPoll]], None], totals: WatchTotals | None = None, model: str | None = None,
          batch_size: int = 32, sleep: Callable[[float], None] | None = None, outlet_homes: bool = False
          ) -> WatchTotals:
    """Poll every feed, report, wait until ``every`` seconds after the poll began, and again, until
    interrupted (KeyboardInterrupt reaches the caller; ``totals`` holds what was done) or after one poll."""
    totals = totals if totals is not None else WatchTotals()
    while True:
        started = time.monotonic()
        polls = [poll_feed(store, client, url, model=model, batch_size=batch_size, outlet_homes=outlet_homes)
                 for url in feed_urls]
        totals.add(polls)
        report(polls)
        if once:
            return totals
        (sleep or _pause)(max(0.0, every - (time.monotonic() - started)))


def _pause(seconds: float) -> None:
    time.sleep(seconds)


def _split_known(store: Store, entries: list[FeedEntry]) -> tuple[list[tuple[FeedEntry, str]],
                                                                   list[tuple[FeedEntry, str]]]:
    """(entries to fetch, entries whose link is recorded for another feed, stored already or listed twice),
    each with its canonical URL (the link itself when it is not an http(s) URL: fetching it reports that)."""
    keyed = [(entry, _canonical_or_raw(entry.link)) for entry in entries]
    known = store.known_feed_urls([canonical for _, canonical in keyed])
    todo: list[tuple[FeedEntry, str]] = []
    elsewhere: list[tuple[FeedEntry, str]] = []
    for entry, canonical in keyed:
        seen = canonical in known or store.has_article_id(stable_hash(canonical))
        (elsewhere if seen else todo).append((entry, canonical))
        known.add(canonical)
    return todo, elsewhere


def _canonical_or_raw(link: str) -> str:
    try:
        return canonical_url(link)
    except FetchError:
        return link


def _fetch(client: WebClient, entry: FeedEntry, canonical: str) -> _Fetched:
    try:
        return _Fetched(entry, canonical, fetch_article(client, entry.link, hint=entry.hint), True)
    except FetchError as exc:
        return _Fetched(entry, canonical, ingest_failure(entry.link, str(exc), entry.link), not exc.retryable)
    except InputError as exc:
        return _Fetched(entry, canonical, ingest_failure(entry.link, str(exc), entry.link), True)
    except Exception as exc:  # noqa: BLE001 — a bug or a library choking on an odd page: report, go on
        return _Fetched(entry, canonical, ingest_failure(entry.link, unexpected_message(entry.link, exc),
                                                         entry.link), False)
