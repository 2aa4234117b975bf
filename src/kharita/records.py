"""From a processed Doc to typed records: Event and Aggregate dataclasses tied to evidence spans."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Span

from kharita.models import Actor, Aggregate, Article, DatePrecision, Evidence, Location, stable_hash
from kharita.stages.casualties import CasualtyMention
from kharita.stages.dates import resolve as resolve_date
from kharita.stages.events import EventDraft, Mention, office_domain
from kharita.stages.places import (
    EVENT_ROLES,
    ROLE_COUNTRY,
    ROLE_IN_NAME,
    ROLE_REGION,
    PlaceMention,
    haversine_km,
)
from kharita.stages.roles import assign, associated, role_of, to_actor

FALLBACK_PRECISION: DatePrecision = "week"


def evidence_for(sentences: Iterable[Span]) -> tuple[Evidence, ...]:
    unique = {s.start_char: s for s in sentences}
    spans = sorted(unique.items())
    return tuple(Evidence(s.start_char, s.start_char + len(s.text.rstrip()), s.text.rstrip()) for _, s in spans)


def casualty_total(mentions: Sequence[Mention], kind: str) -> tuple[int, int | None, int | None]:
    """Best, low and high count of one kind. An update ('toll rose to') wins; otherwise the largest
    per-sentence sum, since wire copy repeats the same toll, plus groups said to be 'also' killed."""
    found = [[c for c in m.casualties if c.kind == kind and not c.cumulative] for m in mentions]
    updates = [c for group in found for c in group if c.update]
    if updates:
        return max(c.count.best for c in updates), None, None
    extra = sum(c.count.best for group in found for c in group if c.additional)
    groups = [[c for c in group if not c.additional] for group in found]
    firm = [[c for c in group if not c.count.vague] for group in groups]
    best_group = max(firm if any(firm) else groups, key=lambda g: sum(c.count.best for c in g), default=[])
    if len(best_group) == 1 and not extra:
        count = best_group[0].count
        return count.best, count.low, count.high
    return sum(c.count.best for c in best_group) + extra, None, None


def article_country(doc: Doc) -> str | None:
    """The country the article is mostly about: places first, then named actors."""
    codes = Counter(p.location.country_code for p in (doc._.kharita_places or []) if p.location.country_code)
    codes.update(a.country_code for a in (doc._.kharita_actors or []) if a.country_code)
    return codes.most_common(1)[0][0] if codes else None


LOCATIVES = frozenset({"in", "inside", "across", "within", "throughout"})


def named_country(doc: Doc, draft: EventDraft) -> str | None:
    """A country the event's own sentences place it in ('staged an attack in Kenya'): it outweighs the
    article's other countries (the attackers' home, a demonym, a dateline)."""
    for mention in draft.mentions:
        sent = mention.sentence
        for place in doc._.kharita_places or []:
            if place.role != ROLE_COUNTRY or not sent.start_char <= place.start_char < sent.end_char:
                continue
            span = doc.char_span(place.start_char, place.end_char, alignment_mode="expand")
            if span is not None and _locates(span) and place.location.country_code:  # not 'in Europe'
                return place.location.country_code
    return None


SETTLEMENT_WORDS = frozenset({"village", "town", "city", "villages", "towns", "township", "province", "region"})


def _locates(span: Span) -> bool:
    """'in Kenya', 'a Kenyan village': the country says where, not whose."""
    doc = span.doc
    after_locative = span.start > 0 and doc[span.start - 1].lower_ in LOCATIVES
    return after_locative or span.end < len(doc) and doc[span.end].lower_ in SETTLEMENT_WORDS


NATURAL_FEATURES = frozenset({"LK", "SEA", "OCN", "GULF", "DSRT"})


def natural_feature(doc: Doc, draft: EventDraft) -> Location | None:
    """A lake, sea or desert the event's own sentences name ('fishermen killed on Lake Turkana'), where no town
    or region places it: ACLED codes a report that gives only a larger area at the natural feature it names."""
    for mention in draft.mentions:
        sent = mention.sentence
        for place in doc._.kharita_places or []:
            if place.feature_code in NATURAL_FEATURES and sent.start_char <= place.start_char < sent.end_char:
                return replace(place.location, geo_precision=3)
    return None


def sharpen_place(doc: Doc, location: Location, *, named_region: bool = False) -> Location:
    """A region-level place ('in eastern Ukraine', 'in Borno State') gives way to the one town the article names
    inside it ('The deaths came in Horlivka'), and a place near a town ('north of Baghdad') to the one town named
    within reach of it: ACLED codes the most specific location the report supports. A first-level region named
    outright (`named_region`) gives way only to a town in it; no place naming an office's seat ('the governor of
    Jos') is a scene."""
    if location.geo_precision < 2 or location.country_code is None:
        return location
    named = [p.location for p in (doc._.kharita_places or [])
             if p.role in EVENT_ROLES and p.location.geo_precision < location.geo_precision
             and p.location.country_code == location.country_code and not office_domain(doc, p)
             and (not named_region or p.location.admin1 == location.admin1)]
    if location.geo_precision == 2:  # 'west of Baghdad' ... 'The demonstration in Fallujah, 60 km west of Baghdad'
        named = [p for p in named if p.geonameid != location.geonameid and _within_reach(p, location)]
    towns = [p for p in named if p.geo_precision == 1] or [p for p in named if p.geo_precision == 2]
    return towns[0] if towns and _one_town(towns) else location


def region_for_part(doc: Doc, place: PlaceMention) -> Location:
    """'a jail in southwest Colombia' ... 'hospitals in Cauca department': the one first-level region the
    article names in that country stands for the part of the country better than its biggest town does."""
    if not place.stands_for_part_of_country:
        return place.location
    regions = {p.location.name: p.location for p in doc._.kharita_places or []
               if p.role == ROLE_REGION and p.feature_code == "ADM1"
               and p.location.country_code == place.location.country_code}
    return next(iter(regions.values())) if len(regions) == 1 else place.location


def _one_town(places: list[Location]) -> bool:
    """'the Lingdong district of the city of Shuangyashan': names within a town's reach are one place."""
    first = places[0]
    return all(p.geonameid == first.geonameid or _km(first, p) <= SAME_TOWN_KM for p in places[1:])


SAME_TOWN_KM = 30.0
NEAR_REACH_KM = 80.0  # how far 'near X' or 'X km north of Y' may reach


def _within_reach(town: Location, place: Location) -> bool:
    """Inside the district named ('Magumeri Local Government Area'), or near the town named ('north of X')."""
    if place.admin2 is not None and place.name == place.admin2:
        return town.admin2 == place.admin2
    return _km(town, place) <= NEAR_REACH_KM


def _km(a: Location, b: Location) -> float:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return math.inf
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def article_place(doc: Doc) -> Location | None:
    """The article's most named place; failing any, a place in an organisation's name ('the head of the
    Baghlan Provincial Council was killed'), at geo precision 2 or coarser since the body is not the scene."""
    mentions = doc._.kharita_places or []
    places = [p.location for p in mentions if p.role in EVENT_ROLES] or [
        replace(p.location, geo_precision=max(2, p.location.geo_precision)) for p in mentions if p.role == ROLE_IN_NAME]
    if not places:
        return None
    counts = Counter(p.geonameid or p.name for p in places)
    top = counts.most_common(1)[0][0]
    return next(p for p in places if (p.geonameid or p.name) == top)


def event_date(draft: EventDraft, lead: tuple[date, DatePrecision] | None,
               published: date | None) -> tuple[date | None, DatePrecision | None]:
    if draft.date is not None:
        return draft.date.date, draft.date.precision
    if lead is not None:
        return lead
    return (published, FALLBACK_PRECISION) if published else (None, None)


def lead_date(doc: Doc, published: date | None) -> tuple[date, DatePrecision] | None:
    """A dated first or second sentence sets the date for undated events that follow it."""
    sentences = list(doc.sents)[:2]
    limit = sentences[-1].end_char if sentences else 0
    for mention in doc._.kharita_dates or []:
        early = mention.start_char < limit and mention.precision in ("day", "week")
        if early and (published is None or mention.date <= published):
            return mention.date, mention.precision
    return None


def confidence(draft: EventDraft, location: Location | None, dated: bool, actor_named: bool) -> float:
    specific = any(not m.harm_only for m in draft.mentions)
    score = 0.35 + (0.2 if specific else 0.0) + (0.1 if dated else 0.0)
    score += 0.1 if location is not None and location.geo_precision <= 2 else 0.0
    score += 0.1 if actor_named else 0.0
    score += 0.05 if any(m.casualties for m in draft.mentions) else 0.0
    score += 0.05 * min(len(draft.mentions) - 1, 2)
    return round(min(score, 0.95), 2)


def describe(event_sub_type: str, actor1: str | None, actor2: str | None, location: Location | None,
             when: date | None, fatalities: int, injured: int) -> str:
    who = f"{actor1} against {actor2}" if actor1 and actor2 else actor1 or actor2 or "unidentified actors"
    where = f" in {location.name}" + (f", {location.country}" if location and location.country else "") \
        if location else ""
    day = f" on {when.isoformat()}" if when else ""
    toll = f"; {fatalities} killed" if fatalities else "; no fatalities reported"
    hurt = f", {injured} injured" if injured else ""
    return f"{event_sub_type}: {who}{where}{day}{toll}{hurt}."


@dataclass(frozen=True)
class EventActors:
    actor1: Actor | None
    actor2: Actor | None
    assoc_actor_1: tuple[str, ...] = ()
    assoc_actor_2: tuple[str, ...] = ()


def draft_actors(doc: Doc, draft: EventDraft, country_code: str | None, country_name_of: object,
                 day: date | None = None, country_of_word: object = None) -> EventActors:
    mentions = [(a, role_of(a, doc)) for m in draft.mentions for a in m.actors]
    unarmed = any(c.kind in ("killed", "injured") and not c.armed_victims for m in draft.mentions for c in m.casualties)
    first, second = assign(draft.event_type, draft.sub_event_type, mentions, draft.claimed_by,
                           civilian_victims=unarmed)
    actor1 = to_actor(first, country_code, country_name_of, day)
    actor2 = to_actor(second, country_code, country_name_of, day)
    word_country = country_of_word or (lambda _: None)
    civilians = draft.event_type == "Explosions/Remote violence" and _civilians_named(draft)
    return EventActors(actor1, actor2, associated(doc, first, mentions, actor1, word_country),
                       associated(doc, second, mentions, actor2, word_country, civilians_hurt=civilians))


def _civilians_named(draft: EventDraft) -> bool:
    """'Four policemen and two passers-by were among the dead': civilians among the victims of a strike."""
    return any(c.kind in ("killed", "injured") and (c.civilian_victims or not c.armed_victims)
               for m in draft.mentions for c in m.casualties)


def aggregate_records(doc: Doc, article: Article) -> tuple[Aggregate, ...]:
    seen: dict[tuple[int, str | None], Aggregate] = {}
    for mention in doc._.kharita_casualties or []:
        if mention.cumulative and mention.kind == "killed":
            record = _aggregate(doc, article, mention)
            key = (record.fatalities, record.location.name if record.location else None)
            if key in seen:
                record = _merge_aggregate(seen[key], record)
            seen[key] = record
    return tuple(seen.values())


def _aggregate(doc: Doc, article: Article, mention: CasualtyMention) -> Aggregate:
    sent = doc.char_span(mention.sentence_start, mention.end_char, alignment_mode="expand")
    sentence = sent.sent if sent is not None else doc[:0]
    periods = [_period_text(d) for d in doc.ents if d.label_ == "DATE" and sentence.start <= d.start < sentence.end
               and resolve_date(d.text, article.published_at or date.today()) is None]
    places = [p.location for p in (doc._.kharita_places or [])
              if sentence.start_char <= p.start_char < sentence.end_char and p.role in EVENT_ROLES]
    return Aggregate(
        aggregate_id=stable_hash(article.id, "aggregate", mention.count.best, mention.start_char),
        article_id=article.id, fatalities=mention.count.best, fatalities_qualifier=mention.count.qualifier,
        period=periods[-1] if periods else None, location=places[0] if places else None,
        evidence=evidence_for([sentence]))


def _period_text(span: Span) -> str:
    """A DATE entity less a capitalised common noun it runs on into ('this year Weeks of mayhem...', where a
    headline runs into the story without a full stop)."""
    end = span.end
    while end - 1 > span.start and span.doc[end - 1].is_title and span.doc[end - 1].pos_ != "PROPN":
        end -= 1
    return span.doc[span.start : end].text


def _merge_aggregate(first: Aggregate, again: Aggregate) -> Aggregate:
    evidence = tuple(sorted(set(first.evidence) | set(again.evidence), key=lambda e: e.start))
    return Aggregate(first.aggregate_id, first.article_id, first.fatalities,
                     first.fatalities_qualifier or again.fatalities_qualifier, first.period or again.period,
                     first.location or again.location, evidence)


__all__ = [
    "aggregate_records",
    "article_country",
    "article_place",
    "casualty_total",
    "confidence",
    "describe",
    "draft_actors",
    "event_date",
    "evidence_for",
    "lead_date",
    "named_country",
    "natural_feature",
    "region_for_part",
    "sharpen_place",
]
