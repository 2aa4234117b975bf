"""Dates: resolve each DATE/TIME mention against the article's publication date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kharita.models import DatePrecision
from kharita.stages._ext import ensure, published_at, text_of

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
DAY_PHRASES = {
    "today": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0, "earlier today": 0,
    "yesterday": 1, "last night": 1, "overnight": 1, "late last night": 1, "the previous day": 1,
    "the day before yesterday": 2, "the night before last": 2, "night before last": 2,
}
DURATION = re.compile(r"\b(days|weeks|months|years|hours|decades|since|past|recent|ago|period)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start_char: int
    end_char: int
    text: str
    date: date
    precision: DatePrecision
    days: tuple[dt.date, ...] = ()  # every day of a multi-day span ('on Wednesday and Thursday'), in order


def resolve(text: str, published: date) -> tuple[date, DatePrecision] | None:
    """'on Sunday' → the last Sunday on or before `published` (that day itself if it is a Sunday)."""
    low = " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).split())
    for resolver in (_day_phrase, _weekday, _week, _month_relative, _explicit):
        found = resolver(low, published)
        if found is not None:
            return found
    return None


def weekday_span(text: str, published: date) -> tuple[date, ...]:
    """'Wednesday and Thursday' or 'Monday to Wednesday' → each day; () for a single day."""
    words = re.findall(r"[a-z]+", text.lower())
    named = [w for w in words if w in WEEKDAYS]
    if len(named) < 2:
        return ()
    days = sorted({published - timedelta(days=(published.weekday() - WEEKDAYS[w]) % 7) for w in named})
    if any(w in ("to", "through", "until", "till") for w in words):
        days = [days[0] + timedelta(days=i) for i in range((days[-1] - days[0]).days + 1)]
    return tuple(days)


def _day_phrase(low: str, published: date) -> tuple[date, DatePrecision] | None:
    for phrase in sorted(DAY_PHRASES, key=len, reverse=True):
        if re.search(rf"\b{phrase}\b", low):
            return published - timedelta(days=DAY_PHRASES[phrase]), "day"
    return None


def _weekday(low: str, published: date) -> tuple[date, DatePrecision] | None:
    words = low.split()
    for i, word in enumerate(words):
        if word in WEEKDAYS and not any(m in words for m in MONTHS if len(m) > 3):
            back = (published.weekday() - WEEKDAYS[word]) % 7
            if back == 0 and i > 0 and words[i - 1] == "last":
                back = 7
            return published - timedelta(days=back), "day"
    return None


def _week(low: str, published: date) -> tuple[date, DatePrecision] | None:
    if re.search(r"\b(last|past|previous) (week|weekend)\b", low):
        anchor = published - timedelta(days=7)
    elif re.search(r"\bthis (week|weekend)\b|\bearlier this week\b", low):
        anchor = published
    else:
        return None
    if "weekend" in low:
        return anchor - timedelta(days=(anchor.weekday() - 5) % 7), "week"
    midweek = anchor - timedelta(days=anchor.weekday() - 2)
    return min(midweek, published), "week"


def _month_relative(low: str, published: date) -> tuple[date, DatePrecision] | None:
    if re.search(r"\b(this|earlier this|early this|late this) month\b", low):
        return published.replace(day=min(15, published.day)), "month"
    if re.search(r"\b(last|previous) month\b", low):
        previous = published.replace(day=1) - timedelta(days=1)
        return previous.replace(day=15), "month"
    return None


def _explicit(low: str, published: date) -> tuple[date, DatePrecision] | None:
    words = low.split()
    if not any(w in MONTHS for w in words) and not re.search(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b", low):
        return _year_only(words)
    if DURATION.search(low):
        return None
    parsed = _dateparse(low, published)
    if parsed is None or parsed > published + timedelta(days=1):
        return None
    has_day = any(w.isdigit() and int(w) <= 31 for w in re.findall(r"\d+", low))
    if has_day:
        return parsed, "day"
    return _month_point(parsed, low), "month"


def _month_point(parsed: date, low: str) -> date:
    last = calendar.monthrange(parsed.year, parsed.month)[1]
    if re.search(r"\b(early|beginning)\b", low):
        return parsed.replace(day=1)
    if re.search(r"\b(late|end)\b", low):
        return parsed.replace(day=last)
    return parsed.replace(day=15)


def _year_only(words: list[str]) -> tuple[date, DatePrecision] | None:
    years = [int(w) for w in words if re.fullmatch(r"(19|20)\d\d", w)]
    if len(years) == 1 and len(words) <= 3 and not any(w in ("since", "until", "by") for w in words):
        return date(years[0], 7, 1), "year"
    return None


@lru_cache(maxsize=4096)
def _dateparse(low: str, published: date) -> date | None:
    import dateparser  # slow import, deferred until an explicit date appears

    settings = {"RELATIVE_BASE": datetime.combine(published, datetime.min.time()),
                "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False}
    cleaned = re.sub(r"\b(on|in|of|the|early|late|mid|beginning|end|morning|night|evening|afternoon)\b", " ", low)
    result = dateparser.parse(" ".join(cleaned.split()), languages=["en"], settings=settings)
    return result.date() if result else None


# A place of one to four capitalised words, then country/date parts, then a dash: 'BANNU, Pakistan, March 11,
# 2024 —', or a place in capitals with an agency, then a dash or colon: 'CAIRO (GNW) —', 'QUETTA:'; not an
# opening sentence that happens to contain a comma and a dash.
DATELINE = re.compile(r"(?m)^(?:[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,3},[^\n—]{0,80}?(?:—|--| - |\(\w+\) -)"
                      r"|[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}(?: \(\w+\))?\s*(?:—|–|--|-|:)(?=\s))")  # 'CAIRO (GNW) —'


def dateline_span(text: str) -> tuple[int, int]:
    """Where the opening dateline ('BANNU, Pakistan, March 11, 2024 —') sits; its date is the filing date."""
    match = DATELINE.search(text[:600])
    return (match.start(), match.end()) if match else (0, 0)


JOINERS = frozenset({"and", "to", "through", "until", "and on", "or", "-", "–"})


DAY_WORDS = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|[Yy]esterday|[Ll]ast night)"
                       r"(?! Times| Telegraph| Mail| Post| Herald| Observer| Express| Tribune)\b")


def date_mentions(doc: Doc, published: date) -> Iterator[DateMention]:
    start, end = dateline_span(text_of(doc))
    labelled = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    spans = sorted(s for s in [*labelled, *_unlabelled_days(text_of(doc), labelled)] if not start <= s[0] < end)
    for first_char, last_char in _joined(text_of(doc), spans):
        text = text_of(doc)[first_char:last_char]
        if _names_an_occasion(text_of(doc), last_char):
            continue
        found = resolve(text, published)
        if found is not None:
            days = weekday_span(text, published)
            yield DateMention(first_char, last_char, text, days[0] if days else found[0], found[1], days)


OCCASIONS = frozenset({"vote", "votes", "election", "elections", "poll", "polls", "polling", "referendum",
                       "ballot", "summit", "anniversary", "deadline", "revolution", "uprising", "census"})
NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")


def _names_an_occasion(text: str, end: int) -> bool:
    """'the June vote', 'the April 30 elections', 'the January 25 revolution': the date of something else."""
    match = NEXT_WORD.match(text, end)
    return match is not None and match.group(1).lower() in OCCASIONS


def _unlabelled_days(text: str, labelled: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Weekdays and 'yesterday' the entity recogniser missed ('a bomb exploded Friday at a market')."""
    found = [(m.start(), m.end()) for m in DAY_WORDS.finditer(text)]
    return [(b, e) for b, e in found if not any(lb <= b < le for lb, le in labelled)]


def _joined(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Merge 'Wednesday' + ' and ' + 'Thursday' into one span."""
    merged: list[tuple[int, int]] = []
    for begin, finish in spans:
        if merged and text[merged[-1][1]:begin].strip().lower() in JOINERS:
            merged[-1] = (merged[-1][0], finish)
        else:
            merged.append((begin, finish))
    yield from merged


@Language.factory("kharita_dates", requires=["doc.ents"], assigns=["doc._.kharita_dates"])
def make_dates(nlp: Language, name: str) -> DateStage:
    return DateStage()


class DateStage:
    """Sets `doc._.kharita_dates`: resolved dates; needs `doc._.kharita_published_at` (else none)."""

    def __init__(self) -> None:
        ensure("kharita_dates", default=None)

    def __call__(self, doc: Doc) -> Doc:
        published = published_at(doc)
        doc._.kharita_dates = list(date_mentions(doc, published)) if published else []
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
