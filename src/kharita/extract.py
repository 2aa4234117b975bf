"""The library entry point: articles in, Extraction records out (pure, batch-friendly)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING

from kharita.errors import KharitaError, StageError
from kharita.ingest import looks_english, read_article_text
from kharita.models import Article, Event, Extraction, Failure, Location, stable_hash
from kharita.records import (
    aggregate_records,
    article_country,
    article_place,
    casualty_total,
    confidence,
    describe,
    draft_actors,
    event_date,
    evidence_for,
    lead_date,
    named_country,
    natural_feature,
    region_for_part,
    sharpen_place,
)
from kharita.stages.places import ROLE_REGION

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kharita.stages.events import EventDraft

DEFAULT_BATCH = 16
MAX_CHARS = 1_000_000


def extract_text(text: str, *, published_at: date | None = None, model: str | None = None,
                 nlp: Language | None = None) -> Extraction:
    """Interactive use: one text in, its events out; errors raise."""
    article = read_article_text(text, published_at=published_at)
    outcome = next(extract([article], model=model, nlp=nlp))
    if isinstance(outcome, Failure):
        raise KharitaError(outcome.error)
    return outcome


Homes = Mapping[str, tuple[str, str]]
"""Outlet (an article's ``source``) → its home region, (ISO2, admin1 code)."""


def extract(articles: Iterable[Article], *, model: str | None = None, nlp: Language | None = None,
            batch_size: int = DEFAULT_BATCH, outlet_homes: bool = False, homes: Homes | None = None
            ) -> Iterator[Extraction | Failure]:
    """Batch use: yields one Extraction per article, or a Failure (article id, stage, error) and goes on.

    `outlet_homes`: learn each source's home region from all its articles and place their events again with it
    (`kharita.stages.places.learn_homes`); the parsed articles are held until the last one is read.
    `homes`: the home regions of sources known already (learnt from stored articles): their articles are read
    with them from the start, and are not learnt from again."""
    from kharita.pipeline import shared_pipeline

    pipeline = nlp if nlp is not None else shared_pipeline(model)
    known = homes or {}
    iterator = iter(articles)
    parsed: list[tuple[Article, Doc | Failure]] = []
    while batch := list(islice(iterator, batch_size)):
        if outlet_homes:
            parsed += _parse_batch(pipeline, batch, homes=known)
        else:
            yield from (_records(article, item) for article, item in _parse_batch(pipeline, batch, homes=known))
    if outlet_homes:
        _place_again_at_home(pipeline, [(a, item) for a, item in parsed if a.source not in known])
        yield from (_records(article, item) for article, item in parsed)


def _place_again_at_home(nlp: Language, parsed: list[tuple[Article, Doc | Failure]], skipped: Sequence[str] = ()
                         ) -> None:
    """Learn each source's home region from the parsed docs and run the place stage, and the stages after it
    that are not `skipped`, again on the docs of sources that have one."""
    from kharita.stages.places import apply_outlet_homes

    names = nlp.pipe_names
    later = [nlp.get_pipe(name) for name in names[names.index("kharita_places"):] if name not in skipped]

    def from_places(doc: Doc) -> Doc:
        for component in later:
            doc = component(doc)
        return doc

    docs = [(article, item) for article, item in parsed if not isinstance(item, Failure)]
    apply_outlet_homes(from_places, [a.source for a, _ in docs], [d for _, d in docs])


def _records(article: Article, parsed: Doc | Failure) -> Extraction | Failure:
    return parsed if isinstance(parsed, Failure) else _records_or_failure(article, parsed)


STAGE_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError, KharitaError)


def _parse_batch(nlp: Language, batch: list[Article], skipped: Sequence[str] = (), *, homes: Homes | None = None
                 ) -> list[tuple[Article, Doc | Failure]]:
    """Each article of the batch with its doc (the pipeline run, less the `skipped` components) or a Failure;
    the articles of sources with a known home are read with it."""
    problems = [(article, _unusable(article)) for article in batch]
    usable = [article for article, problem in problems if problem is None]
    docs: list[Doc | Failure]
    try:
        docs = list(nlp.pipe(_prepared(nlp, usable, homes), disable=list(skipped)))
    except STAGE_ERRORS:
        docs = [_parse_one(nlp, article, skipped, homes) for article in usable]
    remaining = iter(docs)
    return [(article, problem if problem is not None else next(remaining)) for article, problem in problems]


def _parse_one(nlp: Language, article: Article, skipped: Sequence[str] = (), homes: Homes | None = None
               ) -> Doc | Failure:
    """Re-run a failed batch article by article, so one bad article names itself and the rest go on."""
    doc = nlp.make_doc(article.text)
    _attach_context(doc, article, homes)
    for name, component in nlp.pipeline:
        if name in skipped:
            continue
        try:
            doc = component(doc)
        except STAGE_ERRORS as error:
            return Failure(article.id, name, str(StageError(name, article.id, error)), article.source)
    return doc


def _records_or_failure(article: Article, doc: Doc) -> Extraction | Failure:
    try:
        return to_extraction(article, doc)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        return Failure(article.id, "records", str(StageError("records", article.id, error)), article.source)


def _unusable(article: Article) -> Failure | None:
    if not article.text.strip():
        return Failure(article.id, "language", "article text is empty; nothing to extract", article.source)
    if len(article.text) > MAX_CHARS:
        return Failure(article.id, "language", f"article has {len(article.text):,} characters; kharita reads up "
                       f"to {MAX_CHARS:,} per article: split it into separate articles", article.source)
    if not looks_english(article.text):
        return Failure(article.id, "language", "article does not look like English; kharita's models read "
                       "English only: translate it first or leave it out", article.source)
    return None


def _prepared(nlp: Language, articles: list[Article], homes: Homes | None = None) -> Iterator[Doc]:
    for article in articles:
        doc = nlp.make_doc(article.text)
        _attach_context(doc, article, homes)
        yield doc


def _attach_context(doc: Doc, article: Article, homes: Homes | None = None) -> None:
    doc._.kharita_published_at = article.published_at
    doc._.kharita_article_id = article.id
    if homes and article.source is not None and article.source in homes:
        from kharita.stages.places import HOME_EXTENSION

        doc._.set(HOME_EXTENSION, homes[article.source])


def to_extraction(article: Article, doc: Doc) -> Extraction:
    events = tuple(e for draft in doc._.kharita_events or [] for e in split_days(to_event(article, doc, draft),
                                                                                 draft))
    return Extraction(article, events, aggregate_records(doc, article))


def split_days(event: Event, draft: EventDraft) -> list[Event]:
    """ACLED codes one event per day: a toll over several days is divided evenly, the remainder going to
    the first day (7 over 2 days → 4 and 3)."""
    days = draft.date.days if draft.date is not None else ()
    if len(days) < 2:
        return [event]
    deaths, hurt = _share(event.fatalities, len(days)), _share(event.injured, len(days))
    note = f" Split evenly over {len(days)} days ({', '.join(d.isoformat() for d in days)}) as reported together."
    return [replace(event, event_id=stable_hash(event.event_id, day), event_date=day, fatalities=deaths[i],
                    fatalities_low=None, fatalities_high=None, injured=hurt[i], notes=event.notes + note)
            for i, day in enumerate(days)]


def _share(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _country_name(code: str) -> str | None:
    from kharita.resources.gazetteer import get_gazetteer

    info = get_gazetteer().country_by_code(code)
    return info.name if info is not None else None


def _country_of_word(word: str) -> str | None:
    from kharita.resources.gazetteer import get_gazetteer

    info = get_gazetteer().country(word)
    return info.iso2 if info is not None else None


def event_place(doc: Doc, draft: EventDraft) -> tuple[Location | None, str | None]:
    """The event's location and country code: its own sentences' place, else the article's main place, unless
    its sentences name another country ('staged an attack in Kenya'), which then gives the country alone."""
    if draft.place is not None:
        region = draft.place.role == ROLE_REGION and draft.place.feature_code == "ADM1"
        own = sharpen_place(doc, region_for_part(doc, draft.place), named_region=region)
        return own, own.country_code
    fallback, named = article_place(doc), named_country(doc, draft)
    if fallback is not None and named in (None, fallback.country_code):
        return fallback, fallback.country_code
    country = named or article_country(doc)
    feature = natural_feature(doc, draft)
    if feature is not None:
        return replace(feature, country_code=country, country=_country_name(country) if country else None), country
    return None, country


def to_event(article: Article, doc: Doc, draft: EventDraft) -> Event:
    location, country = event_place(doc, draft)
    when, precision = event_date(draft, lead_date(doc, article.published_at), article.published_at)
    actors = draft_actors(doc, draft, country, _country_name, when, _country_of_word)
    actor1, actor2 = actors.actor1, actors.actor2
    fatalities, low, high = casualty_total(draft.mentions, "killed")
    injured, _, _ = casualty_total(draft.mentions, "injured")
    named = actor1 is not None and not actor1.name.startswith("Unidentified")
    evidence = evidence_for(m.sentence for m in draft.mentions)
    return Event(
        event_id=stable_hash(article.id, draft.sub_event_type, when, evidence[0].start),
        article_id=article.id, event_date=when, date_precision=precision,
        event_type=draft.event_type, sub_event_type=draft.sub_event_type,
        actor1=actor1, actor2=actor2, assoc_actor_1=actors.assoc_actor_1, assoc_actor_2=actors.assoc_actor_2,
        location=location,
        fatalities=fatalities, fatalities_low=low, fatalities_high=high, injured=injured,
        confidence=confidence(draft, location, draft.date is not None, named), evidence=evidence,
        notes=describe(draft.sub_event_type, actor1.name if actor1 else None, actor2.name if actor2 else None,
                       location, when, fatalities, injured),
        country=_country_name(country) if country else None, country_code=country,
    )


__all__ = ["extract", "extract_text", "split_days", "to_extraction"]
