"""Queries behind the dashboard and HTTP API (`kharita serve`): incidents and reported events filtered, sorted
and paged; places with their counts; incidents and fatalities over time.

Every function works inside a session the caller opened.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, get_args

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from kharita.models import Article, Location
from kharita.store import convert
from kharita.store import incidents as incident_rows
from kharita.store.incidents import Incident, IncidentSource
from kharita.store.schema import (
    REJECTED,
    ActorRow,
    ArticleRow,
    AssocActorRow,
    EventRow,
    IncidentEventRow,
    IncidentRow,
    LocationRow,
)

Sort = Literal["date", "-date", "fatalities", "-fatalities", "sources", "-sources"]
Interval = Literal["day", "week", "month", "year"]
GroupBy = Literal["none", "event_type", "sub_event_type", "country", "actor"]
StatusFilter = Literal["active", "all", "unreviewed", "verified", "rejected"]
SORTS: tuple[str, ...] = get_args(Sort)
INTERVALS: tuple[str, ...] = get_args(Interval)
GROUPS: tuple[str, ...] = get_args(GroupBy)
STATUS_FILTERS: tuple[str, ...] = get_args(StatusFilter)
_CHUNK = 500


@dataclass(frozen=True)
class BBox:
    """A box in degrees; ``west`` > ``east`` crosses the antimeridian."""

    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class EventFilter:
    """What to keep; None keeps everything. ``event_type`` matches the type or the sub-event type; ``actor``
    part of an actor's name (or its id) as actor 1, actor 2 or associated actor of any report; ``text`` part of a
    report's article (title or text), notes or place name; ``status`` "active" keeps all but rejected incidents
    (reported events are kept whatever their incident's status)."""

    since: date | None = None
    until: date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    text: str | None = None
    bbox: BBox | None = None
    status: StatusFilter = "active"


EVERYTHING = EventFilter()  # every incident that is not rejected


@dataclass(frozen=True)
class IncidentItem:
    """An incident with its reports (earliest first; ``link`` is None: see ``Store.incident`` for why they
    were merged)."""

    incident: Incident
    sources: tuple[IncidentSource, ...]


@dataclass(frozen=True)
class IncidentPage:
    total: int
    items: tuple[IncidentItem, ...]


@dataclass(frozen=True)
class ReportItem:
    """One reported event (one article's report) and the incident it belongs to (None before dedup)."""

    source: IncidentSource
    incident_id: str | None


@dataclass(frozen=True)
class ReportPage:
    total: int
    items: tuple[ReportItem, ...]


@dataclass(frozen=True)
class Place:
    location: Location
    incidents: int
    fatalities: int


@dataclass(frozen=True)
class Point:
    period: date
    events: int
    fatalities: int


@dataclass(frozen=True)
class Series:
    key: str
    events: int
    fatalities: int
    points: tuple[Point, ...]


# --- incidents ----------------------------------------------------------------------------------------------

def search_incidents(session: Session, where: EventFilter, *, sort: Sort = "date", offset: int = 0,
                     limit: int | None = 100) -> IncidentPage:
    conditions = incident_conditions(where)
    total = session.scalar(select(func.count()).select_from(IncidentRow).where(*conditions)) or 0
    stmt = select(IncidentRow).where(*conditions).order_by(*_incident_order(sort)).offset(offset).limit(limit)
    rows = list(session.scalars(stmt).unique())
    sources = _sources_of(session, [r.id for r in rows])
    items = tuple(IncidentItem(incident_rows._incident(r, [s.event.event_id for s in sources.get(r.id, ())]),
                               tuple(sources.get(r.id, ()))) for r in rows)
    return IncidentPage(total, items)


def incident_conditions(where: EventFilter) -> list[ColumnElement[bool]]:
    conditions = incident_rows.incident_conditions(where.country, where.since, where.until, where.event_type)
    if where.sub_event_type is not None:
        conditions.append(func.lower(IncidentRow.sub_event_type) == where.sub_event_type.lower())
    if where.admin1 is not None:
        conditions.append(IncidentRow.location.has(func.lower(LocationRow.admin1) == where.admin1.lower()))
    if where.bbox is not None:
        conditions.append(IncidentRow.location.has(_in_box(where.bbox)))
    if where.status == "active":
        conditions.append(IncidentRow.review_status != REJECTED)
    elif where.status != "all":
        conditions.append(IncidentRow.review_status == where.status)
    reported = _report_conditions(where)
    if reported:
        matching = (select(IncidentEventRow.incident_id)
                    .join(EventRow, EventRow.event_id == IncidentEventRow.event_id).where(*reported))
        conditions.append(IncidentRow.id.in_(matching))
    return conditions


def _incident_order(sort: Sort) -> tuple[Any, ...]:
    column = {"date": IncidentRow.event_date, "fatalities": IncidentRow.fatalities_best,
              "sources": IncidentRow.n_sources}[sort.lstrip("-")]
    first = column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last()
    return first, IncidentRow.id


def _sources_of(session: Session, incident_ids: Sequence[str]) -> dict[str, list[IncidentSource]]:
    found: dict[str, list[IncidentSource]] = defaultdict(list)
    for chunk in _chunks(incident_ids):
        stmt = (select(IncidentEventRow.incident_id, EventRow, ArticleRow)
                .join(EventRow, EventRow.event_id == IncidentEventRow.event_id)
                .join(ArticleRow, ArticleRow.id == EventRow.article_id)
                .where(IncidentEventRow.incident_id.in_(chunk))
                .order_by(IncidentEventRow.incident_id, IncidentEventRow.position))
        for incident_id, event, article in session.execute(stmt).unique():
            found[incident_id].append(_source(event, article))
    return found


def _source(event: EventRow, article: ArticleRow) -> IncidentSource:
    return IncidentSource(convert.to_event(event), article.title, article.source, article.url,
                          article.published_at, None)


# --- reported events ----------------------------------------------------------------------------------------

def search_reports(session: Session, where: EventFilter, *, sort: Sort = "date", offset: int = 0,
                   limit: int | None = 100) -> ReportPage:
    conditions = [*_report_conditions(where), *_report_only_conditions(where)]
    total = session.scalar(select(func.count()).select_from(EventRow).where(*conditions)) or 0
    stmt = (select(EventRow, ArticleRow, IncidentEventRow.incident_id)
            .join(ArticleRow, ArticleRow.id == EventRow.article_id)
            .outerjoin(IncidentEventRow, IncidentEventRow.event_id == EventRow.event_id)
            .where(*conditions).order_by(*_report_order(sort)).offset(offset).limit(limit))
    items = tuple(ReportItem(_source(event, article), incident_id)
                  for event, article, incident_id in session.execute(stmt).unique())
    return ReportPage(total, items)


def _report_only_conditions(where: EventFilter) -> list[ColumnElement[bool]]:
    """The filters an incident applies to itself, applied to one report."""
    conditions: list[ColumnElement[bool]] = []
    if where.country is not None:
        code, name = where.country.upper(), where.country.lower()
        conditions.append(or_(func.upper(EventRow.country_code) == code, func.lower(EventRow.country) == name,
                              EventRow.location.has(or_(func.upper(LocationRow.country_code) == code,
                                                        func.lower(LocationRow.country) == name))))
    if where.since is not None:
        conditions.append(EventRow.event_date >= where.since)
    if where.until is not None:
        conditions.append(EventRow.event_date <= where.until)
    if where.event_type is not None:
        wanted = where.event_type.lower()
        conditions.append(or_(func.lower(EventRow.event_type) == wanted, func.lower(EventRow.sub_event_type) == wanted))
    if where.sub_event_type is not None:
        conditions.append(func.lower(EventRow.sub_event_type) == where.sub_event_type.lower())
    if where.admin1 is not None:
        conditions.append(EventRow.location.has(func.lower(LocationRow.admin1) == where.admin1.lower()))
    if where.bbox is not None:
        conditions.append(EventRow.location.has(_in_box(where.bbox)))
    return conditions


def _report_order(sort: Sort) -> tuple[Any, ...]:
    if sort.lstrip("-") == "sources":
        return EventRow.event_date.desc().nulls_last(), EventRow.event_id
    column = {"date": EventRow.event_date, "fatalities": EventRow.fatalities}[sort.lstrip("-")]
    first = column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last()
    return first, EventRow.event_id


def _report_conditions(where: EventFilter) -> list[ColumnElement[bool]]:
    """Conditions on one report (EventRow) that make its incident match too: actor and text."""
    conditions: list[ColumnElement[bool]] = []
    if where.actor:
        conditions.append(_actor_match(where.actor.strip().lower()))
    if where.text:
        conditions.append(_text_match(where.text.strip().lower()))
    return conditions


def _actor_match(wanted: str) -> ColumnElement[bool]:
    actors = select(ActorRow.id).where(or_(func.lower(ActorRow.name).contains(wanted, autoescape=True),
                                           func.lower(ActorRow.key) == wanted))
    assoc = select(AssocActorRow.event_id).where(func.lower(AssocActorRow.name).contains(wanted, autoescape=True))
    return or_(EventRow.actor1_id.in_(actors), EventRow.actor2_id.in_(actors), EventRow.event_id.in_(assoc))


def _text_match(wanted: str) -> ColumnElement[bool]:
    articles = select(ArticleRow.id).where(or_(func.lower(ArticleRow.title).contains(wanted, autoescape=True),
                                               func.lower(ArticleRow.text).contains(wanted, autoescape=True)))
    return or_(EventRow.article_id.in_(articles), func.lower(EventRow.notes).contains(wanted, autoescape=True),
               EventRow.location.has(func.lower(LocationRow.name).contains(wanted, autoescape=True)))


def _in_box(box: BBox) -> ColumnElement[bool]:
    latitude = LocationRow.latitude.between(box.south, box.north)
    if box.west <= box.east:
        return and_(latitude, LocationRow.longitude.between(box.west, box.east))
    return and_(latitude, or_(LocationRow.longitude >= box.west, LocationRow.longitude <= box.east))


# --- articles, places ---------------------------------------------------------------------------------------

def articles(session: Session, article_ids: Sequence[str]) -> dict[str, Article]:
    found: dict[str, Article] = {}
    for chunk in _chunks(article_ids):
        for row in session.scalars(select(ArticleRow).where(ArticleRow.id.in_(chunk))):
            found[row.id] = Article(row.id, row.text, row.title, row.url, row.published_at, row.source)
    return found


def places(session: Session, where: EventFilter, *, search: str | None = None, limit: int = 100) -> list[Place]:
    """Places that incidents matching ``where`` happened at, most incidents first."""
    count = func.count(IncidentRow.id)
    stmt = (select(LocationRow, count, func.coalesce(func.sum(IncidentRow.fatalities_best), 0))
            .join(IncidentRow, IncidentRow.location_id == LocationRow.id)
            .where(*incident_conditions(where)).group_by(LocationRow.id)
            .order_by(count.desc(), LocationRow.name, LocationRow.id).limit(limit))
    if search:
        stmt = stmt.where(func.lower(LocationRow.name).contains(search.strip().lower(), autoescape=True))
    found: list[Place] = []
    for row, incidents, fatalities in session.execute(stmt):
        location = convert.to_location(row)
        if location is not None:
            found.append(Place(location, int(incidents), int(fatalities)))
    return found


@dataclass(frozen=True)
class SourceRegions:
    """One outlet's stored articles, and per first-level region (ISO2, admin1 name) how many of them report
    an event there: what its home region is learnt from (``kharita.stages.places.home_of``)."""

    source: str
    articles: int
    regions: dict[tuple[str, str], int]


def source_regions(session: Session) -> list[SourceRegions]:
    totals = session.execute(select(ArticleRow.source, func.count()).where(ArticleRow.source.is_not(None))
                             .group_by(ArticleRow.source)).all()
    reporting = func.count(func.distinct(EventRow.article_id))
    rows = session.execute(
        select(ArticleRow.source, LocationRow.country_code, LocationRow.admin1, reporting)
        .join(EventRow, EventRow.article_id == ArticleRow.id).join(LocationRow, LocationRow.id == EventRow.location_id)
        .where(ArticleRow.source.is_not(None), LocationRow.country_code.is_not(None), LocationRow.admin1.is_not(None))
        .group_by(ArticleRow.source, LocationRow.country_code, LocationRow.admin1)).all()
    regions: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for source, cc, admin1, count in rows:
        regions[str(source)][(str(cc), str(admin1))] = int(count)
    return [SourceRegions(str(source), int(total), regions.get(str(source), {})) for source, total in totals]


# --- over time ----------------------------------------------------------------------------------------------

def timeseries(session: Session, where: EventFilter, *, interval: Interval = "month", by: GroupBy = "none",
               top: int = 8) -> list[Series]:
    """Incidents and fatalities per period (the first day of its day, week (Monday), month or year), one series
    per group; past the ``top`` groups with most incidents, the rest are added up as "other". Undated
    incidents are left out."""
    counts: dict[str, dict[date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for day, key, fatalities in session.execute(_series_rows(where, by)):
        if day is None:  # excluded by the query; keeps the types honest
            continue
        cell = counts[key or "unknown"][period_start(day, interval)]
        cell[0] += 1
        cell[1] += fatalities
    series = sorted((_series(key, cells) for key, cells in counts.items()), key=lambda s: (-s.events, s.key))
    if len(series) <= top:
        return series
    return [*series[:top], _merged("other", series[top:])]


def _series_rows(where: EventFilter, by: GroupBy) -> Select[date | None, str | None, int]:
    if by == "actor":
        lead, actor = aliased(IncidentEventRow), aliased(ActorRow)
        return (select(IncidentRow.event_date, actor.name, IncidentRow.fatalities_best)
                .join(lead, and_(lead.incident_id == IncidentRow.id, lead.position == 0))
                .join(EventRow, EventRow.event_id == lead.event_id)
                .outerjoin(actor, actor.id == EventRow.actor1_id)
                .where(*incident_conditions(where), IncidentRow.event_date.is_not(None)))
    key = {"none": literal("all"), "event_type": IncidentRow.event_type,
           "sub_event_type": IncidentRow.sub_event_type, "country": IncidentRow.country}[by]
    return (select(IncidentRow.event_date, key, IncidentRow.fatalities_best)
            .where(*incident_conditions(where), IncidentRow.event_date.is_not(None)))


def period_start(day: date, interval: Interval) -> date:
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    if interval == "year":
        return day.replace(month=1, day=1)
    return day


def _series(key: str, cells: dict[date, list[int]]) -> Series:
    points = tuple(Point(period, events, fatalities) for period, (events, fatalities) in sorted(cells.items()))
    return Series(key, sum(p.events for p in points), sum(p.fatalities for p in points), points)


def _merged(key: str, series: Sequence[Series]) -> Series:
    cells: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for one in series:
        for point in one.points:
            cells[point.period][0] += point.events
            cells[point.period][1] += point.fatalities
    return _series(key, cells)


def _chunks(items: Sequence[str]) -> Iterator[list[str]]:
    listed = list(items)
    for start in range(0, len(listed), _CHUNK):
        yield listed[start : start + _CHUNK]
