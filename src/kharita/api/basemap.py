"""Country outlines for the dashboard's map when no tiles can be loaded (offline), from ``countryinfo``'s data
(a low-resolution world, about 270 kB), built once per process."""

from __future__ import annotations

from functools import cache
from typing import Any

import countryinfo


@cache
def world_outline() -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    for country in countryinfo.all_countries():
        try:
            collection = country.geo_json()
        except (KeyError, LookupError, ValueError):
            continue
        for feature in (collection or {}).get("features", []):
            if isinstance(feature, dict) and feature.get("geometry"):
                features.append({"type": "Feature", "geometry": feature["geometry"],
                                 "properties": {"name": str((feature.get("properties") or {}).get("name", ""))}})
    return {"type": "FeatureCollection", "features": features}
