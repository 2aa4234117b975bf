"""The canonical event of an incident, from its reports: type, date, place and a reconciled toll.

Fatalities follow the ACLED guide (section 6, "lowest credible figure ... revise later if better information
arrives"):

- ``low`` and ``high`` are the smallest and largest toll any report gives (reports that give no toll, coded 0,
  do not count: they do not say nobody died);
- ``best`` is the lowest toll among the most recent reports that give one, "most recent" meaning published on
  the latest publication date. Reports of the same day that disagree are sources in conflict, so the lowest
  figure stands; a report published later is the better information that revises it, so a rising toll
  ("5 killed", then "toll rises to 9") updates the incident, and so does a later correction downwards.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from kharita.dedup.records import Report
from kharita.models import SUB_EVENT_TYPES, Location, stable_hash

_K = TypeVar("_K", bound=Hashable)
_PRECEDENCE = {name: i for i, name in enumerate(SUB_EVENT_TYPES)}


@dataclass(frozen=True)
class Tolls:
    best: int = 0
    low: int = 0
    high: int = 0


@dataclass(frozen=True)
class Canonical:
    """An incident's canonical event, computed from its reports (``event_ids`` earliest report first)."""

    incident_id: str
    event_type: str
    sub_event_type: str
    event_date: date | None
    location: Location | None
    country: str | None
    country_code: str | None
    fatalities: Tolls
    event_ids: tuple[str, ...]

    @property
    def n_sources(self) -> int:
        return len(self.event_ids)


def incident_id(anchor_event_id: str) -> str:
    """An incident is named after its earliest report: 'inc-' and a hash of that event's id, the same in every
    run; it changes only if an earlier report of the same incident arrives later."""
    return "inc-" + stable_hash("incident", anchor_event_id, length=12)


def reconcile_fatalities(reports: Sequence[Report]) -> Tolls:
    """The incident's toll: low/high over the reports that give one, best = the lowest of the latest ones."""
    tolled = [r for r in reports if r.fatalities > 0]
    if not tolled:
        return Tolls()
    latest = max(r.sort_key[0] for r in tolled)
    best = min(r.fatalities for r in tolled if r.sort_key[0] == latest)
    return Tolls(best=best, low=min(r.fatalities for r in tolled), high=max(r.fatalities for r in tolled))


def canonical(reports: Sequence[Report]) -> Canonical:
    """The canonical event of one incident. Type, date, place and country are voted by the reports, each
    weighing its confidence; ties go to ACLED's precedence order (types), the earlier date, the more precise
    place, then the earliest report."""
    ordered = sorted(reports, key=lambda r: r.sort_key)
    sub_type = _vote(ordered, lambda r: r.sub_event_type, lambda k: _PRECEDENCE.get(k, len(_PRECEDENCE)))
    event_type = next(r.event_type for r in ordered if r.sub_event_type == sub_type)
    dated = [r for r in ordered if r.event_date is not None]
    exact = [r for r in dated if r.date_precision == "day"] or dated
    day = _vote(exact, lambda r: r.event_date, lambda k: k) if exact else None
    placed = [r for r in ordered if r.location is not None]
    where = _vote(placed, lambda r: r.location, _precision) if placed else None
    countries = [r for r in ordered if r.country_code is not None]
    code = _vote(countries, lambda r: r.country_code, lambda k: 0) if countries else None
    country = next((r.country for r in countries if r.country_code == code and r.country), None)
    return Canonical(incident_id(ordered[0].event_id), event_type, sub_type, day, where, country, code,
                     reconcile_fatalities(ordered), tuple(r.event_id for r in ordered))


def _precision(location: Location | None) -> int:
    return location.geo_precision if location is not None else 9


def _vote(reports: Sequence[Report], key: Callable[[Report], _K], tie: Callable[[_K], Any]) -> _K:
    """The value with the most confidence behind it; ties by ``tie`` (smaller first), then the earliest report."""
    weight: dict[_K, float] = {}
    first: dict[_K, int] = {}
    for i, report in enumerate(reports):
        value = key(report)
        weight[value] = weight.get(value, 0.0) + report.confidence
        first.setdefault(value, i)
    return min(weight, key=lambda k: (-round(weight[k], 6), tie(k), first[k]))
