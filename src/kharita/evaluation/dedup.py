"""Scoring deduplication: pairwise precision and recall of "same incident" over items (articles)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class PairScore:
    """Counts of item pairs: predicted together and truly together (tp), together by mistake (fp), apart by
    mistake (fn)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None


def confused_pairs(gold: Mapping[str, str], predicted: Mapping[str, str | None]) -> Iterator[tuple[str, str, bool]]:
    """(item, item, wrongly together?) for each pair where prediction and gold disagree; items are ordered
    by id. An item with no prediction (None, or missing) is with nothing."""
    for a, b in combinations(sorted(gold), 2):
        same = gold[a] == gold[b]
        together = predicted.get(a) is not None and predicted.get(a) == predicted.get(b)
        if same != together:
            yield a, b, together


def pairwise(gold: Mapping[str, str], predicted: Mapping[str, str | None]) -> PairScore:
    """Pairwise scores of a clustering: ``gold`` and ``predicted`` map each item to its cluster."""
    together = _together(gold, predicted)
    tp = sum(1 for a, b in combinations(sorted(gold), 2) if gold[a] == gold[b] and (a, b) in together)
    positives = sum(n * (n - 1) // 2 for n in _sizes(gold).values())
    return PairScore(tp=tp, fp=len(together) - tp, fn=positives - tp)


def _together(gold: Mapping[str, str], predicted: Mapping[str, str | None]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for item in sorted(gold):
        cluster = predicted.get(item)
        if cluster is not None:
            groups.setdefault(cluster, []).append(item)
    return {pair for members in groups.values() for pair in combinations(members, 2)}


def _sizes(labels: Mapping[str, str]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for label in labels.values():
        sizes[label] = sizes.get(label, 0) + 1
    return sizes
