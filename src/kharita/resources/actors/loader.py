"""The canonical actor registry: YAML files (resources/actors/*.yaml, plus the user's) loaded lazily into
indexes by alias, acronym and generic description; ACLED names with regime periods for state forces."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kharita.errors import InputError

ACTORS_ENV = "KHARITA_ACTORS"
ACTOR_TYPES = ("State forces", "Rebel group", "Political militia", "Identity militia", "Rioters", "Protesters",
               "Civilians", "External/Other forces")
INTER_CODES = {name: code for code, name in enumerate(ACTOR_TYPES, start=1)}
FUZZY_THRESHOLD = 88.0
FUZZY_MIN_LENGTH = 6
REGIMES_FILE = "regimes.yaml"
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class ActorEntry:
    """One registry actor. Generic entries have `{country}` in their name and match by `descriptions`."""

    id: str
    name: str
    type: str
    country_code: str | None = None
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    parent: str | None = None
    affiliation: str | None = None
    years: tuple[int | None, int | None] = (None, None)
    reviewed: bool = True
    notes: str = ""
    country_suffix: bool = False  # ACLED names it per country: 'Islamic State (Syria)'

    @property
    def named(self) -> bool:
        """A named organisation rather than a description filled in with the event's country."""
        return "{country}" not in self.name

    @property
    def inter(self) -> int:
        return INTER_CODES.get(self.type, 3)

    def resolve_name(self, country: str | None) -> str:
        if self.named:
            return f"{self.name} ({country})" if self.country_suffix and country else self.name
        filled = self.name.replace("{country}", country or "Unknown")
        return filled if country else filled.replace(" of Unknown", "").replace(" (Unknown)", "")


@dataclass(frozen=True)
class Regime:
    start: date
    end: date | None
    label: str

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Registry:
    """Indexes over the actors: exact aliases and descriptions (lower-cased), acronyms (as written)."""

    entries: dict[str, ActorEntry] = field(default_factory=dict)
    by_alias: dict[str, ActorEntry] = field(default_factory=dict)
    by_acronym: dict[str, ActorEntry] = field(default_factory=dict)
    by_description: dict[str, ActorEntry] = field(default_factory=dict)
    regimes: dict[str, tuple[Regime, ...]] = field(default_factory=dict)

    def add(self, entry: ActorEntry) -> None:
        self.entries[entry.id] = entry
        for alias in (entry.name, *entry.aliases) if entry.named else ():
            self.by_alias[normalise(alias)] = entry
        for acronym in entry.acronyms:
            self.by_acronym[acronym] = entry
        for description in entry.descriptions:
            self.by_description[normalise(description)] = entry

    def get(self, actor_id: str) -> ActorEntry | None:
        return self.entries.get(actor_id)

    def generic(self, actor_id: str) -> ActorEntry:
        entry = self.entries.get(actor_id)
        if entry is None:
            raise KeyError(f"no generic actor {actor_id!r} in the registry")
        return entry

    def regime_label(self, country_code: str | None, day: date | None) -> str | None:
        if country_code is None or day is None:
            return None
        return next((r.label for r in self.regimes.get(country_code, ()) if r.covers(day)), None)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower case, no diacritics, curly quotes straightened, single spaces, no leading 'the'."""
    plain = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return " ".join(plain.split()).removeprefix("the ")


def slug(text: str) -> str:
    return _SLUG.sub("-", normalise(text)).strip("-")


def entry_from_mapping(data: Mapping[str, Any], where: str) -> ActorEntry:
    """An ActorEntry from one YAML mapping; InputError says which file and actor is wrong."""
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}: an actor without a name; every actor needs `name:` and `type:`")
    actor_type = str(data.get("type", ""))
    if actor_type not in INTER_CODES:
        raise InputError(f"{where}: actor {name!r} has type {actor_type!r}; use one of: {', '.join(ACTOR_TYPES)}")
    years = data.get("years") or [None, None]
    return ActorEntry(
        id=str(data.get("id") or slug(name)), name=name.strip(), type=actor_type,
        country_code=_country(data.get("country"), name, where),
        aliases=_strings(data.get("aliases")), acronyms=_strings(data.get("acronyms")),
        descriptions=_strings(data.get("descriptions")),
        parent=_optional(data.get("parent")), affiliation=_optional(data.get("affiliation")),
        years=(_year(years[0]), _year(years[1] if len(years) > 1 else None)),
        reviewed=bool(data.get("reviewed", True)), notes=str(data.get("notes") or ""),
        country_suffix=bool(data.get("country_suffix", False)),
    )


def _country(value: object, name: str, where: str) -> str | None:
    if value in (None, ""):
        return None
    code = str(value).upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise InputError(f"{where}: actor {name!r} has country {value!r}; use an ISO 3166 alpha-2 code such as PK")
    return code


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(str(v).strip() for v in items if str(v).strip())


def _optional(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _year(value: object) -> int | None:
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


def parse_actor_yaml(text: str, where: str) -> list[ActorEntry]:
    import yaml

    try:
        data = yaml.safe_load(text) or []
    except yaml.YAMLError as error:
        raise InputError(f"{where} is not valid YAML ({error}); see resources/actors/README.md") from error
    if not isinstance(data, list):
        raise InputError(f"{where} must be a YAML list of actors (`- name: ...`); see resources/actors/README.md")
    return [entry_from_mapping(item, where) for item in data if isinstance(item, dict)]


def parse_regimes(text: str) -> dict[str, tuple[Regime, ...]]:
    import yaml

    data = yaml.safe_load(text) or {}
    return {str(code).upper(): tuple(Regime(_date(p["from"]), _date(p.get("to")) if p.get("to") else None,
                                            str(p["label"])) for p in periods)
            for code, periods in data.items()}


def _date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def packaged_files() -> Iterator[tuple[str, str]]:
    folder = resources.files("kharita.resources.actors")
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if item.name.endswith(".yaml") and item.name != REGIMES_FILE:
            yield f"kharita/resources/actors/{item.name}", item.read_text(encoding="utf-8")


def user_files(paths: Iterable[str | Path] = ()) -> Iterator[tuple[str, str]]:
    """The files named in KHARITA_ACTORS (':'-separated) and `paths`; a missing file is an InputError."""
    env = [p for p in os.environ.get(ACTORS_ENV, "").split(os.pathsep) if p]
    for raw in (*env, *paths):
        path = Path(raw)
        if not path.is_file():
            raise InputError(f"actor file {path} does not exist; pass a YAML file written as in "
                             "kharita/resources/actors/README.md")
        yield str(path), path.read_text(encoding="utf-8")


def build_registry(files: Iterable[tuple[str, str]], extra: Iterable[ActorEntry] = ()) -> Registry:
    registry = Registry()
    for where, text in files:
        for entry in parse_actor_yaml(text, where):
            registry.add(entry)
    for entry in extra:
        registry.add(entry)
    regimes = resources.files("kharita.resources.actors").joinpath(REGIMES_FILE)
    if regimes.is_file():
        registry.regimes = parse_regimes(regimes.read_text(encoding="utf-8"))
    return registry


_extra_entries: list[ActorEntry] = []
_extra_paths: list[str] = []
_shipped_files: list[tuple[str, str]] | None = None  # user files read in another process (`use_actor_sources`)


@cache
def registry() -> Registry:
    """The registry in use: packaged files, then KHARITA_ACTORS files, then `use_actors` files and entries."""
    files = _shipped_files if _shipped_files is not None else list(user_files(_extra_paths))
    return build_registry([*packaged_files(), *files], _extra_entries)


def actor_sources() -> tuple[tuple[tuple[str, str], ...], tuple[ActorEntry, ...]]:
    """The user files (name, text: KHARITA_ACTORS and `use_actors`) and entries in use, for another process
    (a Dask worker) to build the same registry with ``use_actor_sources``."""
    files = _shipped_files if _shipped_files is not None else list(user_files(_extra_paths))
    return tuple(files), tuple(_extra_entries)


def use_actor_sources(files: Sequence[tuple[str, str]], entries: Sequence[ActorEntry]) -> Registry:
    """Use exactly these user files and entries (from ``actor_sources`` in another process), whatever this
    process's KHARITA_ACTORS says."""
    global _shipped_files
    reset_actors()
    _shipped_files = list(files)
    _extra_entries.extend(entries)
    return registry()


def use_actors(paths: Sequence[str | Path] = (), entries: Sequence[ActorEntry] = ()) -> Registry:
    """Add user files (`--actors`) and entries (from a database) to the registry and rebuild it; an error in a
    file is raised now, not in the middle of a run."""
    _extra_paths.extend(str(p) for p in paths)
    _extra_entries.extend(entries)
    registry.cache_clear()
    _named_aliases.cache_clear()
    _fuzzy.cache_clear()
    return registry()


def reset_actors() -> None:
    """Back to the packaged registry (tests)."""
    global _shipped_files
    _shipped_files = None
    _extra_paths.clear()
    _extra_entries.clear()
    registry.cache_clear()
    _named_aliases.cache_clear()
    _fuzzy.cache_clear()


def lookup_words(words: list[str]) -> ActorEntry | None:
    """Longest description or alias that ends the phrase: ['paramilitary', 'rangers'] → Military Forces."""
    table = registry()
    lowered = [normalise(w) for w in words]
    for start in range(len(lowered)):
        key = " ".join(lowered[start:])
        named = table.by_alias.get(key) if start == 0 or not words[start - 1][:1].isupper() else None
        entry = table.by_description.get(key) or named  # not PDF inside 'Uganda People's Defence Force'
        if entry is not None:
            return entry
    return None


def lookup_acronym(text: str) -> ActorEntry | None:
    return registry().by_acronym.get(text.strip())


def lookup_name(text: str, *, fuzzy: bool = True) -> ActorEntry | None:
    """A named organisation by acronym or exact alias, then (if `fuzzy`) by close spelling ('Muttihida Quami
    Movement')."""
    table = registry()
    found = table.by_acronym.get(text.strip())
    if found is not None:
        return found
    key = normalise(text)
    entry = table.by_alias.get(key) or table.by_description.get(key)
    if entry is not None or not fuzzy or len(key) < FUZZY_MIN_LENGTH:
        return entry
    return _fuzzy(key)


@lru_cache(maxsize=65536)
def _fuzzy(key: str) -> ActorEntry | None:
    from rapidfuzz import fuzz, process

    aliases, entries = _named_aliases()
    match = process.extractOne(key, aliases, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    return entries[match[2]] if match else None


@cache
def _named_aliases() -> tuple[list[str], list[ActorEntry]]:
    pairs = [(a, e) for a, e in registry().by_alias.items() if len(a) >= FUZZY_MIN_LENGTH]
    return [a for a, _ in pairs], [e for _, e in pairs]


__all__ = [
    "ACTOR_TYPES",
    "INTER_CODES",
    "ActorEntry",
    "Regime",
    "Registry",
    "build_registry",
    "lookup_acronym",
    "lookup_name",
    "lookup_words",
    "normalise",
    "registry",
    "reset_actors",
    "slug",
    "use_actors",
]
