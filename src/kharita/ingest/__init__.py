"""kharita.ingest — sources (files, directories, stdin) → Article records.

    for item in read_sources(["news/", "extra.jsonl", "-"], published_at=date(2024, 3, 15)):
        if isinstance(item, Failure):
            ...  # item.error says what is wrong with which input, and what to do
        else:
            ...  # an Article, text normalised (NFC, \\n line ends, no trailing spaces)

Importing this package does no I/O; trafilatura is loaded on the first HTML page.
"""

from __future__ import annotations

from kharita.ingest.articles import STAGE, read_article_text
from kharita.ingest.files import SUPPORTED_SUFFIXES
from kharita.ingest.reader import DEFAULT_MAX_BYTES, STDIN_SOURCE, read_sources
from kharita.ingest.text import looks_english, normalise_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "STAGE",
    "STDIN_SOURCE",
    "SUPPORTED_SUFFIXES",
    "looks_english",
    "normalise_text",
    "read_article_text",
    "read_sources",
]
