"""Building Article and Failure records from text."""

from __future__ import annotations

from datetime import date

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
) -> Article:
    """A normalised Article; the id defaults to the hash of the normalised text."""
    clean = normalise_text(text)
    if not clean:
        where = source or "the article"
        raise InputError(f"{where} contains only whitespace; there is no article text to process")
    return Article(
        id=id if id is not None else stable_hash(clean),
        text=clean,
        title=normalise_text(title or "") or None,
        url=url,
        published_at=published_at,
        source=source,
    )


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
