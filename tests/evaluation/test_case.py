from __future__ import annotations

from pathlib import Path

import pytest
from eval_records import event, extraction

from kharita.errors import InputError
from kharita.evaluation.case import (
    ACLED_LABELS,
    CASE_TO_ACLED,
    NON_POLITICAL,
    CaseRow,
    predict_label,
    read_case,
    score_case,
)
from kharita.evaluation.runner import main_event
from kharita.models import SUB_EVENT_TYPES, Failure


def test_label_map_covers_acled() -> None:
    assert len(CASE_TO_ACLED) == 25
    assert set(ACLED_LABELS) == set(SUB_EVENT_TYPES)
    assert not set(NON_POLITICAL) & set(CASE_TO_ACLED)


def test_read_case_skips_header_and_maps_labels(tmp_path: Path) -> None:
    path = tmp_path / "case.tsv"
    path.write_text("id\tEventSnippet\tSubType\n7\tA made-up snippet.\tGRENADE\n8\tAnother one.\tDIPLO\n",
                    encoding="utf-8")
    rows = read_case(path)
    assert [(r.id, r.gold, r.political) for r in rows] == [("7", "Grenade", True), ("8", "none", False)]
    assert read_case(path, limit=1) == rows[:1]


def test_read_case_rejects_unknown_label(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("1\tText.\tNOT_A_LABEL\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown CASE label"):
        read_case(path)


def test_main_event_highest_confidence_then_first_in_text() -> None:
    late_sure = event("Grenade", confidence=0.9, start=50)
    early = event("Attack", confidence=0.6, start=0)
    assert main_event([early, late_sure]) is late_sure
    tie_late, tie_early = event("Attack", confidence=0.7, start=40), event("Arrests", confidence=0.7, start=3)
    assert main_event([tie_late, tie_early]) is tie_early
    assert main_event([]) is None


def test_predict_label() -> None:
    assert predict_label(extraction(event("Grenade", confidence=0.8), event("Attack", confidence=0.4))) == "Grenade"
    assert predict_label(extraction()) == "none"
    assert predict_label(Failure("x", "language", "not English")) == "none"


def test_score_case_by_hand() -> None:
    rows = [CaseRow("1", "", "GRENADE"), CaseRow("2", "", "GRENADE"), CaseRow("3", "", "ATTACK"),
            CaseRow("4", "", "ORG_CRIME"), CaseRow("5", "", "DIPLO")]
    predicted = ["Grenade", "none", "Attack", "Attack", "none"]
    report = score_case(rows, predicted, top_errors=5)
    scores = {s.label: s for s in report.labels}
    # Grenade: P 1, R 0.5, F1 2/3, support 2; Attack: P 0.5 (false positive on ORG_CRIME), R 1, F1 2/3.
    assert scores["Grenade"].f1 == pytest.approx(2 / 3)
    assert scores["Attack"].precision == 0.5
    assert report.weighted_f1 == pytest.approx(2 / 3)
    assert report.accuracy == pytest.approx(3 / 5)
    assert report.accuracy_political == pytest.approx(2 / 3)
    assert report.rejection == 0.5
    assert (report.political_rows, report.non_political_rows) == (3, 2)
    assert [(c.gold, c.predicted, c.count, c.example_id) for c in report.confusions] == [
        ("Grenade", "none", 1, "2"), ("ORG_CRIME", "Attack", 1, "4")]
    assert report.to_dict()["rejection_rate"] == 0.5
