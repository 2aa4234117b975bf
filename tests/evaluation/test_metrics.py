from __future__ import annotations

import math

import pytest

from kharita.evaluation.metrics import (
    LabelScore,
    confusions,
    exact_match_rate,
    f1,
    haversine_km,
    label_scores,
    macro_f1,
    rate,
    weighted_f1,
    within_km,
)


def test_rate_and_exact_match() -> None:
    assert rate(3, 4) == 0.75
    assert rate(0, 0) is None
    assert exact_match_rate([(1, 1), (2, 3), (0, 0), (5, 5)]) == 0.75
    assert exact_match_rate([]) is None


def test_f1_of_precision_and_recall() -> None:
    assert f1(0.5, 1.0) == pytest.approx(2 / 3)
    assert f1(0.0, 0.0) == 0.0


def test_label_scores_by_hand() -> None:
    # A: 3 gold, 2 found, 1 false positive (on a "none" gold row); B: 1 gold, found, plus one A→B confusion
    # is not possible here; C: 1 gold, predicted none.
    gold = ["A", "A", "A", "B", "C", "none"]
    pred = ["A", "A", "none", "B", "none", "A"]
    a, b, c = label_scores(gold, pred, ["A", "B", "C"])
    assert (a.precision, a.recall, a.support) == (pytest.approx(2 / 3), pytest.approx(2 / 3), 3)
    assert a.f1 == pytest.approx(2 / 3)
    assert (b.precision, b.recall, b.f1, b.support) == (1.0, 1.0, 1.0, 1)
    assert (c.precision, c.recall, c.f1, c.support) == (0.0, 0.0, 0.0, 1)
    # weighted: (3 * 2/3 + 1 * 1 + 1 * 0) / 5 = 0.6
    assert weighted_f1([a, b, c]) == pytest.approx(0.6)
    assert macro_f1([a, b, c]) == pytest.approx((2 / 3 + 1 + 0) / 3)


def test_confused_label_costs_both_sides() -> None:
    a, b = label_scores(["A", "B"], ["B", "B"], ["A", "B"])
    assert (a.recall, a.precision) == (0.0, 0.0)
    assert (b.precision, b.recall) == (0.5, 1.0)


def test_weighted_f1_ignores_unsupported_labels() -> None:
    scores = [LabelScore("A", 1.0, 1.0, 1.0, 2), LabelScore("Z", 0.0, 0.0, 0.0, 0)]
    assert weighted_f1(scores) == 1.0
    assert weighted_f1([]) is None


def test_label_scores_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        label_scores(["A"], [], ["A"])


def test_confusions_counts_errors_with_first_example() -> None:
    gold = ["A", "A", "B", "A", "C"]
    pred = ["none", "none", "B", "C", "none"]
    assert confusions(gold, pred, ["1", "2", "3", "4", "5"], 2) == [("A", "none", 2, "1"), ("A", "C", 1, "4")]


def test_haversine_known_distances() -> None:
    assert haversine_km(0.0, 0.0, 0.0, 0.0) == 0.0
    # one degree of longitude on the equator: 2 * pi * R / 360
    assert haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(2 * math.pi * 6371.0088 / 360)
    # antipodes: half the circumference
    assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(math.pi * 6371.0088)
    assert haversine_km(10.0, 20.0, -5.0, 33.0) == pytest.approx(haversine_km(-5.0, 33.0, 10.0, 20.0))


def test_within_km_counts_missing_as_wrong() -> None:
    assert within_km([10.0, 200.0, None, 161.0], 161.0) == 0.5
    assert within_km([], 161.0) is None


def test_calibration_bands() -> None:
    from kharita.evaluation.calibration import calibration

    bands = calibration([(0.3, False), (0.65, True), (0.7, False), (0.85, True), (0.95, True), (1.0, True)])
    assert [(b.label, b.n, b.right) for b in bands] == [("0.0–0.6", 1, 0), ("0.6–0.8", 2, 1), ("≥ 0.8", 3, 3)]
    assert bands[2].accuracy == 1.0 and calibration([])[0].accuracy is None
