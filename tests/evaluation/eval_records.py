"""Builders for hand-made Extraction records, so scoring can be tested without spaCy."""

from __future__ import annotations

from datetime import date

from kharita.models import SUB_EVENT_TYPES, Actor, Article, Event, Evidence, Extraction, Location


def location(lat: float, lon: float, code: str = "KE") -> Location:
    return Location("Somewhere", None, None, None, code, lat, lon, 1)


def event(sub: str, *, confidence: float = 0.5, start: int = 0, fatalities: int = 0, injured: int = 0,
          actor_type: str = "Rebel group", place: Location | None = None, when: date | None = None) -> Event:
    return Event(
        event_id=f"e{start}", article_id="a", event_date=when, date_precision="day" if when else None,
        event_type=SUB_EVENT_TYPES[sub], sub_event_type=sub, actor1=Actor("Someone", actor_type), actor2=None,
        location=place, fatalities=fatalities, injured=injured, confidence=confidence,
        evidence=(Evidence(start, start + 5, "words"),),
    )


def extraction(*events: Event) -> Extraction:
    return Extraction(Article("a", "text"), tuple(events))
