"""The FastAPI application: the /api routes, the dashboard's static files and the API docs, all served by one
process with no CDN (Leaflet from xstatic-leaflet, Swagger UI from fastapi-offline)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from kharita import __version__
from kharita.api import routes
from kharita.api.errors import install_error_handlers
from kharita.api.security import Access, content_security_policy, security_headers
from kharita.errors import InputError
from kharita.store import open_store

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = "© OpenStreetMap contributors"
WEB_DIR = Path(str(files("kharita") / "web"))
SWAGGER_DIR = Path(str(files("fastapi_offline") / "static"))  # Swagger UI, no CDN
DESCRIPTION = """Events of political violence extracted from news reports, merged into incidents (one per
incident, however many articles reported it), with the evidence behind every field.

Reads are public unless the server was started with private reads; writes (reviews, ingest) need the
operator's token as `Authorization: Bearer TOKEN`. Every error is `{"error": {"status", "code", "message",
"details"}}`. The dashboard is at `/`."""


def create_app(store_url: str, *, token: str | None = None, public_reads: bool = True,
               tile_url: str | None = DEFAULT_TILE_URL, tile_attribution: str = DEFAULT_TILE_ATTRIBUTION,
               model: str | None = None) -> FastAPI:
    """The dashboard and API over the database at ``store_url`` (opened and migrated now, closed at shutdown).

    ``token`` allows writes to whoever sends it (None: no writes); ``public_reads`` False makes reads need it
    too. ``tile_url`` is a Leaflet tile URL template (None: no tiles, country outlines only); ``model`` the spaCy
    pipeline for POST /api/articles."""
    token = token.strip() if token is not None and token.strip() else None
    if not public_reads and token is None:
        raise InputError("private reads need a token: give --token TOKEN (or KHARITA_API_TOKEN), or make reads "
                         "public.")
    store = open_store(store_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="kharita", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None,
                  lifespan=lifespan)
    app.state.store = store
    app.state.access = Access(token, public_reads)
    app.state.tile_url = tile_url or None
    app.state.tile_attribution = tile_attribution
    app.state.model = model
    install_error_handlers(app)
    app.middleware("http")(security_headers(content_security_policy(tile_url or None)))
    for router in (routes.reads, routes.writes, routes.public):
        app.include_router(router)
    _mount_static(app)
    _document_optional_auth(app, public_reads)
    return app


def _document_optional_auth(app: FastAPI, public_reads: bool) -> None:
    """With public reads the token is optional on GET routes: say so in the OpenAPI document (security
    ``[{}, {"token": []}]``), so that clients and schema checkers do not expect a 401 without it."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for operations in schema.get("paths", {}).values():
                for method, operation in operations.items():
                    if public_reads and method == "get" and operation.get("security"):
                        operation["security"] = [{}, *operation["security"]]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    app.mount("/vendor/leaflet", StaticFiles(directory=xstatic.pkg.leaflet.BASE_DIR), name="leaflet")
    app.mount("/vendor/markercluster", StaticFiles(directory=xstatic.pkg.leaflet_markercluster.BASE_DIR),
              name="markercluster")
    app.mount("/vendor/swagger", StaticFiles(directory=SWAGGER_DIR), name="swagger")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(WEB_DIR / "docs.html")
