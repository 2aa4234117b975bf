"""Incidents as ACLED-column CSV and as GeoJSON (`GET /api/events.csv`, `GET /api/events.geojson`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from kharita.api.schemas import lead_actors
from kharita.export import ACLED_COLUMNS, acled_row
from kharita.models import Event
from kharita.store.queries import IncidentItem

CSV_EXTRA_COLUMNS = ("country_code", "fatalities_low", "fatalities_high", "n_sources", "review_status",
                     "event_ids", "article_ids")


def canonical_event(item: IncidentItem) -> Event:
    """The incident as one ACLED event: its canonical type, date, place and toll, the actors and notes of its
    earliest report that names actor 1; ``event_id`` is the incident id."""
    incident = item.incident
    lead = item.sources[0].event if item.sources else None
    actor1, actor2 = lead_actors(item.sources)
    base = lead if lead is not None else Event(incident.incident_id, "", None, None, incident.event_type,
                                               incident.sub_event_type, None, None)
    named = next((s.event for s in item.sources if s.event.actor1 is not None), base)
    return replace(base, event_id=incident.incident_id, event_date=incident.event_date,
                   event_type=incident.event_type, sub_event_type=incident.sub_event_type, actor1=actor1,
                   actor2=actor2, assoc_actor_1=named.assoc_actor_1, assoc_actor_2=named.assoc_actor_2,
                   location=incident.location, fatalities=incident.fatalities,
                   fatalities_low=incident.fatalities_low, fatalities_high=incident.fatalities_high,
                   country=incident.country, country_code=incident.country_code,
                   date_precision=base.date_precision if incident.event_date == base.event_date else "day")


def _sources(item: IncidentItem) -> str:
    return "; ".join(dict.fromkeys(s.source for s in item.sources if s.source))


def incidents_csv(items: Sequence[IncidentItem]) -> str:
    """ACLED's columns (``event_id_cnty`` is the incident id, ``source`` every outlet that reported it), then
    the incident's toll range, number of sources, review status and reports."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS + CSV_EXTRA_COLUMNS, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for item in items:
        incident = item.incident
        row = acled_row(canonical_event(item), _sources(item))
        row.update(country_code=incident.country_code or "", fatalities_low=incident.fatalities_low,
                   fatalities_high=incident.fatalities_high, n_sources=incident.n_sources,
                   review_status=incident.review_status, event_ids=";".join(incident.event_ids),
                   article_ids=";".join(dict.fromkeys(s.event.article_id for s in item.sources)))
        writer.writerow(row)
    return buffer.getvalue()


def incidents_geojson(items: Sequence[IncidentItem]) -> dict[str, Any]:
    """A FeatureCollection with one Point per incident (geometry null when it has no coordinates)."""
    return {"type": "FeatureCollection", "features": [_feature(item) for item in items]}


def _feature(item: IncidentItem) -> dict[str, Any]:
    incident = item.incident
    where = incident.location
    actor1, actor2 = lead_actors(item.sources)
    geometry = None
    if where is not None and where.latitude is not None and where.longitude is not None:
        geometry = {"type": "Point", "coordinates": [where.longitude, where.latitude]}
    return {"type": "Feature", "id": incident.incident_id, "geometry": geometry, "properties": {
        "id": incident.incident_id,
        "event_date": incident.event_date.isoformat() if incident.event_date else None,
        "event_type": incident.event_type, "sub_event_type": incident.sub_event_type,
        "fatalities": incident.fatalities, "n_sources": incident.n_sources,
        "review_status": incident.review_status, "location": where.name if where else None,
        "admin1": where.admin1 if where else None, "country": incident.country,
        "geo_precision": where.geo_precision if where else None,
        "actor1": actor1.name if actor1 else None, "actor2": actor2.name if actor2 else None,
    }}
