"""Building Article and Failure records from text."""

from __future__ import annotations

import re
from datetime import date, datetime

from kharita.errors import InputError
from kharita.ingest.text import normalise_text
from kharita.models import Article, Failure, stable_hash

STAGE = "ingest"


def make_article(
    text: str,
    *,
    source: str | None,
    id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published_at: date | None = None,
    default_date: date | None = None,
) -> Article:
    """A normalised Article; the id defaults to the hash of the normalised text. Its date: ``published_at``
    (the input's own), else a full date in the opening dateline, else ``default_date`` (what the user gave for
    inputs that carry none)."""
    clean = normalise_text(text)
    if not clean:
        where = source or "the article"
        raise InputError(f"{where} contains only whitespace; there is no article text to process")
    return Article(
        id=id if id is not None else stable_hash(clean),
        text=clean,
        title=normalise_text(title or "") or None,
        url=url,
        published_at=published_at or dateline_date(clean) or default_date,
        source=source,
    )


_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_DATELINE = re.compile(rf"\b(?:{_MONTH}\.? (?P<d1>\d{{1,2}}),? (?P<y1>\d{{4}})|(?P<d2>\d{{1,2}}) {_MONTH} "
                       rf"(?P<y2>\d{{4}})|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))\b")
DATELINE_CHARS = 300


def dateline_date(text: str) -> date | None:
    """A full date in the opening dateline ('PESHAWAR, Pakistan, March 11, 2024 —'), else None."""
    match = _DATELINE.search(text[:DATELINE_CHARS])
    if match is None:
        return None
    if match["iso"]:
        return _safe_date(match["iso"], "%Y-%m-%d")
    day, year = match["d1"] or match["d2"], match["y1"] or match["y2"]
    month = match[1] or match[5]
    return _safe_date(f"{day} {month} {year}", "%d %B %Y")


def _safe_date(text: str, fmt: str) -> date | None:
    try:
        return datetime.strptime(text, fmt).date()
    except ValueError:
        return None


def read_article_text(
    text: str,
    *,
    id: str | None = None,
    published_at: date | None = None,
    title: str | None = None,
) -> Article:
    """An Article from a string, normalised like a .txt file; raises InputError if it is blank."""
    return make_article(text, source=None, id=id, title=title, published_at=published_at)


def ingest_failure(article_id: str, error: str, source: str | None) -> Failure:
    return Failure(article_id=article_id, stage=STAGE, error=error, source=source)
