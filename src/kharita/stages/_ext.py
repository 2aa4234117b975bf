"""Namespaced Doc extensions shared by the stages: every attribute kharita sets is `doc._.kharita_*`."""

from __future__ import annotations

from datetime import date
from typing import Any

from spacy.tokens import Doc, Span, Token

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


def text_of(doc: Doc) -> str:
    """`doc.text`, joined once per document (spaCy rebuilds the string on every access)."""
    text = doc.user_data.get("kharita_text")
    if text is None:
        text = doc.user_data["kharita_text"] = doc.text
    return str(text)


def sentence(token: Token) -> Span:
    """`token.sent`, computed once per document: spaCy rebuilds it by scanning on every access."""
    doc = token.doc
    bounds = doc.user_data.get("kharita_sentence_bounds")
    if bounds is None:
        bounds = [(0, 0)] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                bounds[i] = (sent.start, sent.end)
        doc.user_data["kharita_sentence_bounds"] = bounds
    start, end = bounds[token.i]
    return doc[start:end]


def sentence_of(doc: Doc, char: int) -> Span:
    """The sentence that holds character offset `char`."""
    token = doc.char_span(char, char + 1, alignment_mode="expand")
    if token is None or len(token) == 0:
        return doc[0:0]
    return token[0].sent
