"""Feed entries already dealt with: which of a feed's entries (or which links, in any feed) are known."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kharita.store.schema import FeedItemRow

_CHUNK = 500


@dataclass(frozen=True)
class FeedItem:
    """One entry of one feed: its id in the feed (guid, Atom id, else its link) and its link, normalised."""

    feed_url: str
    entry_id: str
    canonical_url: str


def known_entries(session: Session, feed_url: str, entry_ids: Sequence[str]) -> set[str]:
    """The entry ids of ``feed_url`` among ``entry_ids`` that are recorded."""
    known: set[str] = set()
    for chunk in _chunks(sorted(set(entry_ids))):
        stmt = select(FeedItemRow.entry_id).where(FeedItemRow.feed_url == feed_url,
                                                  FeedItemRow.entry_id.in_(chunk))
        known.update(session.scalars(stmt))
    return known


def known_urls(session: Session, canonical_urls: Sequence[str]) -> set[str]:
    """The canonical URLs among ``canonical_urls`` recorded for any feed."""
    known: set[str] = set()
    for chunk in _chunks(sorted(set(canonical_urls))):
        known.update(session.scalars(select(FeedItemRow.canonical_url).where(FeedItemRow.canonical_url.in_(chunk))))
    return known


def record(session: Session, items: Sequence[FeedItem]) -> int:
    """Add the items not recorded yet (per feed and entry id); returns how many were added."""
    added = 0
    now = datetime.now(UTC)
    for feed_url in sorted({item.feed_url for item in items}):
        mine = {item.entry_id: item for item in items if item.feed_url == feed_url}
        known = known_entries(session, feed_url, list(mine))
        rows = [FeedItemRow(feed_url=feed_url, entry_id=item.entry_id, canonical_url=item.canonical_url,
                            first_seen=now) for entry_id, item in mine.items() if entry_id not in known]
        session.add_all(rows)
        added += len(rows)
    return added


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
