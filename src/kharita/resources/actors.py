"""Actor registry (resources/data/actors.tsv): ACLED-style names and types for descriptions and groups."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kharita.resources.lexicon import read_table

FUZZY_THRESHOLD = 88.0
FUZZY_MIN_LENGTH = 6


@dataclass(frozen=True)
class ActorEntry:
    alias: str
    name: str
    type: str
    country_code: str | None

    @property
    def named(self) -> bool:
        """A named organisation rather than a description filled in with the event's country."""
        return "{country}" not in self.name

    def resolve_name(self, country: str | None) -> str:
        if self.named:
            return self.name
        filled = self.name.replace("{country}", country or "Unknown")
        return filled if country else filled.replace(" of Unknown", "").replace(" (Unknown)", "")


@lru_cache(maxsize=1)
def registry() -> dict[str, ActorEntry]:
    entries: dict[str, ActorEntry] = {}
    for row in read_table("actors.tsv"):
        aliases, name, type_ = row[0], row[1], row[2]
        country = row[3] if len(row) > 3 and row[3] else None
        for alias in aliases.split("|"):
            entries[alias.lower()] = ActorEntry(alias.lower(), name, type_, country)
    return entries


def lookup_words(words: list[str]) -> ActorEntry | None:
    """Longest alias that ends the phrase: ['paramilitary', 'rangers'] → Military Forces."""
    table = registry()
    lowered = [w.lower() for w in words]
    for start in range(len(lowered)):
        entry = table.get(" ".join(lowered[start:]))
        if entry is not None:
            return entry
    return None


def lookup_name(text: str) -> ActorEntry | None:
    """A named organisation by exact alias, then by close spelling ('Muttihida Quami Movement')."""
    key = " ".join(text.lower().replace("’", "'").split()).removeprefix("the ")
    entry = registry().get(key)
    if entry is not None or len(key) < FUZZY_MIN_LENGTH:
        return entry
    return _fuzzy(key)


def _fuzzy(key: str) -> ActorEntry | None:
    from rapidfuzz import fuzz, process

    named = _named_aliases()
    match = process.extractOne(key, list(named), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    return named[match[0]] if match else None


@lru_cache(maxsize=1)
def _named_aliases() -> dict[str, ActorEntry]:
    return {a: e for a, e in registry().items() if e.named and len(a) >= FUZZY_MIN_LENGTH}
