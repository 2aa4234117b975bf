"""The API's request and response bodies (pydantic), and their mapping from kharita's frozen dataclasses."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from kharita.dedup import MatchExplanation
from kharita.export import inter_code
from kharita.models import EVENT_TYPES, SUB_EVENT_TYPES, Actor, Article, Event, Evidence, Location
from kharita.store import Incident, IncidentDetail, IncidentSource, LogEntry, StoredActor
from kharita.store.queries import IncidentItem, Place, ReportItem, Series
from kharita.store.reviews import EditEntry
from kharita.store.schema import REVIEW_STATUSES

ReviewStatus = Literal["unreviewed", "verified", "rejected"]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """Dates come as YYYY-MM-DD only (pydantic would also take a number as a Unix time)."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("give a date as YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
assert set(REVIEW_STATUSES) == {"unreviewed", "verified", "rejected"}


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- errors -------------------------------------------------------------------------------------------------

class ErrorDetail(_Out):
    location: list[str | int] = Field(description="where the problem is, e.g. ['query', 'since']")
    message: str
    type: str


class ErrorBody(_Out):
    status: int = Field(description="the HTTP status code")
    code: str = Field(description="a stable, machine-readable name: not_found, validation_error, unauthorized, ...")
    message: str = Field(description="what went wrong and what to do")
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorResponse(_Out):
    """Every error the API answers has this shape."""

    error: ErrorBody


# --- records ------------------------------------------------------------------------------------------------

class ActorOut(_Out):
    name: str
    type: str
    country: str | None
    id: str | None
    reviewed: bool


class LocationOut(_Out):
    name: str
    admin1: str | None
    admin2: str | None
    country: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    geonameid: int | None


class EvidenceOut(_Out):
    start: int = Field(description="offset of the span's first character (Unicode code points) in the article")
    end: int
    text: str


class EventOut(_Out):
    """One article's report of an event (before reports of one incident are merged)."""

    event_id: str
    article_id: str
    incident_id: str | None = None
    event_date: date | None
    date_precision: str | None
    event_type: str
    sub_event_type: str
    actor1: ActorOut | None
    actor2: ActorOut | None
    assoc_actor_1: list[str]
    assoc_actor_2: list[str]
    location: LocationOut | None
    fatalities: int
    fatalities_low: int | None
    fatalities_high: int | None
    injured: int
    confidence: float
    evidence: list[EvidenceOut]
    notes: str
    country: str | None
    country_code: str | None


class SourceRef(_Out):
    event_id: str
    article_id: str
    title: str | None
    source: str | None
    url: str | None
    published_at: date | None


class IncidentOut(_Out):
    """An incident: the canonical event merging every article's report of it."""

    id: str
    event_date: date | None
    event_type: str
    sub_event_type: str
    country: str | None
    country_code: str | None
    location: LocationOut | None
    fatalities: int = Field(description="best figure: the lowest toll of the latest reports, or a reviewer's")
    fatalities_low: int
    fatalities_high: int
    n_sources: int
    review_status: ReviewStatus
    actor1: ActorOut | None
    actor2: ActorOut | None
    event_ids: list[str]
    sources: list[SourceRef]


class IncidentPageOut(_Out):
    total: int = Field(description="how many incidents match, in all pages")
    offset: int
    limit: int
    items: list[IncidentOut]


class ReportPageOut(_Out):
    total: int
    offset: int
    limit: int
    items: list[EventOut]


class ArticleOut(_Out):
    id: str
    title: str | None
    url: str | None
    source: str | None
    published_at: date | None
    text: str


class ComponentOut(_Out):
    name: str
    points: float
    value: float | None
    reason: str


class MatchOut(_Out):
    """Why a report was merged with another: the match score and its parts."""

    a: str
    b: str
    score: float
    veto: str | None
    summary: str
    components: list[ComponentOut]


class SourceOut(_Out):
    event: EventOut
    article: ArticleOut | None
    link: MatchOut | None


class FieldChangeOut(_Out):
    field: str
    before: Any
    after: Any


class HistoryOut(_Out):
    """One line of an incident's history: a merge or a split of reports, or a reviewer's edit."""

    at: datetime
    action: Literal["merge", "split", "edit"]
    incident_id: str
    event_id: str
    summary: str
    score: float | None = None
    changes: list[FieldChangeOut] = Field(default_factory=list)
    comment: str | None = None
    author: str | None = None


class IncidentDetailOut(_Out):
    incident: IncidentOut
    sources: list[SourceOut]
    history: list[HistoryOut]


class ReviewOut(_Out):
    incident: IncidentOut
    edit: HistoryOut | None = Field(description="the edit recorded; null when the request changed nothing")


class StoredActorOut(_Out):
    id: str | None
    name: str
    type: str
    inter: int | None
    country: str | None
    reviewed: bool
    aliases: list[str]
    merged_into: str | None
    events: int
    origin: str


class PlaceOut(_Out):
    location: LocationOut
    incidents: int
    fatalities: int


class PointOut(_Out):
    period: date = Field(description="first day of the day, week (Monday), month or year")
    events: int
    fatalities: int


class SeriesOut(_Out):
    key: str
    events: int
    fatalities: int
    points: list[PointOut]


class TimeseriesOut(_Out):
    interval: str
    by: str
    series: list[SeriesOut]


class ConfigOut(_Out):
    """What the dashboard needs to know about this server."""

    tile_url: str | None
    tile_attribution: str
    public_reads: bool
    writes_enabled: bool
    event_types: dict[str, list[str]]
    review_statuses: list[str]
    version: str


class IngestOut(_Out):
    article_id: str
    stored: bool = Field(description="false when the same article was stored before")
    events: int
    incident_ids: list[str]


# --- request bodies -----------------------------------------------------------------------------------------

class ReviewIn(BaseModel):
    """Verify, reject or correct an incident; give only what changes."""

    model_config = ConfigDict(extra="forbid")

    review_status: ReviewStatus | None = None
    event_date: IsoDate | None = None
    event_type: str | None = Field(default=None, json_schema_extra={"enum": list(EVENT_TYPES)})
    sub_event_type: str | None = Field(default=None, json_schema_extra={"enum": list(SUB_EVENT_TYPES)})
    fatalities: int | None = Field(default=None, ge=0, le=1_000_000)
    comment: str | None = Field(default=None, max_length=2000)

    @field_validator("event_type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if value is not None and value not in EVENT_TYPES:
            raise ValueError(f"not an ACLED event type; use one of: {', '.join(EVENT_TYPES)}")
        return value

    @field_validator("sub_event_type")
    @classmethod
    def _known_sub_type(cls, value: str | None) -> str | None:
        if value is not None and value not in SUB_EVENT_TYPES:
            raise ValueError(f"not an ACLED sub-event type; use one of: {', '.join(SUB_EVENT_TYPES)}")
        return value


class ArticleIn(BaseModel):
    """An article to ingest: its events are extracted, stored and merged into incidents."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=1_000_000)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=300)
    published_at: IsoDate | None = None
    id: str | None = Field(default=None, min_length=1, max_length=200)


# --- mapping from kharita's records ---------------------------------------------------------------------------

def actor_out(actor: Actor | None) -> ActorOut | None:
    if actor is None:
        return None
    return ActorOut(name=actor.name, type=actor.type, country=actor.country, id=actor.id, reviewed=actor.reviewed)


def location_out(location: Location | None) -> LocationOut | None:
    if location is None:
        return None
    return LocationOut(name=location.name, admin1=location.admin1, admin2=location.admin2, country=location.country,
                       country_code=location.country_code, latitude=location.latitude,
                       longitude=location.longitude, geo_precision=location.geo_precision,
                       geonameid=location.geonameid)


def _evidence(spans: Sequence[Evidence]) -> list[EvidenceOut]:
    return [EvidenceOut(start=e.start, end=e.end, text=e.text) for e in spans]


def event_out(event: Event, incident_id: str | None = None) -> EventOut:
    return EventOut(event_id=event.event_id, article_id=event.article_id, incident_id=incident_id,
                    event_date=event.event_date, date_precision=event.date_precision, event_type=event.event_type,
                    sub_event_type=event.sub_event_type, actor1=actor_out(event.actor1),
                    actor2=actor_out(event.actor2), assoc_actor_1=list(event.assoc_actor_1),
                    assoc_actor_2=list(event.assoc_actor_2), location=location_out(event.location),
                    fatalities=event.fatalities, fatalities_low=event.fatalities_low,
                    fatalities_high=event.fatalities_high, injured=event.injured, confidence=event.confidence,
                    evidence=_evidence(event.evidence), notes=event.notes, country=event.country,
                    country_code=event.country_code)


def lead_actors(sources: Sequence[IncidentSource]) -> tuple[Actor | None, Actor | None]:
    """The incident's actors: those of its earliest report that names actor 1 (else of its earliest report)."""
    named = next((s.event for s in sources if s.event.actor1 is not None), None)
    if named is None:
        named = sources[0].event if sources else None
    return (named.actor1, named.actor2) if named is not None else (None, None)


def incident_out(incident: Incident, sources: Sequence[IncidentSource]) -> IncidentOut:
    actor1, actor2 = lead_actors(sources)
    refs = [SourceRef(event_id=s.event.event_id, article_id=s.event.article_id, title=s.title, source=s.source,
                      url=s.url, published_at=s.published_at) for s in sources]
    return IncidentOut(id=incident.incident_id, event_date=incident.event_date, event_type=incident.event_type,
                       sub_event_type=incident.sub_event_type, country=incident.country,
                       country_code=incident.country_code, location=location_out(incident.location),
                       fatalities=incident.fatalities, fatalities_low=incident.fatalities_low,
                       fatalities_high=incident.fatalities_high, n_sources=incident.n_sources,
                       review_status=_status(incident.review_status), actor1=actor_out(actor1),
                       actor2=actor_out(actor2), event_ids=list(incident.event_ids), sources=refs)


def _status(value: str) -> ReviewStatus:
    if value == "verified":
        return "verified"
    if value == "rejected":
        return "rejected"
    return "unreviewed"


def incident_item_out(item: IncidentItem) -> IncidentOut:
    return incident_out(item.incident, item.sources)


def report_out(item: ReportItem) -> EventOut:
    return event_out(item.source.event, item.incident_id)


def article_out(article: Article | None) -> ArticleOut | None:
    if article is None:
        return None
    return ArticleOut(id=article.id, title=article.title, url=article.url, source=article.source,
                      published_at=article.published_at, text=article.text)


def match_out(link: MatchExplanation | None) -> MatchOut | None:
    if link is None:
        return None
    return MatchOut(a=link.a, b=link.b, score=link.score, veto=link.veto, summary=link.summary(),
                    components=[ComponentOut(name=c.name, points=c.points, value=c.value, reason=c.reason)
                                for c in link.components])


def detail_out(detail: IncidentDetail, articles: dict[str, Article], edits: Sequence[EditEntry]) -> IncidentDetailOut:
    incident_id = detail.incident.incident_id
    sources = [SourceOut(event=event_out(s.event, incident_id), article=article_out(articles.get(s.event.article_id)),
                         link=match_out(s.link)) for s in detail.sources]
    history = sorted([*(log_out(e) for e in detail.history), *(edit_out(e) for e in edits)], key=lambda h: h.at)
    return IncidentDetailOut(incident=incident_out(detail.incident, detail.sources), sources=sources,
                             history=history)


def log_out(entry: LogEntry) -> HistoryOut:
    if entry.action == "split":
        summary = f"event {entry.event_id} detached from {entry.incident_id}"
        return HistoryOut(at=entry.at, action="split", incident_id=entry.incident_id, event_id=entry.event_id,
                          summary=summary)
    other = entry.reasons.get("b") if entry.reasons.get("a") == entry.event_id else entry.reasons.get("a")
    score = f"{entry.score:.2f}" if entry.score is not None else "n/a"
    return HistoryOut(at=entry.at, action="merge", incident_id=entry.incident_id, event_id=entry.event_id,
                      score=entry.score, summary=f"event {entry.event_id} merged (score {score}, matched {other})")


def edit_out(entry: EditEntry) -> HistoryOut:
    parts = [f"{c.field}: {c.before} → {c.after}" for c in entry.changes]
    return HistoryOut(at=entry.at, action="edit", incident_id=entry.incident_id, event_id=entry.event_id,
                      summary="; ".join(parts), comment=entry.comment, author=entry.author,
                      changes=[FieldChangeOut(field=c.field, before=c.before, after=c.after) for c in entry.changes])


def stored_actor_out(actor: StoredActor) -> StoredActorOut:
    return StoredActorOut(id=actor.key, name=actor.name, type=actor.type, inter=inter_code(actor.type),
                          country=actor.country, reviewed=actor.reviewed, aliases=list(actor.aliases),
                          merged_into=actor.merged_into, events=actor.events, origin=actor.origin)


def place_out(place: Place) -> PlaceOut:
    location = location_out(place.location)
    assert location is not None
    return PlaceOut(location=location, incidents=place.incidents, fatalities=place.fatalities)


def series_out(series: Series) -> SeriesOut:
    return SeriesOut(key=series.key, events=series.events, fatalities=series.fatalities,
                     points=[PointOut(period=p.period, events=p.events, fatalities=p.fatalities)
                             for p in series.points])


# --- GeoJSON ------------------------------------------------------------------------------------------------

class PointGeometry(_Out):
    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=2, description="[longitude, latitude]")


class FeatureProperties(_Out):
    id: str
    event_date: date | None
    event_type: str
    sub_event_type: str
    fatalities: int
    n_sources: int
    review_status: ReviewStatus
    location: str | None
    admin1: str | None
    country: str | None
    geo_precision: int | None
    actor1: str | None
    actor2: str | None


class Feature(_Out):
    type: Literal["Feature"]
    id: str
    geometry: PointGeometry | None
    properties: FeatureProperties


class FeatureCollection(_Out):
    type: Literal["FeatureCollection"]
    features: list[Feature]


class Basemap(BaseModel):
    """Country outlines (GeoJSON FeatureCollection), drawn when map tiles cannot be loaded."""

    type: Literal["FeatureCollection"]
    features: list[dict[str, Any]]
