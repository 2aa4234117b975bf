"""Throughput: kharita's full extraction vs bare spaCy `nlp.pipe` of the same model, on LGL articles.

Usage: python benchmarks/throughput.py [PATH/lgl.xml] [--model md|sm|NAME] [--limit N]
Prints a Markdown table: articles/s, words/s, the kharita/spaCy ratio, and peak memory (RSS).
"""

from __future__ import annotations

import argparse
import platform
import resource
import time
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from kharita.extract import extract
from kharita.models import Article, stable_hash
from kharita.pipeline import build_pipeline, load_base, resolve_model_name

DEFAULT_LGL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "lgl.xml"


def lgl_articles(path: Path, limit: int | None) -> list[Article]:
    texts = [t.text or "" for t in ET.parse(path).getroot().iter("text")]
    texts = [t for t in texts if t.strip()][:limit]
    return [Article(id=stable_hash(t), text=t, published_at=date(2009, 3, 20)) for t in texts]


def timed(label: str, run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(f"  {label}: {seconds:.1f} s")
    return seconds


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("lgl", nargs="?", type=Path, default=DEFAULT_LGL)
    parser.add_argument("--model", default=None)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    model = resolve_model_name(args.model)
    articles = lgl_articles(args.lgl, args.limit)
    words = sum(len(a.text.split()) for a in articles)
    bare = load_base(model)
    nlp = build_pipeline(model)
    list(extract(articles[:5], nlp=nlp))  # warm up: gazetteer index and lexicons load once
    print(f"{len(articles)} LGL articles, {words:,} words, model {model}")
    spacy_s = timed("bare nlp.pipe", lambda: list(bare.pipe(a.text for a in articles)))
    kharita_s = timed("kharita extract", lambda: list(extract(articles, nlp=nlp)))
    print_table(len(articles), words, spacy_s, kharita_s, model)


def print_table(n: int, words: int, spacy_s: float, kharita_s: float, model: str) -> None:
    machine = f"{platform.machine()}, {platform.python_version()}, {date.today().isoformat()}"
    print(f"\n| run ({model}, {machine}) | articles/s | words/s |\n|---|---:|---:|")
    print(f"| bare spaCy `nlp.pipe` | {n / spacy_s:.1f} | {words / spacy_s:,.0f} |")
    print(f"| `kharita extract` | {n / kharita_s:.1f} | {words / kharita_s:,.0f} |")
    print(f"\nkharita/spaCy throughput ratio: {spacy_s / kharita_s:.2f}; peak RSS {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
