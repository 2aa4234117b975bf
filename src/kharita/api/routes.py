"""The /api routes: thin, each calls one Store method and maps its records to the response models."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from kharita import __version__
from kharita.api import exports
from kharita.api.basemap import world_outline
from kharita.api.errors import ERROR_RESPONSES, EXPORT_ERROR_RESPONSES, WRITE_RESPONSES
from kharita.api.params import event_filter
from kharita.api.schemas import (
    ArticleIn,
    Basemap,
    ConfigOut,
    FeatureCollection,
    IncidentDetailOut,
    IncidentPageOut,
    IngestOut,
    PlaceOut,
    ReportPageOut,
    ReviewIn,
    ReviewOut,
    StoredActorOut,
    TimeseriesOut,
    detail_out,
    edit_out,
    incident_item_out,
    incident_out,
    place_out,
    report_out,
    series_out,
    stored_actor_out,
)
from kharita.api.security import Access, require_reader, require_writer
from kharita.models import EVENT_TYPES, SUB_EVENT_TYPES
from kharita.store import Store
from kharita.store.queries import EventFilter, GroupBy, Interval, Sort
from kharita.store.reviews import IncidentChange
from kharita.store.schema import REVIEW_STATUSES

_ID = r"^[^\x00/]+$"
Filter = Annotated[EventFilter, Depends(event_filter)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
SortParam = Annotated[Sort, Query(description="date, fatalities or sources; a leading '-' sorts descending.")]
ExportLimit = Annotated[int, Query(ge=1, le=1_000_000, description="At most this many incidents.")]
IncidentId = Annotated[str, Path(max_length=200, pattern=_ID,
                                 description="An incident id (inc-…) or the id of one of its reported events.")]


class GeoJSONResponse(JSONResponse):
    media_type = "application/geo+json"


class CSVResponse(PlainTextResponse):
    media_type = "text/csv"


def get_store(request: Request) -> Store:
    store = request.app.state.store
    assert isinstance(store, Store)
    return store


StoreDep = Annotated[Store, Depends(get_store)]
reads = APIRouter(prefix="/api", dependencies=[Depends(require_reader)], responses=ERROR_RESPONSES)
writes = APIRouter(prefix="/api", dependencies=[Depends(require_writer)], responses=WRITE_RESPONSES)
public = APIRouter(prefix="/api", responses=ERROR_RESPONSES)


# --- incidents ----------------------------------------------------------------------------------------------

@reads.get("/events", response_model=IncidentPageOut, tags=["events"])
def list_incidents(store: StoreDep, where: Filter, limit: Limit = 100, offset: Offset = 0,
                   sort: SortParam = "-date") -> IncidentPageOut:
    """Incidents (one row per incident, however many articles reported it, with `n_sources`) matching every
    filter given. Rejected incidents are left out unless `status` asks for them."""
    page = store.search_incidents(where, sort=sort, offset=offset, limit=limit)
    return IncidentPageOut(total=page.total, offset=offset, limit=limit,
                           items=[incident_item_out(i) for i in page.items])


@reads.get("/reports", response_model=ReportPageOut, tags=["events"])
def list_reports(store: StoreDep, where: Filter, limit: Limit = 100, offset: Offset = 0,
                 sort: SortParam = "-date") -> ReportPageOut:
    """Reported events: one per article and event, before the reports of one incident are merged (each names its
    `incident_id`). The same filters as /api/events; `status` does not apply."""
    page = store.search_reports(where, sort=sort, offset=offset, limit=limit)
    return ReportPageOut(total=page.total, offset=offset, limit=limit, items=[report_out(i) for i in page.items])


@reads.get("/events.csv", response_class=CSVResponse, tags=["exports"],
           responses={**EXPORT_ERROR_RESPONSES,
                      200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                            "description": "ACLED columns, then the incident's toll range and sources."}})
def export_csv(store: StoreDep, where: Filter, limit: ExportLimit = 1_000_000, sort: SortParam = "date") -> CSVResponse:
    """The incidents matching the filters as CSV with ACLED's column names (`event_id_cnty` is the incident id,
    `source` every outlet that reported it)."""
    page = store.search_incidents(where, sort=sort, limit=limit)
    return CSVResponse(exports.incidents_csv(page.items),
                       headers={"Content-Disposition": 'attachment; filename="kharita-events.csv"'})


@reads.get("/events.geojson", response_model=FeatureCollection, response_class=GeoJSONResponse, tags=["exports"],
           responses=EXPORT_ERROR_RESPONSES)
def export_geojson(store: StoreDep, where: Filter, limit: ExportLimit = 1_000_000,
                   sort: SortParam = "date") -> dict[str, object]:
    """The incidents matching the filters as a GeoJSON FeatureCollection (one Point per incident; geometry null
    when it has no coordinates)."""
    return exports.incidents_geojson(store.search_incidents(where, sort=sort, limit=limit).items)


@reads.get("/events/{incident_id}", response_model=IncidentDetailOut, tags=["events"])
def show_incident(store: StoreDep, incident_id: IncidentId) -> IncidentDetailOut:
    """One incident with every source (the article's text, the event it reports and its evidence spans, why it
    was merged) and its history of merges, splits and reviews."""
    detail = store.incident(incident_id)
    if detail is None:
        raise HTTPException(404, f"no incident or event {incident_id!r}")
    articles = store.articles([s.event.article_id for s in detail.sources])
    return detail_out(detail, articles, store.edits(detail.incident.incident_id))


@writes.patch("/events/{incident_id}", response_model=ReviewOut, tags=["reviews"])
def review_incident(store: StoreDep, incident_id: IncidentId, body: ReviewIn) -> ReviewOut:
    """Verify or reject an incident, or correct its date, type or toll (needs the token). The edit is stored with
    its time and the values before and after, shown in the incident's history, and kept when later reports
    are merged into the incident."""
    if store.incident(incident_id) is None:
        raise HTTPException(404, f"no incident or event {incident_id!r}")
    change = IncidentChange(review_status=body.review_status, event_date=body.event_date,
                            event_type=body.event_type, sub_event_type=body.sub_event_type,
                            fatalities=body.fatalities)
    incident, edit = store.review(incident_id, change, comment=body.comment, author="api")
    detail = store.incident(incident.incident_id)
    sources = detail.sources if detail is not None else ()
    return ReviewOut(incident=incident_out(incident, sources), edit=edit_out(edit) if edit else None)


# --- articles -----------------------------------------------------------------------------------------------

_ingest_lock = threading.Lock()


@writes.post("/articles", response_model=IngestOut, status_code=201, tags=["articles"],
             responses={200: {"model": IngestOut, "description": "The same article was stored before."}})
def ingest_article(request: Request, response: Response, store: StoreDep, body: ArticleIn) -> IngestOut:
    """Ingest one article (needs the token): its events are extracted, stored and merged into incidents, as
    `kharita ingest` does. 201 when stored, 200 when the same text was stored before."""
    from kharita.api.ingest import ingest_one

    with _ingest_lock:  # one extraction at a time: the spaCy pipeline is shared
        result = ingest_one(store, body, model=request.app.state.model)
    if not result.stored:
        response.status_code = 200
    return result


# --- actors, places, statistics -----------------------------------------------------------------------------

@reads.get("/actors", response_model=list[StoredActorOut], tags=["actors"])
def list_actors(store: StoreDep,
                search: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$",
                                                    description="Part of an id, name or alias.")] = None,
                country: Annotated[str | None, Query(max_length=100, pattern=r"^[^\x00]*$",
                                                     description="ISO 3166-1 alpha-2 code or name.")] = None,
                unreviewed: Annotated[bool, Query(description="Only named groups nobody reviewed yet.")] = False,
                limit: Annotated[int, Query(ge=1, le=10_000)] = 1000) -> list[StoredActorOut]:
    """Actors stored in the database with how many events name them, by name."""
    found = store.actors(unreviewed_only=unreviewed, country=country or None, search=search or None)
    return [stored_actor_out(a) for a in found[:limit]]


@reads.get("/places", response_model=list[PlaceOut], tags=["places"])
def list_places(store: StoreDep, where: Filter,
                search: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$",
                                                    description="Part of the place's name.")] = None,
                limit: Annotated[int, Query(ge=1, le=10_000)] = 100) -> list[PlaceOut]:
    """Places of the incidents matching the filters, with incident counts and fatalities, most incidents first."""
    return [place_out(p) for p in store.places(where, search=search or None, limit=limit)]


@reads.get("/stats/timeseries", response_model=TimeseriesOut, tags=["statistics"])
def timeseries(store: StoreDep, where: Filter,
               interval: Annotated[Interval, Query(description="day, week (from Monday), month or year.")] = "month",
               by: Annotated[GroupBy, Query(description="One series per event type, sub-event type, country or "
                                                        "actor (actor 1 of the earliest report); none: one "
                                                        "series.")] = "none",
               top: Annotated[int, Query(ge=1, le=50, description="Series kept; the rest add up to "
                                                                 "'other'.")] = 8) -> TimeseriesOut:
    """Incidents and fatalities per period for the incidents matching the filters (undated ones left out)."""
    series = store.timeseries(where, interval=interval, by=by, top=top)
    return TimeseriesOut(interval=interval, by=by, series=[series_out(s) for s in series])


@public.get("/config", response_model=ConfigOut, tags=["dashboard"])
def config(request: Request) -> ConfigOut:
    """What the dashboard needs: the map tiles, whether reads and writes need the token, ACLED's types."""
    access: Access = request.app.state.access
    types = {t: [s for s, parent in SUB_EVENT_TYPES.items() if parent == t] for t in EVENT_TYPES}
    return ConfigOut(tile_url=request.app.state.tile_url, tile_attribution=request.app.state.tile_attribution,
                     public_reads=access.public_reads, writes_enabled=access.writes_enabled, event_types=types,
                     review_statuses=list(REVIEW_STATUSES), version=__version__)


@public.get("/basemap.geojson", response_model=Basemap, response_class=GeoJSONResponse, tags=["dashboard"],
            responses=EXPORT_ERROR_RESPONSES)
def basemap() -> dict[str, object]:
    """Country outlines for the map when tiles cannot be loaded (no internet)."""
    return world_outline()
