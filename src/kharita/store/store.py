"""The Store: open, migrate, write batches and read kharita records back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from types import TracebackType
from typing import Self

from alembic.util import CommandError
from sqlalchemy import ColumnElement, Engine, exists, func, or_, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from kharita.errors import InputError, StoreError
from kharita.models import Aggregate, Article, Event, Extraction, Failure
from kharita.resources.actors import ActorEntry, Registry, registry
from kharita.store import actors as actor_rows
from kharita.store import convert, queries
from kharita.store import failures as failure_rows
from kharita.store import feed_items as feed_rows
from kharita.store import incidents as incident_rows
from kharita.store import reviews as review_rows
from kharita.store.actors import StoredActor
from kharita.store.engine import DEFAULT_URL, check_sqlite_exists, check_sqlite_path, make_engine, parse_url
from kharita.store.failures import FailureKey, StoredFailure
from kharita.store.feed_items import FeedItem
from kharita.store.incidents import DedupSummary, Incident, IncidentDetail
from kharita.store.locking import take_write_lock
from kharita.store.migrate import upgrade
from kharita.store.queries import (
    EVERYTHING,
    EventFilter,
    GroupBy,
    IncidentPage,
    Interval,
    Place,
    ReportPage,
    Series,
    Sort,
    SourceRegions,
)
from kharita.store.reviews import EditEntry, IncidentChange
from kharita.store.save import BatchWriter, SaveSummary
from kharita.store.schema import AggregateRow, ArticleRow, EventRow, IncidentEventRow, LocationRow


def open_store(url: str = DEFAULT_URL, *, create: bool = True) -> Store:
    """Open the database at ``url`` (creating it if needed, unless ``create`` is False: then a missing SQLite
    file is a StoreError) and migrate it to the latest schema."""
    parsed = parse_url(url)
    check_sqlite_path(parsed)
    if not create:
        check_sqlite_exists(parsed)
    engine = make_engine(parsed)
    try:
        upgrade(engine)
    except (SQLAlchemyError, CommandError) as exc:
        engine.dispose()
        raise StoreError(_open_advice(parsed, exc)) from exc
    return Store(engine)


def _open_advice(url: URL, exc: Exception) -> str:
    shown = url.render_as_string(hide_password=True)
    cause = getattr(exc, "orig", None) or exc
    if isinstance(exc, CommandError):
        hint = "The database was migrated by a newer kharita; upgrade kharita or use another database."
    elif url.get_backend_name() == "sqlite":
        hint = "Check that the file and its directory exist and are writable, or choose another path."
    else:
        hint = "Check that the server is running and reachable, the database exists and the user may log in."
    return f"cannot open database {shown!r}: {cause}. {hint}"


class Store:
    """Access to one kharita database. Use :func:`open_store` to get one."""

    def __init__(self, engine: Engine) -> None:
        self._engine: Engine | None = engine

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self._live_engine().url.render_as_string(hide_password=True)

    def has_article(self, content_hash: str) -> bool:
        stmt = select(exists().where(ArticleRow.content_hash == content_hash))
        with self._reading("look up an article") as session:
            return bool(session.scalar(stmt))

    def has_article_id(self, article_id: str) -> bool:
        stmt = select(exists().where(ArticleRow.id == article_id))
        with self._reading("look up an article") as session:
            return bool(session.scalar(stmt))

    def articles_count(self) -> int:
        with self._reading("count articles") as session:
            return session.scalar(select(func.count()).select_from(ArticleRow)) or 0

    def save(self, extractions: Iterable[Extraction], failures: Iterable[Failure] = (), *,
             dedup: bool = True) -> SaveSummary:
        """Write one batch in one transaction: all of it, or (on any error) none of it. With ``dedup`` the
        batch's new events are matched against the stored incidents around their dates in the same transaction;
        without it they wait, without an incident, for ``Store.dedup`` (what a long ingest does once at its end)."""
        batch, failed = tuple(extractions), tuple(failures)
        try:
            with self._locked_session() as session:
                writer = BatchWriter(session)
                summary = writer.write(batch, failed)
                if dedup:
                    incident_rows.update_incidents(session, writer.added_event_ids)
                return summary
        except IntegrityError as exc:
            raise StoreError(
                f"batch of {len(batch)} articles not saved, nothing from it was written: a record "
                "conflicts with stored data or with another record in the batch (duplicate event_id, "
                f"aggregate_id or article id, or an event whose article is missing): {exc.orig}. "
                "Fix or drop the conflicting records and save again."
            ) from exc
        except SQLAlchemyError as exc:
            raise StoreError(
                f"batch of {len(batch)} articles not saved, nothing from it was written: "
                f"{exc}. Check the database is reachable and writable, then retry."
            ) from exc

    def events(
        self,
        *,
        country: str | None = None,
        since: date | None = None,
        until: date | None = None,
        event_type: str | None = None,
        article_id: str | None = None,
        limit: int | None = None,
    ) -> list[Event]:
        """Stored events matching every given filter, ordered by event_date (undated last), event_id."""
        conditions = _event_conditions(country, since, until, event_type, article_id)
        stmt = (
            select(EventRow)
            .where(*conditions)
            .order_by(EventRow.event_date.asc().nulls_last(), EventRow.event_id)
            .limit(limit)
        )
        with self._reading("read events") as session:
            return [convert.to_event(row) for row in session.scalars(stmt).unique()]

    def aggregates(
        self, *, country: str | None = None, article_id: str | None = None, limit: int | None = None
    ) -> list[Aggregate]:
        """Stored aggregates, ordered by article_id, aggregate_id."""
        stmt = (
            select(AggregateRow)
            .where(*_aggregate_conditions(country, article_id))
            .order_by(AggregateRow.article_id, AggregateRow.aggregate_id)
            .limit(limit)
        )
        with self._reading("read aggregates") as session:
            return [convert.to_aggregate(row) for row in session.scalars(stmt).unique()]

    def failures(self) -> list[Failure]:
        """Every recorded failure (one per article and stage), in the order first recorded."""
        return [stored.failure for stored in self.failure_records()]

    def failure_records(self) -> list[StoredFailure]:
        """Every recorded failure with its number of attempts and when it first and last happened."""
        with self._reading("read failures") as session:
            return failure_rows.list_failures(session)

    def clear_resolved_failures(self, origins: Iterable[str], still_failing: Iterable[FailureKey]) -> int:
        """Forget the failures of these inputs (read again in full) except ``still_failing`` ((article_id,
        stage) pairs that failed again); returns how many were forgotten."""
        wanted, keep = set(origins), set(still_failing)
        if not wanted:
            return 0
        with self._writing("clear resolved failures") as session:
            return failure_rows.clear_resolved(session, wanted, keep)

    # --- incidents: one canonical event per incident, however many sources (kharita.dedup) -------------

    def incidents(
        self,
        *,
        country: str | None = None,
        since: date | None = None,
        until: date | None = None,
        event_type: str | None = None,
        limit: int | None = None,
    ) -> list[Incident]:
        """Stored incidents matching every given filter, ordered by event_date (undated last), id."""
        conditions = incident_rows.incident_conditions(country, since, until, event_type)
        with self._reading("read incidents") as session:
            return incident_rows.list_incidents(session, conditions, limit)

    def incident(self, incident_or_event_id: str) -> IncidentDetail | None:
        """One incident (by its id, or the id of one of its events) with its sources, evidence, why they were
        merged and its history of merges and splits; None if there is none."""
        with self._reading("read an incident") as session:
            found = incident_rows.find_incident_id(session, incident_or_event_id)
            return None if found is None else incident_rows.incident_detail(session, found)

    def split(self, incident_id: str, event_id: str) -> str:
        """Detach the event from the incident (recorded in the merge log, kept in rebuilds); returns the id of
        the incident the event belongs to afterwards."""
        with self._writing(f"split event {event_id!r} from incident {incident_id!r}") as session:
            return incident_rows.split_event(session, incident_id, event_id)

    def dedup(self, *, rebuild: bool = False) -> DedupSummary:
        """Give incidents to the events that have none (stored before deduplication); with ``rebuild``,
        recompute every incident from scratch (deterministic; splits are kept)."""
        with self._writing("rebuild the incidents" if rebuild else "deduplicate events") as session:
            if rebuild:
                return incident_rows.rebuild_incidents(session)
            return incident_rows.dedup_unassigned(session)

    # --- the dashboard and HTTP API (kharita serve): searching, reviews ----------------------------------

    def search_incidents(self, where: EventFilter = EVERYTHING, *, sort: Sort = "date", offset: int = 0,
                         limit: int | None = 100) -> IncidentPage:
        """Incidents matching ``where`` (see ``EventFilter``) with their reports, sorted and paged, and how many
        match in all."""
        with self._reading("search incidents") as session:
            return queries.search_incidents(session, where, sort=sort, offset=offset, limit=limit)

    def search_reports(self, where: EventFilter = EVERYTHING, *, sort: Sort = "date", offset: int = 0,
                       limit: int | None = 100) -> ReportPage:
        """Reported events (one per article and event, before merging) matching ``where``, sorted and paged."""
        with self._reading("search events") as session:
            return queries.search_reports(session, where, sort=sort, offset=offset, limit=limit)

    def places(self, where: EventFilter = EVERYTHING, *, search: str | None = None,
               limit: int = 100) -> list[Place]:
        """Places of the incidents matching ``where`` with their incident counts and fatalities, most first."""
        with self._reading("list places") as session:
            return queries.places(session, where, search=search, limit=limit)

    def timeseries(self, where: EventFilter = EVERYTHING, *, interval: Interval = "month",
                   by: GroupBy = "none", top: int = 8) -> list[Series]:
        """Incidents and fatalities per day, week, month or year, in one series per group (see
        ``queries.timeseries``)."""
        with self._reading("count incidents over time") as session:
            return queries.timeseries(session, where, interval=interval, by=by, top=top)

    def articles(self, article_ids: Sequence[str]) -> dict[str, Article]:
        """The stored articles with these ids (full text), by id; unknown ids are left out."""
        with self._reading("read articles") as session:
            return queries.articles(session, article_ids)

    def source_regions(self) -> list[SourceRegions]:
        """Per outlet (article ``source``): its stored articles, and how many report events in each region."""
        with self._reading("count the regions of each outlet's events") as session:
            return queries.source_regions(session)

    def edits(self, incident_or_event_id: str) -> list[EditEntry]:
        """The reviews of an incident (by its id or one of its events' ids), oldest first."""
        with self._reading("read incident edits") as session:
            found = incident_rows.find_incident_id(session, incident_or_event_id)
            if found is None:
                return []
            members = [e for e, in session.execute(select(IncidentEventRow.event_id)
                                                   .where(IncidentEventRow.incident_id == found))]
            return review_rows.list_edits(session, found, members)

    def review(self, incident_or_event_id: str, change: IncidentChange, *, comment: str | None = None,
               author: str | None = None) -> tuple[Incident, EditEntry | None]:
        """Verify, reject or correct an incident (by its id or one of its events' ids); the edit is logged with
        the values before and after and kept when the incident is recomputed. Returns the incident as it is
        now and the edit (None when nothing changed). Raises InputError for an unknown incident or value."""
        with self._writing(f"review incident {incident_or_event_id!r}") as session:
            found = incident_rows.find_incident_id(session, incident_or_event_id)
            if found is None:
                raise InputError(f"no incident or event {incident_or_event_id!r}; list incidents with "
                                 "`kharita events --incidents`.")
            entry = review_rows.edit_incident(session, found, change, comment=comment, author=author)
            detail = incident_rows.incident_detail(session, found)
            assert detail is not None  # found just above, in the same transaction
            return detail.incident, entry

    # --- feed entries already dealt with (kharita watch) ------------------------------------------------

    def known_feed_entries(self, feed_url: str, entry_ids: Sequence[str]) -> set[str]:
        """Which of ``entry_ids`` are recorded for ``feed_url``."""
        with self._reading("read feed items") as session:
            return feed_rows.known_entries(session, feed_url, entry_ids)

    def known_feed_urls(self, canonical_urls: Sequence[str]) -> set[str]:
        """Which of ``canonical_urls`` are recorded, for any feed."""
        with self._reading("read feed items") as session:
            return feed_rows.known_urls(session, canonical_urls)

    def record_feed_items(self, items: Sequence[FeedItem]) -> int:
        """Record feed entries as dealt with, in one transaction; entries already recorded are left as they
        are. Returns how many were added."""
        with self._writing_feed_items(len(items)) as session:
            return feed_rows.record(session, items)

    # --- the actor registry kept in the database ---------------------------------------------------------

    def actors(
        self, *, unreviewed_only: bool = False, country: str | None = None, search: str | None = None
    ) -> list[StoredActor]:
        """Stored actors by name, with their event counts. ``country``: ISO2 code or name; ``search``: part of
        a key, name or alias (any case); ``unreviewed_only``: named groups not yet in the registry."""
        with self._reading("list actors") as session:
            return actor_rows.list_actors(session, unreviewed_only=unreviewed_only, country=country, search=search)

    def actor(self, key_or_name: str) -> StoredActor | None:
        """The actor with this key, else with this name (any case); None if there is none."""
        with self._reading("look up an actor") as session:
            row = actor_rows.find_actor(session, key_or_name)
            return None if row is None else actor_rows.stored(session, row)

    def add_actor(self, entry: ActorEntry) -> StoredActor:
        """Insert or update (by key) one named actor; its aliases and acronyms are added to the stored ones."""
        return self.add_actors([entry])[0]

    def add_actors(self, entries: Sequence[ActorEntry]) -> list[StoredActor]:
        """``add_actor`` for each entry, in one transaction: all are stored, or (on any error) none."""
        with self._writing(f"store {len(entries)} actor(s)") as session:
            rows = [actor_rows.add_actor(session, entry) for entry in entries]
            return [actor_rows.stored(session, row) for row in rows]

    def merge_actors(self, keep: str, drop: str) -> StoredActor:
        """Every event naming ``drop`` (key or name) names ``keep`` instead; ``drop`` stays, marked as merged
        into ``keep``, and its name and aliases become ``keep``'s aliases. Returns ``keep``."""
        with self._writing(f"merge {drop!r} into {keep!r}") as session:
            return actor_rows.stored(session, actor_rows.merge_actors(session, keep, drop))

    def mark_reviewed(self, key: str) -> StoredActor:
        """Mark an actor (key or name) as reviewed; it is then fed back to the registry."""
        with self._writing(f"mark {key!r} reviewed") as session:
            return actor_rows.stored(session, actor_rows.mark_reviewed(session, key))

    def actor_entries(self, base: Registry | None = None) -> list[ActorEntry]:
        """Registry entries for the actors added, reviewed or merged into here (a merged actor's names are
        aliases of the kept one), for ``kharita.resources.actors.use_actors(entries=...)``. Keys the registry
        (``base``, default the one in use) knows keep their registry data."""
        with self._reading("read actors") as session:
            return actor_rows.actor_entries(session, base if base is not None else registry())

    def close(self) -> None:
        """Release the connections; the store cannot be used afterwards."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _live_engine(self) -> Engine:
        if self._engine is None:
            raise StoreError("the store is closed; call open_store() again to get a new one.")
        return self._engine

    @contextmanager
    def _locked_session(self) -> Iterator[Session]:
        """A session in a transaction that holds the database's write lock (``store.locking``) from its start:
        kharita's writers take turns, so what a batch finds stored is what is stored."""
        with Session(self._live_engine()) as session, session.begin():
            take_write_lock(session.connection())
            yield session

    @contextmanager
    def _writing(self, action: str) -> Iterator[Session]:
        try:
            with self._locked_session() as session:
                yield session
        except IntegrityError as exc:
            raise StoreError(
                f"could not {action}, nothing was changed: it conflicts with stored data ({exc.orig}). "
                "Look at the stored actors with `kharita actors list` and merge or rename the conflicting one."
            ) from exc
        except SQLAlchemyError as exc:
            raise StoreError(
                f"could not {action}, nothing was changed: {exc}. Check the database is reachable and writable, "
                "then retry."
            ) from exc

    @contextmanager
    def _writing_feed_items(self, count: int) -> Iterator[Session]:
        try:
            with self._locked_session() as session:
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(
                f"could not record {count} feed item(s), nothing was changed: {exc}. Check the database is "
                "reachable and writable, then retry; the entries will be fetched again at the next poll."
            ) from exc

    @contextmanager
    def _reading(self, action: str) -> Iterator[Session]:
        try:
            with Session(self._live_engine()) as session:
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"could not {action}: {exc}. Check the database is reachable.") from exc


def _country_match(country: str) -> ColumnElement[bool]:
    """ISO2 code (any case) or country name (any case)."""
    return or_(
        func.upper(LocationRow.country_code) == country.upper(),
        func.lower(LocationRow.country) == country.lower(),
    )


def _event_conditions(
    country: str | None,
    since: date | None,
    until: date | None,
    event_type: str | None,
    article_id: str | None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if country is not None:
        conditions.append(or_(func.upper(EventRow.country_code) == country.upper(),
                              func.lower(EventRow.country) == country.lower(),
                              EventRow.location.has(_country_match(country))))
    if since is not None:
        conditions.append(EventRow.event_date >= since)
    if until is not None:
        conditions.append(EventRow.event_date <= until)
    if event_type is not None:
        wanted = event_type.lower()
        conditions.append(
            or_(func.lower(EventRow.event_type) == wanted, func.lower(EventRow.sub_event_type) == wanted)
        )
    if article_id is not None:
        conditions.append(EventRow.article_id == article_id)
    return conditions


def _aggregate_conditions(country: str | None, article_id: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if country is not None:
        conditions.append(AggregateRow.location.has(_country_match(country)))
    if article_id is not None:
        conditions.append(AggregateRow.article_id == article_id)
    return conditions
