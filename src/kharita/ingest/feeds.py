"""RSS and Atom feeds → entries (link, id, title, date), fetched through the WebClient and parsed by feedparser.

    with WebClient() as client:
        feed = fetch_feed(client, "https://news.example.org/world/rss.xml")
        for entry in feed.entries:
            article = fetch_article(client, entry.link, hint=entry.hint)

Which entries were already ingested is kept in the database (Store.known_feed_entries, record_feed_items);
kharita.watch puts the two together. Importing this module does no I/O.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urljoin

from kharita.errors import FetchError
from kharita.ingest.text import normalise_text
from kharita.ingest.web import PageHint, WebClient

log = logging.getLogger(__name__)

FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    "application/x-rss+xml", "text/html", "text/plain",  # some servers label their feeds so
})


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: ``entry_id`` is its guid or Atom id (its link when it has neither)."""

    entry_id: str
    link: str
    title: str | None = None
    published_at: date | None = None

    @property
    def hint(self) -> PageHint:
        return PageHint(title=self.title, published_at=self.published_at)


@dataclass(frozen=True)
class Feed:
    url: str
    title: str | None
    entries: tuple[FeedEntry, ...]


def fetch_feed(client: WebClient, feed_url: str) -> Feed:
    """Fetch and parse the feed at ``feed_url``; FetchError if it cannot be fetched or is not a feed."""
    page = client.fetch(feed_url, accept=FEED_TYPES)
    return parse_feed(page.body, feed_url, base_url=page.final_url)


def parse_feed(data: bytes, feed_url: str, *, base_url: str | None = None) -> Feed:
    """Entries of an RSS or Atom document, in feed order; relative links are resolved against ``base_url``
    (default ``feed_url``). Entries without a link are skipped (there is no page to fetch)."""
    import feedparser

    base = base_url or feed_url
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": base})
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception") or "no RSS or Atom elements found"
        raise FetchError(feed_url, f"{feed_url} is not an RSS or Atom feed ({why}); give the address of the "
                                   "site's feed (look for an RSS link on the page), not of a web page")
    entries = [_entry(raw, base) for raw in parsed.entries]
    kept = tuple(entry for entry in entries if entry is not None)
    if len(kept) < len(entries):
        log.info("%s: %d entr(ies) without a link skipped", feed_url, len(entries) - len(kept))
    title = normalise_text(parsed.feed.get("title") or "") or None
    return Feed(url=feed_url, title=title, entries=_unique(kept))


def _entry(raw: Any, base: str) -> FeedEntry | None:
    link = (raw.get("link") or "").strip()
    if not link:
        return None
    link = urljoin(base, link)
    entry_id = (raw.get("id") or "").strip() or link
    title = normalise_text(raw.get("title") or "") or None
    return FeedEntry(entry_id=entry_id, link=link, title=title, published_at=_entry_date(raw))


def _entry_date(raw: Any) -> date | None:
    parsed: time.struct_time | None = raw.get("published_parsed") or raw.get("updated_parsed")
    if parsed is None:
        return None
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)


def _unique(entries: tuple[FeedEntry, ...]) -> tuple[FeedEntry, ...]:
    """The first entry of each id (a feed that repeats a guid lists one story twice)."""
    firsts: dict[str, FeedEntry] = {}
    for entry in entries:
        firsts.setdefault(entry.entry_id, entry)
    return tuple(firsts.values())
