"""Cue lexicons (resources/data/*.tsv) compiled into spaCy Matcher patterns, loaded lazily."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

WILDCARD = "*"


@cache
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated data file shipped in kharita.resources.data, comments dropped."""
    text = resources.files("kharita.resources.data").joinpath(name).read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return tuple(tuple(cell.strip() for cell in row) for row in rows)


@cache
def word_class(name: str, table: str = "nouns.tsv") -> frozenset[str]:
    """The words of one class in a word-class table ('people' in nouns.tsv)."""
    return frozenset(word for row in read_table(table) if row[0] == name for word in row[1].split())


IDENTITY_TABLE = "identities.tsv"


@cache
def identity_words() -> dict[str, str]:
    """Word → ACLED associated-actor template ('journalists' → 'Journalists ({country})')."""
    return {word: row[1] for row in read_table(IDENTITY_TABLE) for word in row[0].split()}


def expand(patterns: str) -> Iterator[list[str]]:
    """'@blow himself|herself up, svbied' → ['@blow','himself','up'], ['@blow','herself','up'], ['svbied']."""
    for pattern in patterns.split(", "):
        yield from _expand_one(pattern)


def _expand_one(pattern: str) -> Iterator[list[str]]:
    slots = []
    for word in pattern.split():
        optional = word.endswith("?") and len(word) > 1
        options = word.rstrip("?").split("|") if optional else word.split("|")
        slots.append(options + [""] if optional else options)
    for combo in itertools.product(*slots):
        yield [w for w in combo if w]


def token_specs(words: list[str], tokenize: Any) -> list[dict[str, Any]]:
    """Matcher token specs; literal words are tokenised so 'tear-gas' becomes three tokens."""
    specs: list[dict[str, Any]] = []
    for word in words:
        if word == WILDCARD:
            specs.append({"OP": "{,3}"})
        elif word.startswith("@"):
            specs.append({"LEMMA": word[1:]})
        else:
            specs.extend({"LOWER": tok.lower_} for tok in tokenize(word))
    return specs


def cue_patterns(tokenize: Any, table: str = "triggers.tsv") -> dict[str, list[list[dict[str, Any]]]]:
    """cue label → list of Matcher patterns."""
    patterns: dict[str, list[list[dict[str, Any]]]] = {}
    for label, pattern in read_table(table):
        for words in expand(pattern):
            patterns.setdefault(label, []).append(token_specs(words, tokenize))
    return patterns
