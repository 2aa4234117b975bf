"""Text likeness of two reports: the words they share, names counting double.

Pure and corpus-free: a word's weight depends only on the word (a name inside a sentence, or any other content
word; common English and newswire words are left out), never on the other reports stored, so a pair scores
the same in an incremental run and in a rebuild.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property

from kharita.resources.lexicon import read_table

NAME_WEIGHT = 2.0  # a capitalised word inside a sentence: a place, group, person or landmark
WORD_WEIGHT = 1.0  # any other content word

# Where the story was filed ('KABUL, June 28 (WPA) - ', 'QUETTA: '): says nothing about where it happened.
_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'’ -]{2,}(?:,[^\n—–]{0,60}?)?(?:\s*\(\w+\))?\s*(?:—|–|--| - |:)\s*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LOOK_BACK = 80
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+$")

# Common English and newswire words that say nothing about which incident a report is about (added to the
# English function words of resources/data/function_words.tsv); weekdays and months are left to the dates.
_STOP_TEXT = """
a about above according across after afternoon again against ago all almost along already also although
among an and another any are around as at away back be because been before began being between both but by
came can could day days did do does done down during each early earlier either evening every few for from
further get had has have having he her here hers him his how however i if in including inside into is it its
just last late later least less like made many may me men might more morning most much must my near nearly
new next night no nor not now of off on once one only or other others our out outside over own people per
said same say says second several she should since so some still such than that the their them then there
these they third this those though through to today told too under until up upon very was we week were what
when where whether which while who whom whose why will with within without would year years yet you
official officials reported reports report source sources local statement added time times told area areas
killing least two three
monday tuesday wednesday thursday friday saturday sunday yesterday tonight
january february march april may june july august september october november december
"""
_STOP = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class TextProfile:
    """The weighted words of a report, sorted: (word, weight)."""

    words: tuple[tuple[str, float], ...] = ()

    def weights(self) -> dict[str, float]:
        return self._weights

    @cached_property
    def _weights(self) -> dict[str, float]:
        return dict(self.words)

    @cached_property
    def norm(self) -> float:
        return math.sqrt(sum(w * w for _, w in self.words))


@dataclass(frozen=True)
class TextMatch:
    score: float
    shared_names: tuple[str, ...]
    shared_words: tuple[str, ...]


def fold(word: str) -> str:
    """Lower case, accents dropped, possessive 's dropped: 'Ségué's' → 'segue'."""
    plain = unicodedata.normalize("NFKD", word)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold().replace("’", "'")
    return plain.removesuffix("'s")


def folded_words(text: str) -> Iterator[str]:
    """The words of a text, folded ('Ségué's' → 'segue')."""
    return (fold(w) for w in _WORD.findall(text))


def _stem(word: str) -> str:
    """A light plural stem: 'villagers' → 'villager'; 'press', 'bus' and 'crisis' stay."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@cache
def stop_words() -> frozenset[str]:
    """Common English and newswire words, stemmed."""
    english = (w for row in read_table("function_words.tsv") if row[0] == "en" for w in row[1].split())
    return frozenset(_stem(w) for w in (*_STOP, *english))


def profile(texts: Iterable[str]) -> TextProfile:
    """The weighted words of some texts (evidence sentences, a title, an article); a word counts once, at its
    highest weight. An opening dateline is left out."""
    weights: dict[str, float] = {}
    for text in texts:
        for word, weight in _weighted_words(_DATELINE.sub("", text, count=1)):
            weights[word] = max(weight, weights.get(word, 0.0))
    return TextProfile(tuple(sorted(weights.items())))


def _weighted_words(text: str) -> Iterable[tuple[str, float]]:
    stop = stop_words()
    for match in _WORD.finditer(text):
        for part in match.group().split("-"):
            word = _stem(fold(part))
            if len(word) < 3 or word in stop:
                continue
            name = part[:1].isupper() and not _starts_sentence(text, match.start())
            yield word, NAME_WEIGHT if name else WORD_WEIGHT


def _starts_sentence(text: str, start: int) -> bool:
    tail = text[max(0, start - _LOOK_BACK):start]  # the end of what comes before: enough to see a full stop
    if not tail.strip() and start > _LOOK_BACK:
        tail = text[:start]  # a long run of white space: look further back
    before = tail.rstrip()
    if not before:
        return True
    return bool(_SENTENCE_END.search(tail)) or before.endswith(("—", "–", ":", "\n"))


def similarity(a: TextProfile, b: TextProfile) -> TextMatch:
    """Cosine of the two weighted word sets, and the words they share (names, then other words)."""
    wa, wb = a.weights(), b.weights()
    small, big = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    shared = sorted(w for w in small if w in big)
    denominator = a.norm * b.norm
    score = sum(wa[w] * wb[w] for w in shared) / denominator if denominator else 0.0
    names = tuple(w for w in shared if max(wa[w], wb[w]) >= NAME_WEIGHT)
    words = tuple(w for w in shared if max(wa[w], wb[w]) < NAME_WEIGHT)
    return TextMatch(round(score, 4), names, words)
