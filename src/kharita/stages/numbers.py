"""Counts in news prose: digits, number words, hedges ("at least"), ranges and vague quantities."""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# ACLED's conventions for vague counts (acled-guide §6); "scores" is read literally as 20.
VAGUE = {"several": 3, "few": 3, "a few": 3, "some": 3, "many": 10, "numerous": 10, "tens": 10,
         "dozens": 12, "a dozen": 12, "dozen": 12, "scores": 20, "hundreds": 100, "thousands": 1000}
EXACT_WORDS = frozenset({"a dozen", "dozen"})
LOWER_HEDGES = ("at least", "more than", "over", "upwards of", "no fewer than", "no less than", "at minimum")
UPPER_HEDGES = ("up to", "as many as", "fewer than", "less than", "under", "at most", "nearly", "almost")


@dataclass(frozen=True)
class Count:
    best: int
    low: int | None = None
    high: int | None = None
    qualifier: str | None = None
    vague: bool = False


EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")


def parse_number(text: str) -> int | None:
    """'1,000' → 1000, 'twenty-three' → 23, 'two hundred' → 200, 'a dozen' → 12; None if not a number."""
    words = text.lower().replace("-", " ").replace(" and ", " ").split()
    if not words:
        return None
    if len(words) == 1 and _DIGITS.match(words[0]):
        return int(words[0].replace(",", ""))
    if len(words) == 1 and words[0] in ("a", "an"):
        return None
    return _parse_words(words)


def _parse_words(words: list[str]) -> int | None:
    total, current = 0, 0
    for word in words:
        if _DIGITS.match(word):
            current += int(word.replace(",", ""))
        elif word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in ("dozen", "dozens"):
            current = (current or 1) * 12
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            return None
    return total + current


_RANGE = re.compile(
    r"(?:between\s+)?(?P<a>[\w,]+)\s*(?:-|–|to|and|or)\s*(?P<b>[\w,]+)$", re.IGNORECASE)


def parse_count(phrase: str) -> Count | None:
    """Parse a whole count phrase: 'at least 13', 'between 10 and 15', 'dozens', 'more than 1,000'."""
    text = " ".join(phrase.lower().replace("–", "-").replace("\\", " ").split())
    text = EDGE_PUNCTUATION.sub("", text)
    if text in VAGUE:
        return Count(VAGUE[text], qualifier=text, vague=text not in EXACT_WORDS)
    for hedge in LOWER_HEDGES + UPPER_HEDGES + ("about", "around", "some", "roughly", "approximately"):
        if text.startswith(hedge + " "):
            return _hedged(hedge, text[len(hedge) + 1:])
    ranged = _parse_range(text)
    if ranged is not None:
        return ranged
    value = parse_number(text)
    return Count(value) if value is not None else None


def _hedged(hedge: str, rest: str) -> Count | None:
    inner = parse_count(rest)
    if inner is None:
        return None
    if hedge in LOWER_HEDGES:
        return Count(inner.best, low=inner.best, high=inner.high, qualifier=hedge, vague=inner.vague)
    if hedge in UPPER_HEDGES:
        return Count(inner.best, low=inner.low, high=inner.best, qualifier=hedge, vague=inner.vague)
    return Count(inner.best, low=inner.low, high=inner.high, qualifier=hedge, vague=inner.vague)


def _parse_range(text: str) -> Count | None:
    match = _RANGE.match(text)
    if not match:
        return None
    low, high = parse_number(match["a"]), parse_number(match["b"])
    if low is None or high is None or not low < high:
        return None
    return Count(low, low=low, high=high, qualifier="range")
