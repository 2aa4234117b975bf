"""Namespaced Doc extensions shared by the stages: every attribute kharita sets is `doc._.kharita_*`."""

from __future__ import annotations

from datetime import date
from typing import Any

from spacy.tokens import Doc, Span

SENTINEL_NAMES = ("kharita_published_at", "kharita_article_id")


def ensure(name: str, default: object = None, *, on: Any = Doc) -> None:
    """Register `on._.name` once; stages call this from their constructor, never at import."""
    if not on.has_extension(name):
        on.set_extension(name, default=default)


def ensure_article_context() -> None:
    for name in SENTINEL_NAMES:
        ensure(name)


def published_at(doc: Doc) -> date | None:
    ensure_article_context()
    value = doc._.kharita_published_at
    return value if isinstance(value, date) else None


def sentence_of(doc: Doc, char: int) -> Span:
    """The sentence that holds character offset `char`."""
    token = doc.char_span(char, char + 1, alignment_mode="expand")
    if token is None or len(token) == 0:
        return doc[0:0]
    return token[0].sent
