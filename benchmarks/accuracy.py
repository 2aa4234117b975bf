"""Accuracy of kharita on the public dev sets: CASE 2021 event types, PITF incidents, LGL/GeoVirus places.

    python benchmarks/accuracy.py [--model md|sm|NAME] [--eval-dir DIR] [--limit N]

Runs `kharita eval case`, `pitf` and `geo` (via `kharita.evaluation`) on the files found in DIR (default:
../shared/eval next to the repository root) and prints one Markdown table - measure | value | target | dev
set - with the date, machine and model, ready to paste into the README. A missing file is skipped with a note.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from kharita.evaluation.case import CaseReport, evaluate_case
from kharita.evaluation.geo import GeoReport, evaluate_geo
from kharita.evaluation.pitf import PitfReport, evaluate_pitf
from kharita.evaluation.report import number, table
from kharita.evaluation.runner import ProgressTracker
from kharita.pipeline import resolve_model_name

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval"
CASE_FILE, PITF_FILE, GEO_FILES = "case2021_task2_dev.tsv", "pitf_dev.jsonl", ("lgl.xml", "geovirus.xml")

Row = tuple[str, str, str, str]

# Targets from the accuracy, actors and places issues; measures without one are reported for context.
TARGETS = {
    "case_weighted_f1": "≥ 0.75",
    "case_rejection": "≥ 0.85",
    "deaths_exact": "≥ 0.88",
    "injured_exact": "≥ 0.80",
    "violent_detected": "≥ 0.97",
    "event_date_exact": "≥ 0.85",
    "perpetrator_state": "≥ 0.90",
    "named_perpetrator": "≥ 0.85",
    "civilian_target": "≥ 0.85",
    "location_161km": "≥ 0.93",
    "location_25km": "≥ 0.75",
    "country": "≥ 0.97",
}


def case_rows(report: CaseReport, name: str) -> Iterator[Row]:
    where = f"{name} ({report.political_rows} ACLED-labelled)"
    yield "CASE weighted F1 (25 ACLED sub-event types)", number(report.weighted_f1), TARGETS["case_weighted_f1"], where
    yield "CASE accuracy (all rows)", number(report.accuracy), "", f"{name} ({report.rows})"
    yield ("CASE non-political rejection", number(report.rejection), TARGETS["case_rejection"],
           f"{name} ({report.non_political_rows} non-political)")


def pitf_rows(report: PitfReport, name: str) -> Iterator[Row]:
    for measure in report.measures:
        yield f"PITF {measure.label}", number(measure.value), TARGETS.get(measure.key, ""), f"{name} ({measure.n})"


# The places issue's geoparsing targets, by corpus and measure.
GEO_TARGETS = {("lgl.xml", "end_to_end"): "≥ 0.80", ("lgl.xml", "given"): "≥ 0.90", ("geovirus.xml", "given"): "≥ 0.90"}


def geo_rows(report: GeoReport) -> Iterator[Row]:
    where = f"{report.dataset} ({report.end_to_end.total} toponyms)"
    yield ("Geo acc@161 km, end to end", number(report.end_to_end.accuracy),
           GEO_TARGETS.get((report.dataset, "end_to_end"), ""), where)
    yield ("Geo acc@161 km, given gold span", number(report.given.accuracy),
           GEO_TARGETS.get((report.dataset, "given"), ""), where)
    yield "Geo median error km, given gold span", number(report.given.median_km, 1), "", where


def collect(eval_dir: Path, model: str, limit: int | None) -> Iterator[Row]:
    if (path := _found(eval_dir / CASE_FILE)) is not None:
        report, _ = evaluate_case(path, model=model, limit=limit, track=ProgressTracker("case"))
        yield from case_rows(report, path.name)
    if (path := _found(eval_dir / PITF_FILE)) is not None:
        pitf, _, _ = evaluate_pitf(path, model=model, limit=limit, track=ProgressTracker("pitf"))
        yield from pitf_rows(pitf, path.name)
    for geo_file in GEO_FILES:
        if (path := _found(eval_dir / geo_file)) is not None:
            yield from geo_rows(evaluate_geo(path, model=model, limit=limit, track=ProgressTracker(geo_file)))


def _found(path: Path) -> Path | None:
    if path.is_file():
        return path
    print(f"note: {path} not found; skipped", file=sys.stderr)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help="md (default), sm, or an installed spaCy pipeline name")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N items of each set")
    args = parser.parse_args(argv)
    model = resolve_model_name(args.model)
    started = time.perf_counter()
    rows = list(collect(args.eval_dir, model, args.limit))
    if not rows:
        print(f"error: no evaluation files in {args.eval_dir}", file=sys.stderr)
        return 1
    machine = f"{platform.platform()}, {platform.machine()}, Python {platform.python_version()}"
    limited = f", first {args.limit} items per set" if args.limit else ""
    print(f"Accuracy, {date.today().isoformat()}, model {model}{limited} ({machine}; "
          f"{time.perf_counter() - started:.0f} s)\n")
    print(table(("measure", "value", "target", "dev set"), rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
