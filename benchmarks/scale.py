"""Scaling out: ingest the same corpus locally, on a local Dask cluster of 1 worker and of 2 workers.

Usage: python benchmarks/scale.py [PATH/lgl.xml] [--articles 2000] [--model sm|md|NAME] [--batch-size 32]
       [--runs local,dask1,dask2]

The corpus is the LGL texts (read from the file at run time, never copied into the project) repeated until
there are ``--articles`` of them, each copy with its own id and title (so that every copy is stored, not skipped
as already stored). Articles are generated lazily, as a big input would be read. Each run ingests into a fresh
SQLite database; the dask runs go first, so that the client process has not loaded a pipeline itself.

Reported per run: wall seconds of ``ingest_articles`` (the model loads included: locally in this process, on
the workers when the run registers its worker plugin; the deduplication at the end, on the client, included
and shown on its own), articles/s, events and the incidents they make, the cluster's start-up seconds, and the
client process's peak RSS during the run (sampled every 0.1 s with psutil). With --engine dask the client only
reads, sends and stores; the workers' memory is not counted.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Self

from throughput import DEFAULT_LGL

from kharita.ingest_run import BatchExtractor, IngestSummary, ingest_articles
from kharita.models import Article, stable_hash
from kharita.store import open_store

RUNS = ("dask2", "dask1", "local")


@dataclass(frozen=True)
class Result:
    label: str
    articles: int
    seconds: float
    startup: float
    peak_rss_mb: float
    stored: int
    dedup_seconds: float
    events: int
    incidents: int


def corpus(texts: list[str], count: int) -> Iterator[Article]:
    """``count`` articles: the texts over and over, each copy with its own id and title."""
    for n in range(count):
        index, copy = n % len(texts), n // len(texts)
        yield Article(id=stable_hash("lgl-scale", index, copy), text=texts[index],
                      title=f"LGL {index} (copy {copy})", published_at=date(2009, 3, 20))


class RssSampler:
    """Peak resident memory of this process while it runs (a thread samples it every 0.1 s)."""

    def __init__(self) -> None:
        import psutil

        self._process = psutil.Process()
        self._stop = threading.Event()
        self.peak = self._process.memory_info().rss
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, self._process.memory_info().rss)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._process.memory_info().rss)


def ingest(texts: list[str], count: int, model: str, batch_size: int, db: Path,
           extractor: BatchExtractor | None) -> tuple[float, IngestSummary]:
    with open_store(f"sqlite:///{db}") as store:
        start = time.perf_counter()
        summary = ingest_articles(store, corpus(texts, count), model=model, batch_size=batch_size,
                                  extractor=extractor)
        return time.perf_counter() - start, summary


def run_one(label: str, texts: list[str], count: int, model: str, batch_size: int, folder: Path) -> Result:
    db = folder / f"{label}.db"
    with RssSampler() as rss:
        if label == "local":
            startup, (seconds, summary) = 0.0, ingest(texts, count, model, batch_size, db, None)
        else:
            startup, (seconds, summary) = _on_cluster(int(label.removeprefix("dask")), lambda extractor: ingest(
                texts, count, model, batch_size, db, extractor), model)
    if summary.stored + len(summary.failures) != count:
        raise SystemExit(f"{label}: stored {summary.stored} and failed {len(summary.failures)} of {count}")
    names = {"local": "local (this process)", "dask1": "dask, 1 worker", "dask2": "dask, 2 workers"}
    result = Result(names[label], count, seconds, startup, rss.peak / 2**20, summary.stored,
                    summary.dedup_seconds, summary.events, summary.incidents.incidents)
    print(f"  {result.label}: {seconds:.1f} s (+{startup:.1f} s cluster start; deduplication "
          f"{summary.dedup_seconds:.1f} s), {summary.events} events, {summary.incidents.incidents} incidents, "
          f"peak client RSS {result.peak_rss_mb:.0f} MB", flush=True)
    return result


def _on_cluster(workers: int, run: Callable[[BatchExtractor], tuple[float, IngestSummary]],
                model: str) -> tuple[float, tuple[float, IngestSummary]]:
    from kharita.distributed import ClusterSpec, batch_extractor, open_client

    start = time.perf_counter()
    with open_client(ClusterSpec(workers=workers)) as client:
        startup = time.perf_counter() - start
        return startup, run(batch_extractor(client, model=model))


def print_table(results: list[Result], model: str, batch_size: int, loads: tuple[float, float]) -> None:
    print(f"\n{results[0].articles} articles (LGL texts repeated), model {model}, batch size {batch_size} "
          f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{date.today().isoformat()}); load average {loads[0]:.1f} before, {loads[1]:.1f} after.\n")
    print("| run | seconds | of which dedup s | articles/s | events → incidents | cluster start s "
          "| client peak RSS MB |\n|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r.label} | {r.seconds:.1f} | {r.dedup_seconds:.1f} | {r.articles / r.seconds:.1f} | "
              f"{r.events} → {r.incidents} | {r.startup:.1f} | {r.peak_rss_mb:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("lgl", nargs="?", type=Path, default=DEFAULT_LGL)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--model", default="sm")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--runs", default=",".join(RUNS), help="comma-separated: local, dask1, dask2")
    args = parser.parse_args()
    texts = [t.text or "" for t in ET.parse(args.lgl).getroot().iter("text")]
    texts = [t for t in texts if t.strip()]
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kharita-scale-") as tmp:
        results = [run_one(label, texts, args.articles, args.model, args.batch_size, Path(tmp))
                   for label in args.runs.split(",")]
    print_table(results, args.model, args.batch_size, (before, os.getloadavg()[0]))


if __name__ == "__main__":
    main()
