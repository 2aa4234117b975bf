"""Typed records that leave the NLP part of kharita. Field names are a public contract."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

DatePrecision = Literal["day", "week", "month", "year"]

ACTOR_TYPES: tuple[str, ...] = (
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
)

SUB_EVENT_TYPES: dict[str, str] = {
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Armed clash": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Excessive force against protesters": "Protests",
    "Protest with intervention": "Protests",
    "Peaceful protest": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}

EVENT_TYPES: tuple[str, ...] = (
    "Battles",
    "Protests",
    "Riots",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
)


def stable_hash(*parts: object, length: int = 16) -> str:
    """A short hex digest that is the same on every machine and run."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published_at: date | None = None
    source: str | None = None

    @property
    def content_hash(self) -> str:
        return stable_hash(self.title or "", self.text, length=64)


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor:
    """An ACLED actor. `id` is the registry id (the same actor gets the same id in every article); `reviewed`
    is False for a named group kharita found in the text but that is not in the registry yet."""

    name: str
    type: str
    country: str | None = None
    id: str | None = None
    reviewed: bool = True


@dataclass(frozen=True)
class Location:
    name: str
    admin1: str | None
    admin2: str | None
    country: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    geonameid: int | None = None


@dataclass(frozen=True)
class Event:
    event_id: str
    article_id: str
    event_date: date | None
    date_precision: DatePrecision | None
    event_type: str
    sub_event_type: str
    actor1: Actor | None
    actor2: Actor | None
    assoc_actor_1: tuple[str, ...] = ()
    assoc_actor_2: tuple[str, ...] = ()
    location: Location | None = None
    fatalities: int = 0
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int = 0
    confidence: float = 0.5
    evidence: tuple[Evidence, ...] = ()
    notes: str = ""
    country: str | None = None  # ACLED's country column: filled even when no place can be located
    country_code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return record_to_dict(self)


@dataclass(frozen=True)
class Aggregate:
    """A cumulative toll ("more than 1,000 killed this year"): reported, but never an event."""

    aggregate_id: str
    article_id: str
    fatalities: int
    fatalities_qualifier: str | None
    period: str | None
    location: Location | None
    evidence: tuple[Evidence, ...] = ()
    kind: str = "aggregate"

    def to_dict(self) -> dict[str, Any]:
        return record_to_dict(self)


@dataclass(frozen=True)
class Failure:
    """An article that could not be processed: which one, in which stage, and why. ``origin`` is where it can
    be read again (an absolute file path or a URL; `kharita ingest --retry-failed` uses it), None if nowhere."""

    article_id: str
    stage: str
    error: str
    source: str | None = None
    origin: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    events: tuple[Event, ...] = ()
    aggregates: tuple[Aggregate, ...] = ()


@dataclass(frozen=True)
class BatchResult:
    extractions: tuple[Extraction, ...] = ()
    failures: tuple[Failure, ...] = field(default_factory=tuple)

    @property
    def events(self) -> list[Event]:
        return [e for x in self.extractions for e in x.events]


def record_to_dict(record: Any) -> dict[str, Any]:
    """Plain JSON-ready dict: dates as ISO strings, tuples as lists."""
    return _jsonable(asdict(record))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
