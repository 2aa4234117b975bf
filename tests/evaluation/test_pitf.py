from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from eval_records import event, extraction, location

from kharita.evaluation.pitf import (
    PitfRow,
    pitf_articles,
    predict_pitf,
    read_pitf,
    score_pitf,
    to_iso3,
    worst_deaths_errors,
)
from kharita.models import Article

BASE = PitfRow(id="r", text="Gunmen killed two people on Monday.", date=date(2014, 6, 2), country="KEN",
               latitude=-1.28, longitude=36.82, deaths=2, injured=None, single_number=True,
               state_role="Non-State, Internal, No State Sanction")


def row(**changes: Any) -> PitfRow:
    return replace(BASE, **changes)


def test_read_pitf_parses_fields(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    lines = [
        {"id": "x1", "text": "Invented text.", "date": "2014-06-02", "country": "KEN", "latitude": -1.0,
         "longitude": 36.0, "deaths": 3, "injured": None, "deaths_ambiguity": "Single Number Reported",
         "perpetrator_state_role": "State Perpetrator"},
        {"id": "x2", "text": "Another.", "date": None, "country": "NGA", "latitude": None, "longitude": None,
         "deaths": None, "injured": 0, "deaths_ambiguity": "Range Reported", "perpetrator_state_role": "Unknown"},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    first, second = read_pitf(path)
    assert (first.deaths, first.injured, first.single_number, first.gold_state) == (3, None, True, True)
    assert (second.date, second.latitude, second.injured, second.gold_state) == (None, None, 0, None)
    assert len(read_pitf(path, limit=1)) == 1


def test_pitf_s_own_country_codes_read_as_iso(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    rows = [{"id": f"x{i}", "text": "Invented text.", "country": code} for i, code in enumerate(["BRZ", "kuw", "KEN"])]
    path.write_text("\n".join(json.dumps(x) for x in rows) + "\n", encoding="utf-8")
    assert [row.country for row in read_pitf(path)] == ["BRA", "KWT", "KEN"]


def test_published_the_day_after_gold_date() -> None:
    [article] = pitf_articles([row()])
    assert isinstance(article, Article)
    assert article.published_at == date(2014, 6, 3)


@pytest.mark.parametrize(("text", "stated"), [
    ("Gunmen killed two people on Monday.", True),
    ("Two people were killed yesterday.", True),
    ("Shots were fired last night in the town.", True),
    ("The attack took place on 3 June.", True),
    ("Gunmen killed two people in the town.", False),
])
def test_stated_date(text: str, stated: bool) -> None:
    assert row(text=text).states_date is stated


def test_gold_state_role() -> None:
    assert row(state_role="State Perpetrator").gold_state is True
    assert row(state_role="Non-State, Internal, State Sanction").gold_state is False
    assert row(state_role="Multiple Perpetrators (State and Non-State)").gold_state is None


def test_iso3_conversion() -> None:
    assert to_iso3("KE") == "KEN"
    assert to_iso3("ng") == "NGA"
    assert to_iso3(None) is None


def test_predict_sums_events_and_uses_main_event() -> None:
    main = event("Armed clash", confidence=0.9, fatalities=2, injured=1, actor_type="State forces",
                 place=location(-1.3, 36.8), when=date(2014, 6, 2))
    other = event("Looting/property destruction", confidence=0.3, start=30, fatalities=1)
    pred = predict_pitf(extraction(other, main))
    assert (pred.events, pred.deaths, pred.injured, pred.violent, pred.state) == (2, 3, 1, True, True)
    assert (pred.country, pred.event_date) == ("KE", date(2014, 6, 2))
    empty = predict_pitf(extraction())
    assert (empty.deaths, empty.violent, empty.state, empty.latitude) == (0, False, None, None)


def test_excessive_force_counts_as_violent() -> None:
    assert predict_pitf(extraction(event("Excessive force against protesters"))).violent
    assert not predict_pitf(extraction(event("Peaceful protest"))).violent


def test_score_pitf_by_hand() -> None:
    good = predict_pitf(extraction(event("Attack", fatalities=2, place=location(-1.29, 36.83), when=date(2014, 6, 2))))
    far = predict_pitf(extraction(event("Attack", fatalities=5, place=location(0.5, 36.0, "UG"),
                                        when=date(2014, 6, 1))))
    rows = [row(id="a"), row(id="b", injured=0, state_role="Unknown"), row(id="c", single_number=False,
                                                                             latitude=None, longitude=None)]
    preds = [good, far, predict_pitf(extraction())]
    report = score_pitf(rows, preds, top_errors=3)
    values = {m.key: (m.value, m.n) for m in report.measures}
    assert values["deaths_exact"] == (0.5, 2)
    assert values["injured_exact"] == (1.0, 1)  # row b: injured 0 given, predicted 0
    assert values["violent_detected"] == (pytest.approx(2 / 3), 3)
    assert values["perpetrator_state"] == (0.5, 2)  # row a right (Rebel group); row c has no event
    assert values["location_161km"] == (0.5, 2)
    assert values["location_25km"] == (0.5, 2)
    assert values["country"] == (pytest.approx(1 / 3), 3)
    assert values["event_date_exact"] == (pytest.approx(1 / 3), 3)
    assert [(e.id, e.gold, e.predicted) for e in report.deaths_errors] == [("b", 2, 5)]


def test_worst_deaths_errors_sorted_by_size() -> None:
    small = predict_pitf(extraction(event("Attack", fatalities=3)))
    big = predict_pitf(extraction(event("Attack", fatalities=40)))
    pairs = [(row(id="s"), small), (row(id="b"), big)]
    assert [e.id for e in worst_deaths_errors(pairs, 5)] == ["b", "s"]
    assert len(worst_deaths_errors(pairs, 1)) == 1
