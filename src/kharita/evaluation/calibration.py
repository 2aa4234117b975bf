"""Is `confidence` meaningful? Share of right answers per confidence band."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

DEFAULT_EDGES = (0.6, 0.8)


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    n: int
    right: int

    @property
    def accuracy(self) -> float | None:
        return self.right / self.n if self.n else None

    @property
    def label(self) -> str:
        return f"{self.low:.1f}–{self.high:.1f}" if self.high < 1 else f"≥ {self.low:.1f}"


def calibration(scored: Sequence[tuple[float, bool]], edges: Sequence[float] = DEFAULT_EDGES) -> list[Band]:
    """Bands [0, e1), [e1, e2), …, [e_last, 1]: how many predictions fall in each and how many are right."""
    bounds = [0.0, *edges, 1.0001]
    bands = []
    for low, high in pairwise(bounds):
        inside = [right for confidence, right in scored if low <= confidence < high]
        bands.append(Band(low, min(high, 1.0), len(inside), sum(inside)))
    return bands
