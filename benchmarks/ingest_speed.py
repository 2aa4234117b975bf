"""Ingest throughput: `extract` alone vs `ingest_articles` into a fresh SQLite database, same LGL articles.

Usage: python benchmarks/ingest_speed.py [PATH/lgl.xml] [--limit 200] [--model md|sm|NAME] [--rounds 3]
       [--batch-size 32]

The texts are read from the LGL file at run time (never copied into the project). The pipeline is loaded and
warmed up first with one untimed pass over all the articles (the first pass fills per-process caches); then the
two runs alternate, `--rounds` times each, taking turns at going first, every ingest into a new database (opened
and migrated before the clock starts: what is timed is extraction plus storage, one transaction per batch,
with everything ingest does, the deduplication at the end of the run included). Prints a Markdown table with the median and
best times and the ingest/extract ratio; the target is at most 1.15.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from throughput import DEFAULT_LGL, lgl_articles

from kharita.extract import extract
from kharita.ingest_run import ingest_articles
from kharita.models import Article
from kharita.pipeline import resolve_model_name, shared_pipeline
from kharita.store import SaveSummary, open_store

TARGET = 1.15


@dataclass(frozen=True)
class Timing:
    label: str
    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best(self) -> float:
        return min(self.seconds)


def run_extract(articles: Sequence[Article], model: str) -> int:
    return sum(1 for _ in extract(articles, model=model))


def run_ingest(articles: Sequence[Article], model: str, batch_size: int, folder: Path,
               round_no: int) -> tuple[float, float]:
    """Seconds to ingest ``articles`` into a new SQLite database in ``folder``, and of those the seconds spent
    saving batches (``Store.save``: the write transaction; ingest deduplicates once, after the last batch)."""
    saving = [0.0]
    with open_store(f"sqlite:///{folder / f'ingest-{round_no}.db'}") as store:
        save = store.save

        def timed_save(*args: Any, **kwargs: Any) -> SaveSummary:
            start = time.perf_counter()
            try:
                return save(*args, **kwargs)
            finally:
                saving[0] += time.perf_counter() - start

        store.save = timed_save  # type: ignore[method-assign]
        start = time.perf_counter()
        summary = ingest_articles(store, articles, model=model, batch_size=batch_size)
        seconds = time.perf_counter() - start
    if summary.stored + len(summary.failures) != len(articles):
        raise SystemExit(f"ingest stored {summary.stored} and failed {len(summary.failures)} of {len(articles)}")
    return seconds, saving[0]


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(articles: Sequence[Article], model: str, rounds: int,
            batch_size: int) -> tuple[Timing, Timing, Timing]:
    extract_s: list[float] = []
    ingest_s: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="kharita-ingest-speed-") as tmp:
        for round_no in range(rounds):
            if round_no % 2:
                ingest_s.append(run_ingest(articles, model, batch_size, Path(tmp), round_no))
            extract_s.append(timed(lambda: run_extract(articles, model)))
            if not round_no % 2:
                ingest_s.append(run_ingest(articles, model, batch_size, Path(tmp), round_no))
            total, saving = ingest_s[-1]
            print(f"  round {round_no + 1}: extract {extract_s[-1]:.1f} s, ingest {total:.1f} s "
                  f"(saving {saving:.1f} s)", flush=True)
    return (Timing("`extract` alone", tuple(extract_s)),
            Timing("ingest into a fresh SQLite", tuple(total for total, _ in ingest_s)),
            Timing("… of which saving batches (storage)", tuple(s for _, s in ingest_s)))


def print_table(n: int, model: str, batch_size: int, extract_t: Timing, ingest_t: Timing, saving_t: Timing,
                loads: tuple[float, float]) -> None:
    print(f"\n{n} LGL articles, model {model}, batch size {batch_size}, {len(extract_t.seconds)} rounds each "
          f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{date.today().isoformat()}); load average {loads[0]:.1f} before, {loads[1]:.1f} after: the "
          "cores were shared with other jobs, so single runs vary.\n")
    print("| run | median s | best s | articles/s (median) |\n|---|---:|---:|---:|")
    for timing in (extract_t, ingest_t):
        print(f"| {timing.label} | {timing.median:.1f} | {timing.best:.1f} | {n / timing.median:.1f} |")
    print(f"| {saving_t.label} | {saving_t.median:.1f} | {saving_t.best:.1f} | |")
    ratio, best_ratio = ingest_t.median / extract_t.median, ingest_t.best / extract_t.best
    verdict = "within" if ratio <= TARGET else "over"
    share = statistics.median(s / t for s, t in zip(saving_t.seconds, ingest_t.seconds, strict=True))
    print(f"\ningest/extract time: {ratio:.3f} (medians), {best_ratio:.3f} (best runs); {verdict} the "
          f"{TARGET:.2f} target. Saving batches took {share:.1%} of ingest time (median over rounds; the rest "
          "is extraction, measured in the same process, so free of the noise between runs).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lgl", nargs="?", type=Path, default=DEFAULT_LGL)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--model", default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    model = resolve_model_name(args.model)
    articles = lgl_articles(args.lgl, args.limit)
    shared_pipeline(model)
    print(f"{len(articles)} LGL articles from {args.lgl}, model {model}")
    print(f"  warm-up (untimed in the table): {timed(lambda: run_extract(articles, model)):.1f} s", flush=True)
    load_before = os.getloadavg()[0]
    extract_t, ingest_t, saving_t = measure(articles, model, args.rounds, args.batch_size)
    print_table(len(articles), model, args.batch_size, extract_t, ingest_t, saving_t,
                (load_before, os.getloadavg()[0]))


if __name__ == "__main__":
    main()
