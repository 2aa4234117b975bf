"""Paragraph breaks are sentence breaks: a headline without a full stop must not swallow the lead."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Token

from kharita.stages.dates import dateline_span

LINE_END = frozenset(".!?:;\"”'’)")
WRAPPED_SHARE = 0.5
MIN_LINES = 4


@Language.component("kharita_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraphs(doc: Doc) -> Doc:
    """Line breaks end sentences (headlines, one paragraph per line) — except in hard-wrapped text, where only
    blank lines and lines ending a sentence do."""
    wrapped = hard_wrapped(doc.text)
    for token in doc[:-1]:
        breaks = token.text.count("\n") + token.whitespace_.count("\n")
        if breaks >= 2 or (breaks == 1 and (not wrapped or _line_ends_sentence(doc, token))):
            doc[token.i + 1].is_sent_start = True
    _join_dateline(doc)
    return doc


def hard_wrapped(text: str) -> bool:
    """Most lines stop mid-sentence: the text was wrapped at a fixed width."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    if len(lines) < MIN_LINES:
        return len(lines) > 1 and all(line[-1:] not in LINE_END for line in lines[:-1])
    open_lines = sum(1 for line in lines[:-1] if line[-1:] not in LINE_END)
    return open_lines / (len(lines) - 1) > WRAPPED_SHARE


def _line_ends_sentence(doc: Doc, token: Token) -> bool:
    last = token if token.text.strip() else doc[max(token.i - 1, 0)]
    return last.text[-1:] in LINE_END


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
