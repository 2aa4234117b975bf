"""Translate between the frozen kharita records and ORM rows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import cast, get_args

from kharita.errors import StoreError
from kharita.models import (
    Actor,
    Aggregate,
    Article,
    DatePrecision,
    Event,
    Evidence,
    Failure,
    Location,
    stable_hash,
)
from kharita.store.schema import (
    ORIGIN_EXTRACTED,
    ActorRow,
    AggregateRow,
    ArticleRow,
    AssocActorRow,
    EventRow,
    EvidenceRow,
    FailureRow,
    LocationRow,
)

_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)


def location_key(location: Location) -> str:
    """A NULL-safe identity for a location: a hash over every identifying field."""
    return stable_hash(
        *(
            repr(value)
            for value in (
                location.name,
                location.admin1,
                location.admin2,
                location.country,
                location.country_code,
                location.latitude,
                location.longitude,
                location.geo_precision,
                location.geonameid,
            )
        ),
        length=64,
    )


def article_row(article: Article) -> ArticleRow:
    return ArticleRow(
        id=article.id,
        content_hash=article.content_hash,
        title=article.title,
        url=article.url,
        published_at=article.published_at,
        source=article.source,
        text=article.text,
        ingested_at=datetime.now(UTC),
    )


def actor_row(actor: Actor) -> ActorRow:
    """A new row for an actor met in an event; ``key`` is its registry id."""
    return ActorRow(
        name=actor.name,
        type=actor.type,
        country=actor.country,
        key=actor.id,
        reviewed=actor.reviewed,
        aliases=aliases_json(()),
        origin=ORIGIN_EXTRACTED,
    )


def aliases_json(names: Iterable[str]) -> str:
    """The ``aliases`` column: a JSON list, first spelling of each name kept (case-insensitive)."""
    return json.dumps(unique_names(names), ensure_ascii=False)


def unique_names(names: Iterable[str], *, without: Iterable[str] = ()) -> list[str]:
    """``names`` in order, stripped, each once (case-insensitive), leaving out ``without``."""
    seen = {n.strip().casefold() for n in without}
    kept: list[str] = []
    for name in (n.strip() for n in names):
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept


def row_aliases(row: ActorRow) -> tuple[str, ...]:
    try:
        names = json.loads(row.aliases or "[]")
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"actor {row.name!r} has aliases {row.aliases!r}, which is not a JSON list; the database is "
            "corrupt. Fix the row or add the actor again with `kharita actors add`."
        ) from exc
    if not isinstance(names, list):
        raise StoreError(
            f"actor {row.name!r} has aliases {row.aliases!r}, not a JSON list; the database is corrupt. Fix the "
            "row or add the actor again with `kharita actors add`."
        )
    return tuple(str(n) for n in names)


def location_row(location: Location) -> LocationRow:
    return LocationRow(
        key=location_key(location),
        name=location.name,
        admin1=location.admin1,
        admin2=location.admin2,
        country=location.country,
        country_code=location.country_code,
        latitude=location.latitude,
        longitude=location.longitude,
        geo_precision=location.geo_precision,
        geonameid=location.geonameid,
    )


def evidence_rows(evidence: Iterable[Evidence]) -> list[EvidenceRow]:
    return [EvidenceRow(start=e.start, end=e.end, text=e.text, position=i) for i, e in enumerate(evidence)]


def assoc_rows(event: Event) -> list[AssocActorRow]:
    sides = ((1, event.assoc_actor_1), (2, event.assoc_actor_2))
    return [
        AssocActorRow(side=side, position=i, name=name)
        for side, names in sides
        for i, name in enumerate(names)
    ]


def event_row(event: Event) -> EventRow:
    """The event's own columns and children; actors and location are attached by the caller."""
    return EventRow(
        event_id=event.event_id,
        article_id=event.article_id,
        event_date=event.event_date,
        date_precision=event.date_precision,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        fatalities=event.fatalities,
        fatalities_low=event.fatalities_low,
        fatalities_high=event.fatalities_high,
        injured=event.injured,
        confidence=event.confidence,
        notes=event.notes,
        country=event.country,
        country_code=event.country_code,
        assoc_actors=assoc_rows(event),
        evidence=evidence_rows(event.evidence),
    )


def aggregate_row(aggregate: Aggregate) -> AggregateRow:
    return AggregateRow(
        aggregate_id=aggregate.aggregate_id,
        article_id=aggregate.article_id,
        fatalities=aggregate.fatalities,
        fatalities_qualifier=aggregate.fatalities_qualifier,
        period=aggregate.period,
        kind=aggregate.kind,
        evidence=evidence_rows(aggregate.evidence),
    )


def failure_values(failure: Failure, at: datetime) -> dict[str, object]:
    """The columns of a new failures row (``store.failures.record`` inserts it or updates the stored one)."""
    return {
        "article_id": failure.article_id,
        "stage": failure.stage,
        "error": failure.error,
        "source": failure.source,
        "origin": failure.origin,
        "attempts": 1,
        "created_at": at,
        "last_failed_at": at,
    }


def to_actor(row: ActorRow | None) -> Actor | None:
    if row is None:
        return None
    return Actor(name=row.name, type=row.type, country=row.country, id=row.key, reviewed=row.reviewed)


def to_location(row: LocationRow | None) -> Location | None:
    if row is None:
        return None
    return Location(
        name=row.name,
        admin1=row.admin1,
        admin2=row.admin2,
        country=row.country,
        country_code=row.country_code,
        latitude=row.latitude,
        longitude=row.longitude,
        geo_precision=row.geo_precision,
        geonameid=row.geonameid,
    )


def to_evidence(rows: Iterable[EvidenceRow]) -> tuple[Evidence, ...]:
    return tuple(Evidence(start=r.start, end=r.end, text=r.text) for r in rows)


def _assoc(row: EventRow, side: int) -> tuple[str, ...]:
    return tuple(a.name for a in row.assoc_actors if a.side == side)


def _precision(value: str | None) -> DatePrecision | None:
    if value is None or value in _PRECISIONS:
        return cast("DatePrecision | None", value)
    raise StoreError(f"stored date_precision {value!r} is not one of {_PRECISIONS}; the database is corrupt.")


def to_event(row: EventRow) -> Event:
    return Event(
        event_id=row.event_id,
        article_id=row.article_id,
        event_date=row.event_date,
        date_precision=_precision(row.date_precision),
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        actor1=to_actor(row.actor1),
        actor2=to_actor(row.actor2),
        assoc_actor_1=_assoc(row, 1),
        assoc_actor_2=_assoc(row, 2),
        location=to_location(row.location),
        fatalities=row.fatalities,
        fatalities_low=row.fatalities_low,
        fatalities_high=row.fatalities_high,
        injured=row.injured,
        confidence=row.confidence,
        evidence=to_evidence(row.evidence),
        notes=row.notes,
        country=row.country,
        country_code=row.country_code,
    )


def to_aggregate(row: AggregateRow) -> Aggregate:
    return Aggregate(
        aggregate_id=row.aggregate_id,
        article_id=row.article_id,
        fatalities=row.fatalities,
        fatalities_qualifier=row.fatalities_qualifier,
        period=row.period,
        location=to_location(row.location),
        evidence=to_evidence(row.evidence),
        kind=row.kind,
    )


def to_failure(row: FailureRow) -> Failure:
    return Failure(article_id=row.article_id, stage=row.stage, error=row.error, source=row.source,
                   origin=row.origin)
