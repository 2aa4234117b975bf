"""Hand-made kharita records for the store tests (every field set to a non-default value)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import func, select, table

from kharita.models import Actor, Aggregate, Article, Event, Evidence, Extraction, Location
from kharita.store import Store

KABUL = Location(
    name="Kabul",
    admin1="Kabul",
    admin2="Kabul District",
    country="Afghanistan",
    country_code="AF",
    latitude=34.52813,
    longitude=69.17233,
    geo_precision=1,
    geonameid=1138958,
)
GAO = Location(
    name="Gao",
    admin1="Gao",
    admin2=None,
    country="Mali",
    country_code="ML",
    latitude=16.27167,
    longitude=-0.04472,
    geo_precision=2,
    geonameid=None,
)
ARMY = Actor(name="Military Forces of Afghanistan", type="State forces", country="Afghanistan")
TALIBAN = Actor(name="Taliban", type="Rebel group", country=None)


def article(n: int, text: str | None = None) -> Article:
    return Article(
        id=f"a{n}",
        text=text or f"Article number {n} about clashes.",
        title=f"Title {n}",
        url=f"https://example.org/{n}",
        published_at=date(2024, 3, n % 28 + 1),
        source="Example",
    )


def full_event(event_id: str, article_id: str, **changes: Any) -> Event:
    """An event with every field set to a non-default value (``changes`` override fields)."""
    event = Event(
        event_id=event_id,
        article_id=article_id,
        event_date=date(2024, 3, 2),
        date_precision="day",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1=ARMY,
        actor2=TALIBAN,
        assoc_actor_1=("Police Forces of Afghanistan", "Militia (Local)"),
        assoc_actor_2=("Zeta", "Alpha"),
        location=KABUL,
        fatalities=7,
        fatalities_low=5,
        fatalities_high=9,
        injured=12,
        confidence=0.8125,
        evidence=(Evidence(40, 52, "seven killed"), Evidence(0, 10, "On Saturday"), Evidence(5, 8, "Sat")),
        notes="Clashes in Kabul; 5-9 killed (7 reported).",
    )
    return replace(event, **changes)


def minimal_event(event_id: str, article_id: str) -> Event:
    return Event(
        event_id=event_id,
        article_id=article_id,
        event_date=None,
        date_precision=None,
        event_type="Strategic developments",
        sub_event_type="Other",
        actor1=None,
        actor2=None,
    )


def aggregate(aggregate_id: str, article_id: str) -> Aggregate:
    return Aggregate(
        aggregate_id=aggregate_id,
        article_id=article_id,
        fatalities=1000,
        fatalities_qualifier="more than",
        period="this year",
        location=GAO,
        evidence=(Evidence(3, 20, "more than 1,000 killed"), Evidence(1, 2, "a")),
    )


def extraction(n: int, *events: Event, aggregates: tuple[Aggregate, ...] = ()) -> Extraction:
    return Extraction(article=article(n), events=events, aggregates=aggregates)


def count_rows(store: Store, name: str) -> int:
    with store._live_engine().connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table(name))) or 0)
