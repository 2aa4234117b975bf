"""Incidents in the database: load events as dedup reports, keep incidents up to date, split, read back.

Every function works inside a session the caller opened (and commits): ``Store.save`` updates the incidents
around a batch's new events in the batch's own transaction.

Incremental updates give the same incidents as a rebuild: clustering depends only on the connected component
(of the "score >= threshold" graph) a report belongs to, so the component around the new events is loaded
(widening the date window until no member is within ``MAX_DAYS`` of its edge) and clustered again.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.orm import Session

from kharita.dedup import (
    MAX_DAYS,
    Canonical,
    Cluster,
    MatchExplanation,
    Report,
    canonical,
    cluster,
    cluster_around,
    lead_key,
    report_of,
)
from kharita.dedup.cluster import links_within
from kharita.errors import StoreError
from kharita.models import Event, Location
from kharita.store import convert
from kharita.store.reviews import reapply_edits
from kharita.store.schema import (
    MERGE,
    SPLIT,
    ArticleRow,
    EventRow,
    EvidenceRow,
    IncidentEventRow,
    IncidentRow,
    LocationRow,
    MergeLogRow,
)

_CHUNK = 500


@dataclass(frozen=True)
class Incident:
    """A canonical event: one incident and its reconciled toll; ``event_ids`` its reports, earliest first;
    ``review_status`` unreviewed, verified or rejected (``store.reviews``)."""

    incident_id: str
    event_type: str
    sub_event_type: str
    event_date: date | None
    location: Location | None
    country: str | None
    country_code: str | None
    fatalities: int
    fatalities_low: int
    fatalities_high: int
    n_sources: int
    event_ids: tuple[str, ...]
    review_status: str = "unreviewed"


@dataclass(frozen=True)
class IncidentSource:
    """One report of an incident: the event, its article, and the match that ties it to the other reports."""

    event: Event
    title: str | None
    source: str | None
    url: str | None
    published_at: date | None
    link: MatchExplanation | None


@dataclass(frozen=True)
class LogEntry:
    """One line of an incident's history (a merge or a split)."""

    incident_id: str
    event_id: str
    action: str
    score: float | None
    reasons: dict[str, Any]
    at: datetime


@dataclass(frozen=True)
class IncidentDetail:
    incident: Incident
    sources: tuple[IncidentSource, ...]
    history: tuple[LogEntry, ...]


@dataclass(frozen=True)
class DedupSummary:
    """What an update or a rebuild of the incidents did."""

    events: int = 0
    incidents: int = 0
    merges_logged: int = 0


# --- loading events as reports ------------------------------------------------------------------------------

_DAY = func.coalesce(EventRow.event_date, ArticleRow.published_at)


def _event_articles(session: Session, where: ColumnElement[bool]) -> list[tuple[EventRow, ArticleRow]]:
    stmt = select(EventRow, ArticleRow).join(ArticleRow, ArticleRow.id == EventRow.article_id).where(where)
    return [(event, article) for event, article in session.execute(stmt).unique()]


def load_reports(session: Session, where: ColumnElement[bool]) -> list[Report]:
    """Reports for the events matching ``where``; an article's lead event also reads its title and text."""
    rows = _event_articles(session, where)
    leads = lead_events(session, {event.article_id for event, _ in rows})
    return [_report(event, article, leads.get(article.id) == event.event_id) for event, article in rows]


def _report(row: EventRow, article: ArticleRow, lead: bool) -> Report:
    context = [t for t in (article.title, article.text) if t] if lead else []
    return report_of(convert.to_event(row), published_at=article.published_at, context=context)


def lead_events(session: Session, article_ids: Collection[str]) -> dict[str, str]:
    """article id → its lead event's id (``kharita.dedup.lead_key``: the event reported first)."""
    best: dict[str, tuple[tuple[int, float, str], str]] = {}
    for chunk in _chunks(sorted(article_ids)):
        stmt = (select(EventRow.article_id, EventRow.event_id, EventRow.confidence, func.min(EvidenceRow.start))
                .outerjoin(EvidenceRow, EvidenceRow.event_id == EventRow.event_id)
                .where(EventRow.article_id.in_(chunk))
                .group_by(EventRow.article_id, EventRow.event_id, EventRow.confidence))
        for article_id, event_id, confidence, first in session.execute(stmt):
            key = lead_key(first, confidence, event_id)
            if article_id not in best or key < best[article_id][0]:
                best[article_id] = (key, event_id)
    return {article_id: event_id for article_id, (_, event_id) in best.items()}


def _reports_by_id(session: Session, event_ids: Collection[str]) -> list[Report]:
    return [r for chunk in _chunks(sorted(event_ids)) for r in load_reports(session, EventRow.event_id.in_(chunk))]


def _reports_between(session: Session, first: date, last: date) -> list[Report]:
    return load_reports(session, _DAY.between(first, last))


def apart_pairs(session: Session) -> set[frozenset[str]]:
    """Pairs of events a person split apart: they stay in different incidents, also after a rebuild."""
    pairs: set[frozenset[str]] = set()
    for event_id, reasons in session.execute(select(MergeLogRow.event_id, MergeLogRow.reasons)
                                             .where(MergeLogRow.action == SPLIT)):
        pairs.update(frozenset((event_id, other)) for other in _json(reasons).get("apart_from", []))
    return pairs


# --- updating incidents -------------------------------------------------------------------------------------

def update_incidents(session: Session, event_ids: Collection[str], *, now: datetime | None = None) -> DedupSummary:
    """Match the events ``event_ids`` (new, or changed by a split) against the stored ones around their dates
    and rewrite the incidents of their components."""
    if not event_ids:
        return DedupSummary()
    apart = apart_pairs(session)
    seeds = set(event_ids)
    while True:
        groups, clusters = _component_clusters(session, seeds, apart)
        involved = {r.event_id for g in groups for r in g} | seeds
        extra = _incident_members(session, involved) - involved
        if not extra:
            return _write(session, involved, clusters, now or datetime.now(UTC))
        seeds |= extra


def _component_clusters(session: Session, seeds: set[str],
                        apart: set[frozenset[str]]) -> tuple[list[list[Report]], list[Cluster]]:
    seed_reports = _reports_by_id(session, seeds)
    days = [r.day for r in seed_reports if r.day is not None]
    if not days:
        return [[r] for r in seed_reports], cluster(seed_reports, apart=apart)
    first, last = min(days) - timedelta(days=MAX_DAYS), max(days) + timedelta(days=MAX_DAYS)
    while True:
        pool = {r.event_id: r for r in [*_reports_between(session, first, last), *seed_reports]}
        groups, clusters = cluster_around(pool.values(), seeds, apart=apart)
        reached = [r.day for g in groups for r in g if r.day is not None]
        if min(reached) - timedelta(days=MAX_DAYS) >= first and max(reached) + timedelta(days=MAX_DAYS) <= last:
            return groups, clusters
        first = min(first, min(reached) - timedelta(days=MAX_DAYS))
        last = max(last, max(reached) + timedelta(days=MAX_DAYS))


def _incident_members(session: Session, event_ids: Collection[str]) -> set[str]:
    """Every event sharing an incident with one of ``event_ids``."""
    members: set[str] = set()
    for chunk in _chunks(sorted(event_ids)):
        incidents = select(IncidentEventRow.incident_id).where(IncidentEventRow.event_id.in_(chunk))
        members.update(session.scalars(select(IncidentEventRow.event_id)
                                        .where(IncidentEventRow.incident_id.in_(incidents))))
    return members


def rebuild_incidents(session: Session, *, now: datetime | None = None) -> DedupSummary:
    """Recompute every incident from all stored events (splits are kept); deterministic."""
    reports = load_reports(session, EventRow.event_id.is_not(None))
    clusters = cluster(reports, apart=apart_pairs(session))
    return _write(session, {r.event_id for r in reports}, clusters, now or datetime.now(UTC))


def dedup_unassigned(session: Session, *, now: datetime | None = None, chunk: int = 2000) -> DedupSummary:
    """Give incidents to the events that have none yet: those stored by an ingest (which deduplicates once,
    at its end), by a run that was cut short, or before deduplication existed. The events go in date order,
    ``chunk`` at a time, so that memory depends on how many events lie around one date, not on the archive;
    chunking changes nothing (an update gives the incidents a rebuild would)."""
    assigned = select(IncidentEventRow.event_id)
    stmt = (select(EventRow.event_id).join(ArticleRow, ArticleRow.id == EventRow.article_id)
            .where(EventRow.event_id.not_in(assigned)).order_by(_DAY.asc().nulls_last(), EventRow.event_id))
    missing = list(session.scalars(stmt))
    merges = 0
    for start in range(0, len(missing), chunk):
        merges += update_incidents(session, missing[start:start + chunk], now=now).merges_logged
        session.expunge_all()  # flushed already: let the loaded rows and article texts go
    return DedupSummary(events=len(missing), incidents=len(set(_assignments(session, missing).values())),
                        merges_logged=merges)


def _write(session: Session, event_ids: set[str], clusters: list[Cluster], now: datetime) -> DedupSummary:
    old = _assignments(session, event_ids)
    created = _created_at(session, set(old.values()))
    _delete_incidents(session, event_ids, set(old.values()))
    logged = 0
    written: dict[str, tuple[str, ...]] = {}
    for found in clusters:
        incident = canonical(found.members)
        session.add(_incident_row(session, incident, created.get(incident.incident_id, now), now))
        session.flush()
        session.add_all(IncidentEventRow(event_id=e, incident_id=incident.incident_id, position=i)
                        for i, e in enumerate(incident.event_ids))
        logged += _log_merges(session, found, incident.incident_id, old, now)
        written[incident.incident_id] = incident.event_ids
    reapply_edits(session, written)  # a reviewer's verification and corrections outlast recomputing
    session.flush()
    return DedupSummary(events=len(event_ids), incidents=len(clusters), merges_logged=logged)


def _assignments(session: Session, event_ids: Collection[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in _chunks(sorted(event_ids)):
        stmt = select(IncidentEventRow.event_id, IncidentEventRow.incident_id).where(
            IncidentEventRow.event_id.in_(chunk))
        found.update((event_id, incident_id) for event_id, incident_id in session.execute(stmt))
    return found


def _created_at(session: Session, incident_ids: Collection[str]) -> dict[str, datetime]:
    found: dict[str, datetime] = {}
    for chunk in _chunks(sorted(incident_ids)):
        stmt = select(IncidentRow.id, IncidentRow.created_at).where(IncidentRow.id.in_(chunk))
        found.update((incident_id, created) for incident_id, created in session.execute(stmt))
    return found


def _delete_incidents(session: Session, event_ids: Collection[str], incident_ids: Collection[str]) -> None:
    fetch = {"synchronize_session": "fetch"}
    for chunk in _chunks(sorted(event_ids)):
        session.execute(delete(IncidentEventRow).where(IncidentEventRow.event_id.in_(chunk)), execution_options=fetch)
    for chunk in _chunks(sorted(incident_ids)):
        session.execute(delete(IncidentRow).where(IncidentRow.id.in_(chunk)), execution_options=fetch)
    session.flush()


def _incident_row(session: Session, incident: Canonical, created: datetime, now: datetime) -> IncidentRow:
    location_id = None
    if incident.location is not None:
        key = convert.location_key(incident.location)
        location_id = session.scalar(select(LocationRow.id).where(LocationRow.key == key))
    tolls = incident.fatalities
    return IncidentRow(id=incident.incident_id, event_type=incident.event_type,
                       sub_event_type=incident.sub_event_type, event_date=incident.event_date,
                       location_id=location_id, country=incident.country, country_code=incident.country_code,
                       fatalities_best=tolls.best, fatalities_low=tolls.low, fatalities_high=tolls.high,
                       n_sources=incident.n_sources, created_at=created, updated_at=now)


def _log_merges(session: Session, found: Cluster, incident_id: str, old: dict[str, str], now: datetime) -> int:
    """A merge entry for each report now in a multi-report incident that was not in this one before."""
    logged = 0
    for report in found.members:
        link = found.link_of(report.event_id)
        if link is None or old.get(report.event_id) == incident_id:
            continue
        session.add(MergeLogRow(incident_id=incident_id, event_id=report.event_id, action=MERGE,
                                score=link.score, reasons=json.dumps(link.to_dict()), at=now))
        logged += 1
    return logged


# --- splitting ----------------------------------------------------------------------------------------------

def split_event(session: Session, incident_id: str, event_id: str, *, now: datetime | None = None) -> str:
    """Detach ``event_id`` from ``incident_id``: it is kept apart from the incident's other reports from now
    on (also in rebuilds), which makes it its own incident (or part of another it matches). Returns the id of
    its incident afterwards."""
    members = _members(session, incident_id)
    if event_id not in members:
        raise StoreError(f"event {event_id!r} is not a report of incident {incident_id!r}; see its reports with "
                         f"`kharita events show {incident_id}`.")
    if len(members) < 2:
        raise StoreError(f"incident {incident_id!r} has only one report ({event_id}); there is nothing to split.")
    others = [e for e in members if e != event_id]
    when = now or datetime.now(UTC)
    session.add(MergeLogRow(incident_id=incident_id, event_id=event_id, action=SPLIT, score=None,
                            reasons=json.dumps({"apart_from": others, "by": "kharita events split"}), at=when))
    session.flush()
    update_incidents(session, members, now=when)
    assigned = _assignments(session, [event_id])
    return assigned[event_id]


def _members(session: Session, incident_id: str) -> list[str]:
    stmt = (select(IncidentEventRow.event_id).where(IncidentEventRow.incident_id == incident_id)
            .order_by(IncidentEventRow.position))
    return list(session.scalars(stmt))


# --- reading ------------------------------------------------------------------------------------------------

def list_incidents(session: Session, conditions: Sequence[ColumnElement[bool]], limit: int | None) -> list[Incident]:
    stmt = (select(IncidentRow).where(*conditions)
            .order_by(IncidentRow.event_date.asc().nulls_last(), IncidentRow.id).limit(limit))
    rows = list(session.scalars(stmt).unique())
    members = _members_of(session, [r.id for r in rows])
    return [_incident(row, members.get(row.id, ())) for row in rows]


def _members_of(session: Session, incident_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for chunk in _chunks(list(incident_ids)):
        stmt = (select(IncidentEventRow.incident_id, IncidentEventRow.event_id)
                .where(IncidentEventRow.incident_id.in_(chunk)).order_by(IncidentEventRow.position))
        for incident_id, event_id in session.execute(stmt):
            found.setdefault(incident_id, []).append(event_id)
    return {k: tuple(v) for k, v in found.items()}


def _incident(row: IncidentRow, event_ids: Sequence[str]) -> Incident:
    return Incident(incident_id=row.id, event_type=row.event_type, sub_event_type=row.sub_event_type,
                    event_date=row.event_date, location=convert.to_location(row.location), country=row.country,
                    country_code=row.country_code, fatalities=row.fatalities_best,
                    fatalities_low=row.fatalities_low, fatalities_high=row.fatalities_high,
                    n_sources=row.n_sources, event_ids=tuple(event_ids), review_status=row.review_status)


def incident_conditions(country: str | None, since: date | None, until: date | None,
                        event_type: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if country is not None:
        conditions.append(or_(func.upper(IncidentRow.country_code) == country.upper(),
                              func.lower(IncidentRow.country) == country.lower()))
    if since is not None:
        conditions.append(IncidentRow.event_date >= since)
    if until is not None:
        conditions.append(IncidentRow.event_date <= until)
    if event_type is not None:
        wanted = event_type.lower()
        conditions.append(or_(func.lower(IncidentRow.event_type) == wanted,
                              func.lower(IncidentRow.sub_event_type) == wanted))
    return conditions


def find_incident_id(session: Session, incident_or_event_id: str) -> str | None:
    """The incident with this id, or the incident of the event with this id."""
    if session.get(IncidentRow, incident_or_event_id) is not None:
        return incident_or_event_id
    link = session.get(IncidentEventRow, incident_or_event_id)
    return link.incident_id if link is not None else None


def incident_detail(session: Session, incident_id: str) -> IncidentDetail | None:
    row = session.get(IncidentRow, incident_id)
    if row is None:
        return None
    members = _members(session, incident_id)
    rows = {e.event_id: (e, a) for e, a in _event_articles(session, EventRow.event_id.in_(members))}
    links = links_within(_reports_by_id(session, members))
    sources = tuple(_source(*rows[e], links.get(e)) for e in members if e in rows)
    return IncidentDetail(_incident(row, members), sources, tuple(_history(session, incident_id, members)))


def _source(event: EventRow, article: ArticleRow, link: MatchExplanation | None) -> IncidentSource:
    return IncidentSource(convert.to_event(event), article.title, article.source, article.url,
                          article.published_at, link)


def _history(session: Session, incident_id: str, members: Sequence[str]) -> Iterator[LogEntry]:
    stmt = (select(MergeLogRow)
            .where(or_(MergeLogRow.incident_id == incident_id, MergeLogRow.event_id.in_(list(members))))
            .order_by(MergeLogRow.at, MergeLogRow.id))
    for row in session.scalars(stmt):
        yield LogEntry(row.incident_id, row.event_id, row.action, row.score, _json(row.reasons), row.at)


def _json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StoreError(f"a merge_log row holds {text[:80]!r}, which is not JSON; the database is corrupt. "
                         "Rebuild the incidents with `kharita dedup --rebuild`.") from exc
    return value if isinstance(value, dict) else {}


def _chunks(items: Sequence[str] | Iterable[str]) -> Iterator[list[str]]:
    listed = list(items)
    for start in range(0, len(listed), _CHUNK):
        yield listed[start : start + _CHUNK]
