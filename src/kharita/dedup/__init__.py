"""Cross-article deduplication: reports of one incident from many outlets become one canonical event.

Pure functions over typed records (no database, no model): ``similarity`` explains whether two reports are the
same incident, ``cluster`` groups reports into incidents deterministically, ``canonical`` computes an
incident's type, date, place and reconciled toll. ``kharita.store`` keeps the incidents up to date.
"""

from __future__ import annotations

from kharita.dedup.cluster import THRESHOLD, Cluster, Options, cluster, cluster_around
from kharita.dedup.incidents import Canonical, Tolls, canonical, incident_id, reconcile_fatalities
from kharita.dedup.records import (
    Component,
    MatchExplanation,
    Report,
    article_reports,
    explanation_from_dict,
    lead_event,
    lead_key,
    report_of,
)
from kharita.dedup.similarity import MAX_DAYS, WEIGHTS, Weights, similarity

__all__ = [
    "MAX_DAYS",
    "THRESHOLD",
    "WEIGHTS",
    "Canonical",
    "Cluster",
    "Component",
    "MatchExplanation",
    "Options",
    "Report",
    "Tolls",
    "Weights",
    "article_reports",
    "canonical",
    "cluster",
    "cluster_around",
    "explanation_from_dict",
    "incident_id",
    "lead_event",
    "lead_key",
    "reconcile_fatalities",
    "report_of",
    "similarity",
]
