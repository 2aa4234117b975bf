"""Geoparsing: the places each article names, resolved offline against the gazetteer; no events.

    for result in geoparse(read_sources(["report.txt"])):
        if isinstance(result, Failure):
            ...  # result.error says which article failed, in which stage, and why
        else:
            for toponym in result.toponyms:
                print(toponym.text, toponym.name, toponym.latitude, toponym.longitude)

It runs the normal kharita pipeline (`kharita.pipeline.shared_pipeline`) up to its place stage: the base model's
tagger, parser and NER, `kharita_paragraphs`, `kharita_actors` (a named group's home country is evidence for
places) and `kharita_places`; the later kharita stages (dates, casualties, cues, events) and the lemmatizer are
switched off for these documents. Places added with
`kharita gazetteer import` / `add` are found like the packaged ones.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from kharita.errors import KharitaError, StageError
from kharita.extract import _parse_batch, _place_again_at_home
from kharita.models import Article, Failure

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kharita.stages.places import PlaceMention

PLACES_STAGE = "kharita_places"
NOT_NEEDED = ("lemmatizer",)  # the place stage reads entities, sentences and word shapes, never lemmas
DEFAULT_BATCH = 16
FORMATS = ("jsonl", "json", "table")


@dataclass(frozen=True)
class Toponym:
    """One place an article names: its character span and the gazetteer entry it was resolved to.

    `geonameid` is negative for a place added by hand (`kharita gazetteer add`); `feature_code` is None for a
    part of a city the gazetteer lacks ('Lyari, Karachi' → 'Karachi - Lyari' at Karachi's point)."""

    start: int
    end: int
    text: str
    name: str
    latitude: float | None
    longitude: float | None
    country_code: str | None
    admin1: str | None
    feature_code: str | None
    geonameid: int | None
    score: float | None

    @classmethod
    def from_mention(cls, mention: PlaceMention) -> Toponym:
        loc = mention.entity
        return cls(start=mention.start_char, end=mention.end_char, text=mention.text, name=loc.name,
                   latitude=mention.latitude, longitude=mention.longitude, country_code=loc.country_code,
                   admin1=loc.admin1, feature_code=mention.feature_code, geonameid=loc.geonameid,
                   score=mention.score)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GeoparseResult:
    article_id: str
    toponyms: tuple[Toponym, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "toponyms": [t.to_dict() for t in self.toponyms]}


def geoparse(articles: Iterable[Article], *, nlp: Language | None = None, model: str | None = None,
             batch_size: int = DEFAULT_BATCH, outlet_homes: bool = False) -> Iterator[GeoparseResult | Failure]:
    """One GeoparseResult per article, in the articles' order, or a Failure (article id, stage, error) for an
    article that cannot be used (empty, too long, not English) or that a stage fails on; the others go on.

    `nlp`: a kharita pipeline (it must hold `kharita_places`); default: the shared one for `model`.
    `outlet_homes`: learn each source's home region from all its articles and resolve them again with it
    (`kharita.stages.places.learn_homes`): a local paper's 'Dublin' is then the Dublin near it. The parsed
    articles are held until the last one is read."""
    from kharita.pipeline import shared_pipeline

    pipeline = nlp if nlp is not None else shared_pipeline(model)
    skipped = unneeded_components(pipeline)
    iterator = iter(articles)
    parsed: list[tuple[Article, Doc | Failure]] = []
    while batch := list(islice(iterator, batch_size)):
        if outlet_homes:
            parsed += _parse_batch(pipeline, batch, skipped)
        else:
            yield from (_outcome(article, item) for article, item in _parse_batch(pipeline, batch, skipped))
    if outlet_homes:
        _place_again_at_home(pipeline, parsed, skipped)
        yield from (_outcome(article, item) for article, item in parsed)


def _outcome(article: Article, parsed: Doc | Failure) -> GeoparseResult | Failure:
    return parsed if isinstance(parsed, Failure) else _result(article, parsed)


def unneeded_components(nlp: Language) -> list[str]:
    """The components geoparsing switches off: every one after the place stage, and the lemmatizer."""
    names = list(nlp.pipe_names)
    if PLACES_STAGE not in names:
        raise KharitaError(f"the spaCy pipeline has no {PLACES_STAGE} component ({', '.join(names)}); build it "
                           "with kharita.pipeline.build_pipeline(), or add it with nlp.add_pipe('kharita_places')")
    return [*names[names.index(PLACES_STAGE) + 1 :], *(n for n in NOT_NEEDED if n in names)]


def _result(article: Article, doc: Doc) -> GeoparseResult | Failure:
    try:
        mentions = doc._.kharita_places or []
        return GeoparseResult(article.id, tuple(Toponym.from_mention(m) for m in mentions))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        return Failure(article.id, PLACES_STAGE, str(StageError(PLACES_STAGE, article.id, error)), article.source)


# -- output ---------------------------------------------------------------------------------------------


def render(results: Sequence[GeoparseResult], fmt: str) -> str:
    """JSONL (one object per article), JSON (a list of them) or a table (one row per toponym)."""
    if fmt == "jsonl":
        return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in results)
    if fmt == "json":
        return json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2) + "\n"
    if fmt == "table":
        return _table(results)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _table(results: Sequence[GeoparseResult], *, width: int = 160) -> str:
    from rich.console import Console
    from rich.table import Table

    count = sum(len(r.toponyms) for r in results)
    table = Table(title=f"{count} toponym(s) in {len(results)} article(s)")
    for column in ("article", "chars", "text", "place", "admin1", "cc", "lat", "lon", "feature", "geonameid"):
        table.add_column(column, overflow="fold")
    for result in results:
        for t in result.toponyms:
            table.add_row(result.article_id, f"{t.start}-{t.end}", t.text, t.name, t.admin1 or "—",
                          t.country_code or "—", _coord(t.latitude), _coord(t.longitude), t.feature_code or "—",
                          str(t.geonameid) if t.geonameid is not None else "—")
    console = Console(file=io.StringIO(), width=width, force_terminal=False)
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _coord(value: float | None) -> str:
    return f"{value:.4f}" if value is not None else "—"


__all__ = ["FORMATS", "GeoparseResult", "Toponym", "geoparse", "render", "unneeded_components"]
