"""Write one batch of extractions and failures inside an already-open transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from kharita.models import Actor, Article, Extraction, Failure, Location
from kharita.store import convert
from kharita.store import failures as failure_rows
from kharita.store.schema import ActorRow, ArticleRow, LocationRow

_CHUNK = 500


@dataclass(frozen=True)
class SaveSummary:
    """What one ``Store.save`` call wrote."""

    articles_added: int = 0
    articles_skipped: int = 0
    events_added: int = 0
    aggregates_added: int = 0
    failures_recorded: int = 0
    failures_cleared: int = 0  # earlier failures of articles in the batch: they are stored now


class BatchWriter:
    """Adds rows to ``session``; get-or-create for actors and locations, skip known articles (same content, or
    same id). Run it under the write lock (``Store.save`` does): what is known is then what is stored."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._actors: dict[Actor, ActorRow] = {}
        self._locations: dict[str, LocationRow] = {}
        self._seen: set[str] = set()
        self._seen_ids: set[str] = set()
        self.added_event_ids: list[str] = []  # the events written, for the incidents to be updated

    def write(self, extractions: Sequence[Extraction], failures: Sequence[Failure]) -> SaveSummary:
        articles = [x.article for x in extractions]
        self._seen = self._known(ArticleRow.content_hash, [a.content_hash for a in articles])
        self._seen_ids = self._known(ArticleRow.id, [a.id for a in articles])
        fresh = [x for x in extractions if self._claim(x.article)]
        for extraction in fresh:
            self._add_extraction(extraction)
        self._session.flush()
        cleared = failure_rows.clear_articles(self._session, [a.id for a in articles])
        recorded = failure_rows.record(self._session, failures)
        return SaveSummary(
            articles_added=len(fresh),
            articles_skipped=len(extractions) - len(fresh),
            events_added=sum(len(x.events) for x in fresh),
            aggregates_added=sum(len(x.aggregates) for x in fresh),
            failures_recorded=recorded,
            failures_cleared=cleared,
        )

    def _known(self, column: InstrumentedAttribute[str], values: list[str]) -> set[str]:
        known: set[str] = set()
        for chunk in _chunks(sorted(set(values))):
            known.update(self._session.scalars(select(column).where(column.in_(chunk))))
        return known

    def _claim(self, article: Article) -> bool:
        """True the first time an article is seen (in the database or earlier in this batch): by content, or
        by id (a page whose title changed, the same record id twice: the first one stays)."""
        if article.content_hash in self._seen or article.id in self._seen_ids:
            return False
        self._seen.add(article.content_hash)
        self._seen_ids.add(article.id)
        return True

    def _add_extraction(self, extraction: Extraction) -> None:
        self._session.add(convert.article_row(extraction.article))
        for event in extraction.events:
            self.added_event_ids.append(event.event_id)
            row = convert.event_row(event)
            row.actor1 = self._actor(event.actor1)
            row.actor2 = self._actor(event.actor2)
            row.location = self._location(event.location)
            self._session.add(row)
        for aggregate in extraction.aggregates:
            agg_row = convert.aggregate_row(aggregate)
            agg_row.location = self._location(aggregate.location)
            self._session.add(agg_row)

    def _actor(self, actor: Actor | None) -> ActorRow | None:
        if actor is None:
            return None
        if actor not in self._actors:
            keyed = self._by_key(actor.id)
            row = self._find_actor(actor, keyed) or self._new_actor(actor, key_taken=keyed is not None)
            self._actors[actor] = survivor(row)
        return self._actors[actor]

    def _find_actor(self, actor: Actor, keyed: ActorRow | None) -> ActorRow | None:
        """The row holding the actor's registry key (a merged one too: it leads to its survivor), unless that
        row has another type or country; else by name, type and country. A row stored before the registry
        gets the key it was missing."""
        if keyed is not None and (keyed.merged_into_id is not None or _same_role(keyed, actor)):
            return keyed
        row = self._by_name(actor)
        if row is not None and row.key is None and keyed is None and actor.id is not None:
            row.key = actor.id
        return row

    def _by_key(self, key: str | None) -> ActorRow | None:
        if key is None:
            return None
        return self._session.scalars(select(ActorRow).where(ActorRow.key == key)).first()

    def _by_name(self, actor: Actor) -> ActorRow | None:
        stmt = select(ActorRow).where(
            ActorRow.name == actor.name,
            ActorRow.type == actor.type,
            ActorRow.country.is_not_distinct_from(actor.country),
        )
        return self._session.scalars(stmt.limit(1)).first()

    def _new_actor(self, actor: Actor, *, key_taken: bool) -> ActorRow:
        """A new row; it carries the key unless another row (another type or country) already does."""
        row = convert.actor_row(actor)
        if key_taken:
            row.key = None
        self._session.add(row)
        return row

    def _location(self, location: Location | None) -> LocationRow | None:
        if location is None:
            return None
        key = convert.location_key(location)
        if key not in self._locations:
            found = self._session.scalars(select(LocationRow).where(LocationRow.key == key)).first()
            self._locations[key] = found or convert.location_row(location)
        return self._locations[key]


def survivor(row: ActorRow) -> ActorRow:
    """The actor ``row`` was merged into (following merges of merges), or ``row`` itself."""
    seen = {row.id}
    while row.merged_into is not None and row.merged_into.id not in seen:
        row = row.merged_into
        seen.add(row.id)
    return row


def _same_role(row: ActorRow, actor: Actor) -> bool:
    """The same type and country: a keyed actor seen with another (forces abroad) is stored apart."""
    return row.type == actor.type and row.country == actor.country


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
