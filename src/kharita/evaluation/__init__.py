"""Accuracy of kharita against public gold data: CASE 2021 event types, PITF incidents, LGL/GeoVirus places."""

from __future__ import annotations

from kharita.evaluation.metrics import (
    LabelScore,
    exact_match_rate,
    haversine_km,
    label_scores,
    macro_f1,
    rate,
    weighted_f1,
    within_km,
)
from kharita.evaluation.runner import extract_all, main_event

__all__ = ["LabelScore", "exact_match_rate", "extract_all", "haversine_km", "label_scores", "macro_f1",
           "main_event", "rate", "weighted_f1", "within_km"]
