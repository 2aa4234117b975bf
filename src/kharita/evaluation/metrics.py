"""Small pure scoring functions shared by the evaluations: rates, per-label F1, distances."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
NONE_LABEL = "none"


@dataclass(frozen=True)
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


def rate(hits: int, total: int) -> float | None:
    """hits / total, or None when there is nothing to score."""
    return hits / total if total else None


def exact_match_rate(pairs: Iterable[tuple[object, object]]) -> float | None:
    """Share of (gold, predicted) pairs that are equal; None for no pairs."""
    items = list(pairs)
    return rate(sum(1 for gold, predicted in items if gold == predicted), len(items))


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def label_scores(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> list[LabelScore]:
    """Precision, recall, F1 and gold support for each of `labels`.

    Gold items outside `labels` only contribute false positives (when something in `labels` was predicted);
    a prediction outside `labels` (e.g. "none") is a miss for the gold label and nobody's false positive.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    wanted = set(labels)
    true_pos: Counter[str] = Counter()
    false_pos: Counter[str] = Counter()
    support: Counter[str] = Counter(g for g in gold if g in wanted)
    for g, p in zip(gold, predicted):
        if g == p and g in wanted:
            true_pos[g] += 1
        elif p in wanted:
            false_pos[p] += 1
    return [_score(label, true_pos[label], false_pos[label], support[label]) for label in labels]


def _score(label: str, tp: int, fp: int, support: int) -> LabelScore:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / support if support else 0.0
    return LabelScore(label, precision, recall, f1(precision, recall), support)


def weighted_f1(scores: Iterable[LabelScore]) -> float | None:
    """Support-weighted mean of per-label F1 (labels without gold support weigh nothing)."""
    items = list(scores)
    total = sum(s.support for s in items)
    return sum(s.f1 * s.support for s in items) / total if total else None


def macro_f1(scores: Iterable[LabelScore]) -> float | None:
    """Unweighted mean F1 over the labels that have gold support."""
    supported = [s.f1 for s in scores if s.support]
    return sum(supported) / len(supported) if supported else None


def confusions(gold: Sequence[str], predicted: Sequence[str], ids: Sequence[str],
               top: int) -> list[tuple[str, str, int, str]]:
    """The `top` most frequent (gold, predicted, count, first example id) error pairs; ties keep input order."""
    counts: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    for g, p, item in zip(gold, predicted, ids):
        if g != p:
            counts[(g, p)] += 1
            example.setdefault((g, p), item)
    return [(g, p, n, example[(g, p)]) for (g, p), n in counts.most_common(top)]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (latitude, longitude) points in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def within_km(errors: Iterable[float | None], km: float) -> float | None:
    """Share of distance errors at most `km`; a None error (no prediction) counts as wrong."""
    items = list(errors)
    return rate(sum(1 for e in items if e is not None and e <= km), len(items))
