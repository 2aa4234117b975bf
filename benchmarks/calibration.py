"""Calibration of `confidence`: accuracy of kharita's main event per confidence band on the dev sets.

    python benchmarks/calibration.py [--model md|sm|NAME] [--eval-dir DIR]

CASE: the main event's sub-event type equals the gold label (a non-political snippet with an event is wrong).
PITF: the summed fatalities equal the gold deaths (rows with a single reported number), banded by the main
event's confidence. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from kharita.evaluation.calibration import Band, calibration
from kharita.evaluation.case import case_articles, read_case
from kharita.evaluation.pitf import pitf_articles, read_pitf
from kharita.evaluation.runner import events_of, extract_all, main_event
from kharita.pipeline import resolve_model_name

DEFAULT_EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"


def case_scores(path: Path, model: str) -> list[tuple[float, bool]]:
    rows = read_case(path)
    scored = []
    for row, outcome in zip(rows, extract_all(case_articles(rows), model=model)):
        event = main_event(events_of(outcome))
        if event is not None:
            scored.append((event.confidence, event.sub_event_type == row.gold))
    return scored


def pitf_scores(path: Path, model: str) -> list[tuple[float, bool]]:
    rows = read_pitf(path)
    scored = []
    for row, outcome in zip(rows, extract_all(pitf_articles(rows), model=model)):
        events = events_of(outcome)
        event = main_event(events)
        if event is not None and row.single_number and row.deaths is not None:
            scored.append((event.confidence, sum(e.fatalities for e in events) == row.deaths))
    return scored


def print_table(case: list[Band], pitf: list[Band], model: str) -> None:
    print(f"Calibration, {date.today().isoformat()}, model {model}\n")
    print("| confidence | CASE events | CASE type right | PITF events | PITF deaths right |")
    print("|---|---:|---:|---:|---:|")
    for c, p in zip(case, pitf):
        print(f"| {c.label} | {c.n} | {_share(c)} | {p.n} | {_share(p)} |")


def _share(band: Band) -> str:
    return f"{band.accuracy:.2f}" if band.accuracy is not None else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    args = parser.parse_args()
    model = resolve_model_name(args.model)
    case = calibration(case_scores(args.eval_dir / "case2021_task2_dev.tsv", model))
    pitf = calibration(pitf_scores(args.eval_dir / "pitf_dev.jsonl", model))
    print_table(case, pitf, model)


if __name__ == "__main__":
    main()
