"""Where each input came from, so that a failure can be read again (`kharita ingest --retry-failed`).

An origin is an absolute file path (a text, HTML or JSONL file; a directory when the reader cannot say which
file in it an article came from) or a web page's URL. Standard input and text given to the library have none.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TextIO

from kharita.ingest.articles import STAGE as INPUT_STAGE
from kharita.ingest.reader import DEFAULT_MAX_BYTES, STDIN_SOURCE, read_sources
from kharita.models import Article, Failure

_URL_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class Inputs:
    """Articles and failures read, and each article's origin (article id → origin)."""

    articles: tuple[Article, ...] = ()
    failures: tuple[Failure, ...] = ()
    origins: dict[str, str] = field(default_factory=dict)

    def __add__(self, other: Inputs) -> Inputs:
        return Inputs(self.articles + other.articles, self.failures + other.failures,
                      {**self.origins, **other.origins})


@dataclass(frozen=True)
class RetryPlan:
    """What `--retry-failed` reads again: file paths and URLs (each once), and the failures it cannot."""

    paths: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    unreadable: tuple[Failure, ...] = ()


def is_url(text: str) -> bool:
    return text.lower().startswith(_URL_SCHEMES)


def read_paths(paths: Sequence[str], *, published_at: date | None = None, stdin: TextIO | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Inputs:
    """``read_sources`` one argument at a time, noting each article's origin and each failure's."""
    articles: list[Article] = []
    failures: list[Failure] = []
    origins: dict[str, str] = {}
    for raw in paths:
        for item in read_sources([raw], published_at=published_at, stdin=stdin, max_bytes=max_bytes):
            if isinstance(item, Failure):
                failures.append(with_origin(item, _path_origin(item.source)))
                continue
            articles.append(item)
            origin = article_origin(raw, item)
            if origin is not None:
                origins[item.id] = origin
    return Inputs(tuple(articles), tuple(failures), origins)


def stream_paths(paths: Sequence[str], origins: dict[str, str], *, published_at: date | None = None,
                 stdin: TextIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Failure]:
    """``read_paths`` read lazily (for inputs too big to hold): articles and failures (with their origins) as
    they are read; each article's origin is put in ``origins`` as it goes by."""
    for raw in paths:
        for item in read_sources([raw], published_at=published_at, stdin=stdin, max_bytes=max_bytes):
            if isinstance(item, Failure):
                yield with_origin(item, _path_origin(item.source))
                continue
            origin = article_origin(raw, item)
            if origin is not None:
                origins[item.id] = origin
            yield item


def web_inputs(items: Iterable[Article | Failure]) -> Inputs:
    """Fetched pages: an article's origin is its canonical URL, a failure's the URL it was fetched from."""
    articles: list[Article] = []
    failures: list[Failure] = []
    for item in items:
        if isinstance(item, Failure):
            failures.append(with_origin(item, item.source if item.source and is_url(item.source) else None))
        else:
            articles.append(item)
    origins = {a.id: a.url for a in articles if a.url}
    return Inputs(tuple(articles), tuple(failures), origins)


def with_origin(failure: Failure, origin: str | None) -> Failure:
    """``failure`` with ``origin`` unless it has one already."""
    return failure if failure.origin is not None or origin is None else replace(failure, origin=origin)


def article_origin(raw: str, article: Article) -> str | None:
    """The file an article read from argument ``raw`` came from: ``raw`` itself, or for a directory the file
    its source names when that is a file inside it (a JSONL record with its own "source" leaves the directory).
    """
    if raw == "-":
        return None
    root = Path(raw)
    if root.is_dir() and article.source and _inside(Path(article.source), root):
        return os.path.abspath(article.source)
    return os.path.abspath(raw)


def _inside(path: Path, root: Path) -> bool:
    return path.is_file() and Path(os.path.abspath(path)).is_relative_to(os.path.abspath(root))


def _path_origin(source: str | None) -> str | None:
    if not source or source == STDIN_SOURCE:
        return None
    return source if is_url(source) else os.path.abspath(source)


def retry_plan(failures: Iterable[Failure]) -> RetryPlan:
    """The inputs to read again for these failures, each once, in the order first met."""
    paths: dict[str, None] = {}
    urls: dict[str, None] = {}
    unreadable: list[Failure] = []
    for failure in failures:
        target = retry_target(failure)
        if target is None:
            unreadable.append(failure)
        else:
            (urls if is_url(target) else paths)[target] = None
    return RetryPlan(tuple(paths), tuple(urls), tuple(unreadable))


def retry_target(failure: Failure) -> str | None:
    """The path or URL to read ``failure``'s input from again; None when it cannot be read again. A path is
    given as first spelled (relative, say) while that still names the same file: the input then keeps its
    id, and failing again counts another attempt of the same failure."""
    origin = failure.origin or _recorded_before_origins(failure)
    if origin is None or is_url(origin):
        return origin
    source = failure.source
    if source and not is_url(source) and os.path.abspath(source) == origin:
        return source
    return origin


def _recorded_before_origins(failure: Failure) -> str | None:
    """Failures recorded before kharita kept origins: an input failure's source is the path or URL given;
    another stage's source is a path when it names an existing file (else a site or outlet name)."""
    source = failure.source
    if not source or source == STDIN_SOURCE:
        return None
    if is_url(source):
        return source
    if failure.stage == INPUT_STAGE or Path(source).is_file():
        return os.path.abspath(source)
    return None
