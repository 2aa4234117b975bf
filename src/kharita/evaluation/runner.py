"""Running kharita over gold items: article in, Extraction or Failure out, and the article's main event."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar

from kharita.errors import InputError
from kharita.models import Article, Event, Extraction, Failure

if TYPE_CHECKING:
    from spacy.language import Language

T = TypeVar("T")
Outcome = Extraction | Failure


class Tracker(Protocol):
    """Wraps an iterable of `total` items, e.g. to draw a progress bar while they are consumed."""

    def __call__(self, items: Iterable[T], total: int) -> Iterable[T]: ...


def make_article(item_id: str, text: str, published_at: date | None = None) -> Article | Failure:
    """An Article normalised like kharita's own text input, or a Failure for a blank text."""
    from kharita.ingest import read_article_text

    try:
        return read_article_text(text, id=item_id, published_at=published_at)
    except InputError as error:
        return Failure(item_id, "input", str(error))


def extract_all(articles: Sequence[Article | Failure], *, model: str | None = None, nlp: Language | None = None,
                track: Tracker | None = None) -> list[Outcome]:
    """Run extraction over every usable article; outcomes come back in input order (ids need not be unique)."""
    from kharita.extract import extract

    keyed = [_renamed(item, str(index)) for index, item in enumerate(articles)]
    outcomes: dict[str, Outcome] = {a.article_id: a for a in keyed if isinstance(a, Failure)}
    usable = [a for a in keyed if isinstance(a, Article)]
    stream: Iterable[Article] = track(usable, len(usable)) if track is not None else usable
    for outcome in extract(stream, model=model, nlp=nlp):
        outcomes[outcome.article_id if isinstance(outcome, Failure) else outcome.article.id] = outcome
    return [outcomes[str(index)] for index in range(len(articles))]


def _renamed(item: Article | Failure, key: str) -> Article | Failure:
    if isinstance(item, Failure):
        return replace(item, article_id=key)
    return replace(item, id=key)


def events_of(outcome: Outcome | None) -> tuple[Event, ...]:
    return outcome.events if isinstance(outcome, Extraction) else ()


def main_event(events: Sequence[Event]) -> Event | None:
    """The event with the highest confidence; ties go to the one that starts first in the text."""
    if not events:
        return None
    ranked = sorted(enumerate(events), key=lambda pair: (-pair[1].confidence, _start(pair[1]), pair[0]))
    return ranked[0][1]


def _start(event: Event) -> int:
    return min((e.start for e in event.evidence), default=sys.maxsize)


class ProgressTracker:
    """A rich progress bar on standard error (shown on a terminal, or when KHARITA_PROGRESS=1)."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, items: Iterable[T], total: int) -> Iterator[T]:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        forced = os.environ.get("KHARITA_PROGRESS") == "1"
        console = Console(stderr=True, force_terminal=True if forced else None)
        enabled = forced or console.is_terminal
        columns = (TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True, disable=not enabled) as bar:
            yield from bar.track(items, total=total, description=self.label)
