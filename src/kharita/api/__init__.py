"""kharita.api: the HTTP API and web dashboard (`kharita serve`). Needs the `web` extra:
``pip install 'kharita[web]'`` (FastAPI, uvicorn, Leaflet from xstatic, Swagger UI from fastapi-offline)."""

from __future__ import annotations

from kharita.api.app import DEFAULT_TILE_ATTRIBUTION, DEFAULT_TILE_URL, create_app

__all__ = ["DEFAULT_TILE_ATTRIBUTION", "DEFAULT_TILE_URL", "create_app"]
