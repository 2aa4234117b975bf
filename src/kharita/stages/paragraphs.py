"""Paragraph breaks are sentence breaks: a headline without a full stop must not swallow the lead."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kharita.stages.dates import dateline_span


@Language.component("kharita_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraphs(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    _join_dateline(doc)
    return doc


def _join_dateline(doc: Doc) -> None:
    """'BANNU, Pakistan, March 11, 2024 — A bomber ...' is one sentence, dateline included."""
    start, end = dateline_span(doc.text)
    if end == 0:
        return
    for token in doc:
        if start < token.idx <= end + 1 and token.i > 0:
            token.is_sent_start = False


def pipe(docs: Iterable[Doc]) -> Iterator[Doc]:
    for doc in docs:
        yield mark_paragraphs(doc)
