"""Query parameters shared by the listing, export and statistics endpoints."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import Query
from fastapi.exceptions import RequestValidationError

from kharita.api.schemas import IsoDate
from kharita.store.queries import BBox, EventFilter, StatusFilter

_TEXT = r"^[^\x00]*$"  # no NUL characters (PostgreSQL refuses them in text)

Since = Annotated[IsoDate | None, Query(description="First event date, YYYY-MM-DD.")]
Until = Annotated[IsoDate | None, Query(description="Last event date, YYYY-MM-DD.")]
Country = Annotated[str | None, Query(max_length=100, pattern=_TEXT,
                                      description="ISO 3166-1 alpha-2 code (PK) or country name (any case).")]
Admin1 = Annotated[str | None, Query(max_length=200, pattern=_TEXT, description="First-level region (any case).")]
EventType = Annotated[str | None, Query(max_length=100, pattern=_TEXT,
                                        description="ACLED event type or sub-event type, e.g. Battles.")]
SubEventType = Annotated[str | None, Query(max_length=100, pattern=_TEXT,
                                           description="ACLED sub-event type, e.g. Armed clash.")]
ActorParam = Annotated[str | None, Query(max_length=200, pattern=_TEXT,
                                         description="Part of an actor's name, or its id (actor 1, 2 or "
                                                     "associated, in any report).")]
TextParam = Annotated[str | None, Query(max_length=200, pattern=_TEXT,
                                        description="Text in a report's article (title or body), notes or place.")]
_NUMBER = r"\s*-?\d{1,3}(\.\d{1,12})?\s*"
BBoxParam = Annotated[str | None, Query(max_length=200, pattern=rf"^({_NUMBER},){{3}}{_NUMBER}$",
                                        description="west,south,east,north in degrees, e.g. 60,23,78,37; west > "
                                                    "east crosses 180°. Values past the poles or ±180° are clamped.")]
Status = Annotated[StatusFilter, Query(description="Review status: active (all but rejected, the default), all, "
                                                   "unreviewed, verified or rejected.")]


def event_filter(since: Since = None, until: Until = None, country: Country = None, admin1: Admin1 = None,
                 event_type: EventType = None, sub_event_type: SubEventType = None, actor: ActorParam = None,
                 q: TextParam = None, bbox: BBoxParam = None, status: Status = "active") -> EventFilter:
    return EventFilter(since=since, until=until, country=_given(country), admin1=_given(admin1),
                       event_type=_given(event_type), sub_event_type=_given(sub_event_type), actor=_given(actor),
                       text=_given(q), bbox=parse_bbox(bbox) if _given(bbox) else None, status=status)


def _given(value: str | None) -> str | None:
    """Empty and blank values filter nothing (an empty box in a form)."""
    return value if value is not None and value.strip() else None


def parse_bbox(text: str | None) -> BBox | None:
    if text is None:
        return None
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise _invalid("bbox", "give four numbers: west,south,east,north")
    west, east = (min(180.0, max(-180.0, v)) for v in (values[0], values[2]))
    south, north = sorted(min(90.0, max(-90.0, v)) for v in (values[1], values[3]))
    return BBox(west, south, east, north)


def _invalid(name: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("query", name), "msg": message, "type": "value_error"}])
