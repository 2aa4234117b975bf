"""Group reports into incidents: average-linkage clustering over pairwise similarities.

Deterministic and independent of input order: reports are sorted by a stable key, pairs are scored only
within ``MAX_DAYS`` of each other, and clusters merge best-first (ties broken by their earliest report).
Two clusters merge only when the *average* similarity of all their cross pairs reaches the threshold, so two
look-alike incidents do not chain together through one report that resembles both; and never when any cross
pair is kept apart (same article, a veto, or a split a person made).

The result depends only on the connected component of the "score >= threshold" graph a report belongs to:
clustering the reports of one component gives the same incidents as clustering everything, which is what
makes incremental updates (``kharita ingest``) agree with a rebuild (``kharita dedup --rebuild``).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kharita.dedup.records import MatchExplanation, Report
from kharita.dedup.similarity import MAX_DAYS, WEIGHTS, Weights, similarity

THRESHOLD = 0.5  # a pair (or the average pair of two clusters) at even odds or better is one incident


@dataclass(frozen=True)
class Cluster:
    """One incident's reports, earliest first, and for each report (when there are several) the match that
    ties it to the others: its best-scoring pair inside the cluster."""

    members: tuple[Report, ...]
    links: tuple[MatchExplanation, ...] = ()

    @property
    def anchor(self) -> Report:
        return self.members[0]

    def link_of(self, event_id: str) -> MatchExplanation | None:
        """The best match of ``event_id`` with another report of the incident; None for a lone report."""
        for report, link in zip(self.members, self.links, strict=False):
            if report.event_id == event_id:
                return link
        return None


@dataclass(frozen=True)
class Options:
    threshold: float = THRESHOLD
    weights: Weights = WEIGHTS


Scores = dict[tuple[str, str], float]
"""Pair scores keyed by (smaller id, larger id); ``VETOED`` for a pair that must stay apart. Only the numbers
are kept while clustering (a window of one busy day holds hundreds of thousands of pairs): the explanations
are recomputed for the few pairs that tie an incident's reports together."""
VETOED = -1.0


def pair_scores(reports: Sequence[Report], *, options: Options = Options()) -> Scores:
    """Every pair within ``MAX_DAYS`` of each other (by their dates)."""
    scores: Scores = {}
    _score_within(list(reports), scores, options)
    return scores


def components(reports: Sequence[Report], scores: Scores, *,
               threshold: float = THRESHOLD) -> list[list[Report]]:
    """Connected groups of reports linked by unvetoed pairs scoring at least ``threshold``; each sorted, and
    the groups ordered by their first report."""
    parent = {r.event_id: r.event_id for r in reports}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), score in sorted(scores.items()):
        if score >= threshold and a in parent and b in parent:
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[Report]] = {}
    for report in sorted(reports, key=lambda r: r.sort_key):
        groups.setdefault(root(report.event_id), []).append(report)
    return sorted(groups.values(), key=lambda g: g[0].sort_key)


def cluster(reports: Iterable[Report], *, apart: Collection[frozenset[str]] = (),
            options: Options = Options()) -> list[Cluster]:
    """The incidents among ``reports``, ordered by their earliest report. ``apart`` holds pairs of event ids
    that must stay in different incidents (splits made by a person)."""
    ordered = _unique_sorted(reports)
    scores = pair_scores(ordered, options=options)
    found: list[Cluster] = []
    for group in components(ordered, scores, threshold=options.threshold):
        found.extend(cluster_group(group, scores, apart=apart, options=options))
    return sorted(found, key=lambda c: c.anchor.sort_key)


def cluster_around(reports: Iterable[Report], seeds: Collection[str], *, apart: Collection[frozenset[str]] = (),
                   options: Options = Options()) -> tuple[list[list[Report]], list[Cluster]]:
    """The components of ``reports`` that hold a seed (event id), and their incidents: what changes when the
    seeds are new. Only the pairs around the seeds are scored (a walk from the seeds along pairs scoring at
    least the threshold), so the cost grows with the components, not with ``reports``. The caller must pass
    every report within ``MAX_DAYS`` of each component member."""
    ordered = _unique_sorted(reports)
    scores: Scores = {}
    reached = _walk(ordered, seeds, scores, options)
    _score_within(reached, scores, options)
    groups = components(reached, scores, threshold=options.threshold)
    found = [c for g in groups for c in cluster_group(g, scores, apart=apart, options=options)]
    return groups, sorted(found, key=lambda c: c.anchor.sort_key)


def _walk(ordered: list[Report], seeds: Collection[str], scores: Scores, options: Options) -> list[Report]:
    """The reports linked to a seed by a chain of unvetoed pairs scoring at least the threshold."""
    by_id = {r.event_id: r for r in ordered}
    dated = sorted((r for r in ordered if r.day is not None), key=lambda r: (r.day, r.event_id))
    days = [r.day for r in dated if r.day is not None]
    frontier = sorted(s for s in seeds if s in by_id)
    reached = set(frontier)
    while frontier:
        report = by_id[frontier.pop()]
        for other in _near(report, dated, days):
            if _scored(report, other, scores, options) >= options.threshold and other.event_id not in reached:
                reached.add(other.event_id)
                frontier.append(other.event_id)
    return sorted((by_id[e] for e in reached), key=lambda r: r.sort_key)


def _near(report: Report, dated: list[Report], days: list[date]) -> list[Report]:
    """The dated reports within ``MAX_DAYS`` of ``report`` (itself left out)."""
    if report.day is None:
        return []
    window = timedelta(days=MAX_DAYS)
    start, end = bisect_left(days, report.day - window), bisect_right(days, report.day + window)
    return [r for r in dated[start:end] if r.event_id != report.event_id]


def _scored(a: Report, b: Report, scores: Scores, options: Options) -> float:
    key = _key(a.event_id, b.event_id)
    if key not in scores:
        match = similarity(a, b, weights=options.weights)
        scores[key] = VETOED if match.veto is not None else match.score
    return scores[key]


def _score_within(reports: list[Report], scores: Scores, options: Options) -> None:
    """Score every pair of ``reports`` within ``MAX_DAYS`` of each other (average linkage needs them all)."""
    dated = sorted((r for r in reports if r.day is not None), key=lambda r: (r.day, r.event_id))
    for i, a in enumerate(dated):
        for b in dated[i + 1 :]:
            if (b.day - a.day).days > MAX_DAYS:  # type: ignore[operator]
                break
            _scored(a, b, scores, options)


def _unique_sorted(reports: Iterable[Report]) -> list[Report]:
    unique = {r.event_id: r for r in reports}
    return sorted(unique.values(), key=lambda r: r.sort_key)


def cluster_group(group: list[Report], scores: Scores, *, apart: Collection[frozenset[str]] = (),
                  options: Options = Options()) -> list[Cluster]:
    """Average-linkage clustering of one component (see the module docstring)."""
    return _agglomerate(sorted(group, key=lambda r: r.sort_key), scores, frozenset(apart), options)


def _agglomerate(group: list[Report], scores: Scores, apart: frozenset[frozenset[str]],
                 options: Options) -> list[Cluster]:
    """Merge the two clusters with the highest average linkage while it reaches ``threshold``; ties go to the
    clusters with the earliest reports. A cluster is known by the position of its earliest report in
    ``group``; ``totals[i][j]`` is the sum of the scores of all cross pairs of clusters i and j, kept only while
    every cross pair is scored and none must stay apart (a pair that fails never passes again)."""
    threshold = options.threshold
    members = {i: [report] for i, report in enumerate(group)}
    totals = _pair_totals(group, scores, apart)
    heap = [(-total, i, j) for i, row in totals.items() for j, total in row.items() if i < j and total >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, i, j = heapq.heappop(heap)
        if -negative != _average(totals, members, i, j):
            continue  # a stale entry: i or j has merged since
        _merge(totals, members, i, j, heap, threshold)
    return [_finished(sorted(m, key=lambda r: r.sort_key), scores, options) for _, m in sorted(members.items())]


def _pair_totals(group: list[Report], scores: Scores, apart: frozenset[frozenset[str]]) -> dict[int, dict[int, float]]:
    position = {r.event_id: i for i, r in enumerate(group)}
    totals: dict[int, dict[int, float]] = {i: {} for i in range(len(group))}
    for (a, b), score in scores.items():
        i, j = position.get(a), position.get(b)
        if i is None or j is None or score == VETOED or frozenset((a, b)) in apart:
            continue
        totals[i][j] = totals[j][i] = score
    return totals


def _average(totals: dict[int, dict[int, float]], members: dict[int, list[Report]], i: int, j: int) -> float | None:
    if i not in members or j not in members or j not in totals[i]:
        return None
    return totals[i][j] / (len(members[i]) * len(members[j]))


def _merge(totals: dict[int, dict[int, float]], members: dict[int, list[Report]], i: int, j: int,
           heap: list[tuple[float, int, int]], threshold: float) -> None:
    """Cluster j joins cluster i (i < j: i holds the earlier report)."""
    members[i].extend(members.pop(j))
    row_i, row_j = totals[i], totals.pop(j)
    for k in (row_i.keys() | row_j.keys()) - {i, j}:
        totals[k].pop(i, None)
        totals[k].pop(j, None)
        if k not in row_i or k not in row_j:
            row_i.pop(k, None)
            continue
        row_i[k] = totals[k][i] = row_i[k] + row_j[k]
        average = _average(totals, members, i, k)
        if average is not None and average >= threshold:
            heapq.heappush(heap, (-average, min(i, k), max(i, k)))
    row_i.pop(j, None)


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _finished(members: list[Report], scores: Scores, options: Options) -> Cluster:
    """The cluster with, for each report, the explanation of its best-scoring pair inside it."""
    links = [_best_link(r, members, scores, options) for r in members] if len(members) > 1 else []
    return Cluster(tuple(members), tuple(link for link in links if link is not None))


def _best_link(report: Report, others: Sequence[Report], scores: Scores, options: Options) -> MatchExplanation | None:
    """The explanation of ``report``'s best-scoring pair with one of ``others`` (ties: the smaller ids); None
    when no pair is scored."""
    scored = [(scores[key], key, other) for other in others if other is not report
              and (key := _key(report.event_id, other.event_id)) in scores]
    if not scored:
        return None
    best = max(scored, key=lambda entry: (entry[0], entry[1]))[2]
    return similarity(report, best, weights=options.weights)


def links_within(reports: Sequence[Report], *, options: Options = Options()) -> dict[str, MatchExplanation]:
    """For each report, its best match with another of ``reports`` (an incident's sources): why they are
    together now."""
    ordered = _unique_sorted(reports)
    scores = pair_scores(ordered, options=options)
    links = {report.event_id: _best_link(report, ordered, scores, options) for report in ordered}
    return {event_id: link for event_id, link in links.items() if link is not None}
