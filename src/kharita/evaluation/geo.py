"""Geoparsing accuracy of kharita's places stage on LGL/GeoVirus-format XML.

Two measures over every gold toponym that has coordinates:
  given span  - each gold phrase resolved with the article as context (`resolve_spans`);
  end to end  - the spaCy pipeline + `kharita_places`; a gold toponym counts as found when a predicted
                place overlaps its span; a missed one is wrong.
Reports accuracy@161 km, median error (km, over the toponyms that got coordinates) and coverage.
Formats: LGL `<toponym><start><end><phrase><gaztag><lat><lon>` and GeoVirus `<location><name><start><end><lat><lon>`.
"""

from __future__ import annotations

import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from kharita.evaluation.metrics import haversine_km, rate, within_km
from kharita.evaluation.runner import Tracker

if TYPE_CHECKING:
    from spacy.language import Language

    from kharita.stages.places import PlaceMention

ACC_KM = 161.0


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float


@dataclass(frozen=True)
class GeoArticle:
    text: str
    toponyms: tuple[Gold, ...]
    source: str = ""  # the outlet (LGL's <domain>, the host of GeoVirus' <source>)


@dataclass
class Score:
    name: str
    errors: list[float | None] = field(default_factory=list)  # None = no coordinates predicted
    by_role: dict[str, list[float | None]] = field(default_factory=dict)  # "place/p2", "missed", ...

    def add(self, gold: Gold, predicted: PlaceMention | None) -> None:
        loc = predicted.location if predicted is not None else None
        lat = predicted.latitude if predicted is not None else None
        lon = predicted.longitude if predicted is not None else None
        error = haversine_km(gold.lat, gold.lon, lat, lon) if lat is not None and lon is not None else None
        self.errors.append(error)
        role = f"{predicted.role}/p{loc.geo_precision}" if predicted is not None and loc is not None else "missed"
        self.by_role.setdefault(role, []).append(error)

    def breakdown(self) -> list[Score]:
        """One sub-score per predicted role and geo precision (and one for the missed toponyms)."""
        return [Score(f"  {role}", errors) for role, errors in sorted(self.by_role.items())]

    @property
    def total(self) -> int:
        return len(self.errors)

    @property
    def accuracy(self) -> float | None:
        return within_km(self.errors, ACC_KM)

    @property
    def median_km(self) -> float | None:
        got = [e for e in self.errors if e is not None]
        return statistics.median(got) if got else None

    @property
    def coverage(self) -> float | None:
        return rate(sum(1 for e in self.errors if e is not None), self.total)

    def row(self) -> str:
        acc, median, coverage = self.accuracy or 0.0, self.median_km, self.coverage or 0.0
        shown = f"{median:>10.1f}" if median is not None else f"{'nan':>10}"
        return f"| {self.name:<12} | {self.total:>6} | {acc:>8.1%} | {shown} | {coverage:>8.1%} |"

    def to_dict(self) -> dict[str, Any]:
        return {"toponyms": self.total, "accuracy_161km": self.accuracy, "median_km": self.median_km,
                "coverage": self.coverage}


@dataclass
class GeoReport:
    dataset: str
    articles: int
    given: Score = field(default_factory=lambda: Score("given span"))
    end_to_end: Score = field(default_factory=lambda: Score("end to end"))
    seconds: float = 0.0
    predicted: int = 0  # place mentions predicted end to end
    outlet_homes: bool = True  # each outlet's articles resolved with its home region (`learn_homes`)
    spurious: int = 0  # predicted mentions that overlap no gold toponym

    def to_dict(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "articles": self.articles, "seconds": round(self.seconds, 2),
                "outlet_homes": self.outlet_homes,
                "given_span": self.given.to_dict(), "end_to_end": self.end_to_end.to_dict(),
                "predicted_places": self.predicted, "spurious_places": self.spurious}


def read_articles(path: Path) -> Iterator[GeoArticle]:
    root = ET.parse(path).getroot()
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        golds = [g for g in (_gold(node) for node in _toponym_nodes(article)) if g is not None]
        yield GeoArticle(text, tuple(aligned(text, g) for g in golds), _outlet(article))


def _outlet(article: ET.Element) -> str:
    domain = (article.findtext("domain") or "").strip()
    return domain or urlparse((article.findtext("source") or "").strip()).netloc


def aligned(text: str, gold: Gold) -> Gold:
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
    gaztag = node.find("gaztag")
    coords = gaztag if gaztag is not None else node
    lat, lon = coords.findtext("lat"), coords.findtext("lon")
    if start is None or end is None or lat is None or lon is None:
        return None
    try:
        return Gold(int(start), int(end), phrase, float(lat), float(lon))
    except ValueError:
        return None


def overlapping(places: Sequence[PlaceMention], gold: Gold) -> PlaceMention | None:
    hits = [p for p in places if _overlaps(p, gold)]
    return min(hits, key=lambda p: abs(p.start_char - gold.start)) if hits else None


def places_pipeline(model: str | None = None) -> Language:
    """The base spaCy model (alias, package name or path) plus kharita's places stage only."""
    import kharita.stages.places  # noqa: F401  (registers the factory)
    from kharita.pipeline import load_base, resolve_model_name
    from kharita.stages._ext import ensure_article_context

    nlp = load_base(resolve_model_name(model))
    ensure_article_context()
    nlp.add_pipe("kharita_places")
    return nlp


def score_articles(nlp: Language, articles: Sequence[GeoArticle], report: GeoReport,
                   track: Tracker | None = None) -> GeoReport:
    """Add the given-span and end-to-end scores of `nlp` (which must include `kharita_places`) to `report`."""
    from kharita.stages.places import apply_outlet_homes, resolve_spans

    texts: Iterable[str] = [a.text for a in articles]
    if track is not None:
        texts = track(texts, len(articles))
    docs = list(nlp.pipe(texts))
    if report.outlet_homes:
        apply_outlet_homes(nlp.get_pipe("kharita_places"), [a.source for a in articles], docs)
    for article, doc in zip(articles, docs):
        spans = [(g.start, g.end) for g in article.toponyms]
        for gold, mention in zip(article.toponyms, resolve_spans(doc, spans)):
            report.given.add(gold, mention)
        places = doc._.kharita_places or []
        for gold in article.toponyms:
            report.end_to_end.add(gold, overlapping(places, gold))
        report.predicted += len(places)
        report.spurious += sum(1 for p in places if not any(_overlaps(p, g) for g in article.toponyms))
    return report


def _overlaps(place: PlaceMention, gold: Gold) -> bool:
    return place.start_char < gold.end and gold.start < place.end_char


def evaluate_geo(path: Path, *, model: str | None = None, nlp: Language | None = None, limit: int | None = None,
                 track: Tracker | None = None, outlet_homes: bool = True) -> GeoReport:
    """`outlet_homes`: learn each outlet's home region from its articles in the file (LGL names the paper's
    domain) and resolve them again with it, as `kharita geoparse --outlet-homes` does."""
    pipeline = nlp if nlp is not None else places_pipeline(model)
    articles = list(read_articles(path))[:limit]
    started = time.perf_counter()
    report = GeoReport(path.name, len(articles), outlet_homes=outlet_homes)
    report = score_articles(pipeline, articles, report, track)
    report.seconds = time.perf_counter() - started
    return report
