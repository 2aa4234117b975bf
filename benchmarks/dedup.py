"""Deduplication benchmark: do reports of one incident from several outlets become one incident?

    python benchmarks/dedup.py [--corpus benchmarks/dedup/corpus.jsonl] [--model md|sm|NAME] [--errors]
                               [--shuffle SEED] [--batch-size N] [--background [LGL_XML]]

Ingests the corpus (one article per line; its `incident` field is the gold label and is not given to kharita)
into a temporary SQLite database through the library, as `kharita ingest` does: extraction, storage and
deduplication once at the end of the run. Then each article's main event is taken (``kharita.dedup.lead_event``:
the event the article reports first, i.e. whose evidence starts earliest, the most confident on a tie) and
two articles count as "the same incident" when their main events are in the same stored incident.

Prints one Markdown table: pairwise precision, recall and F1 over the pairs of articles that produced an
event (the deduplication itself), the same end to end (an article without an event is with nothing, so its
pairs count as missed), counts, whether a rebuild (`kharita dedup --rebuild`) gives the same incidents as
the ingest's own deduplication, and the time. ``--errors`` lists the confused pairs with the match explanation of their
main events. ``--shuffle SEED`` ingests the articles in a shuffled order (the incidents must not change).
``--background`` adds the LGL texts (../shared/eval/lgl.xml, read at run time) as unrelated local news on the
corpus' days, each its own incident: on a real news day most stories are about something else, and they must
neither merge with each other nor with the corpus (precision over all articles with an event).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import cycle
from pathlib import Path

from kharita.dedup import Report, article_reports, lead_event, similarity
from kharita.evaluation.dedup import PairScore, confused_pairs, pairwise
from kharita.evaluation.report import number, table
from kharita.ingest import read_sources
from kharita.ingest_run import ingest_articles
from kharita.models import Article, Event, Failure
from kharita.pipeline import resolve_model_name
from kharita.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO / "benchmarks" / "dedup" / "corpus.jsonl"
DEFAULT_BACKGROUND = REPO.parent / "shared" / "eval" / "lgl.xml"
TARGET = "≥ 0.90"


@dataclass(frozen=True)
class Outcome:
    gold: dict[str, str]  # article id → gold incident
    main: dict[str, Event]  # article id → its main event (articles with an event)
    incident: dict[str, str]  # event id → stored incident
    rebuild_agrees: bool
    failed: int
    incidents: int
    seconds: float
    background: frozenset[str] = frozenset()  # ids of the background articles (each its own incident)


def read_gold(path: Path) -> dict[str, str]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["id"]: row["incident"] for row in rows}


def read_articles(path: Path, shuffle: int | None) -> tuple[list[Article], list[Failure]]:
    articles: list[Article] = []
    failures: list[Failure] = []
    for item in read_sources([str(path)]):
        (articles if isinstance(item, Article) else failures).append(item)  # type: ignore[arg-type]
    if shuffle is not None:
        random.Random(shuffle).shuffle(articles)
    return articles, failures


def background_articles(path: Path, days: Sequence[date]) -> list[Article]:
    """Unrelated local news (the LGL texts, read at run time), dated one after another on the corpus' days: the
    many other stories of a busy news day, which must not merge with each other or with the corpus."""
    texts = [t.text or "" for t in ET.parse(path).getroot().iter("text")]
    return [Article(id=f"background-{n:04d}", text=text, title=None, published_at=day, source="background")
            for n, (text, day) in enumerate(zip((t for t in texts if t.strip()), cycle(days), strict=False))]


def run(corpus: Path, model: str, shuffle: int | None, batch_size: int,
        background: Path | None) -> tuple[Outcome, list[Article]]:
    articles, failures = read_articles(corpus, shuffle)
    gold = read_gold(corpus)
    extra: list[Article] = []
    if background is not None:
        extra = background_articles(background, sorted({a.published_at for a in articles if a.published_at}))
        gold.update((a.id, a.id) for a in extra)
        articles = [*articles, *extra]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{Path(tmp) / 'dedup.db'}") as store:
        summary = ingest_articles(store, articles, failures, model=model, batch_size=batch_size)
        seconds = time.perf_counter() - started
        incident = event_incidents(store)
        main = main_events(store, [a.id for a in articles])
        store.dedup(rebuild=True)
        agrees = event_incidents(store) == incident
    outcome = Outcome(gold, main, incident, agrees, len(summary.failures), len(set(incident.values())),
                      seconds, frozenset(a.id for a in extra))
    return outcome, articles


def event_incidents(store: Store) -> dict[str, str]:
    return {event_id: found.incident_id for found in store.incidents() for event_id in found.event_ids}


def main_events(store: Store, article_ids: Sequence[str]) -> dict[str, Event]:
    found: dict[str, Event] = {}
    for article_id in article_ids:
        event = lead_event(store.events(article_id=article_id))
        if event is not None:
            found[article_id] = event
    return found


def predicted(outcome: Outcome) -> dict[str, str | None]:
    return {a: outcome.incident.get(outcome.main[a].event_id) if a in outcome.main else None for a in outcome.gold}


def rows(outcome: Outcome) -> Iterator[tuple[str, str, str]]:
    corpus = {a: g for a, g in outcome.gold.items() if a not in outcome.background}
    with_event = {a: g for a, g in corpus.items() if a in outcome.main}
    dedup, end = pairwise(with_event, predicted(outcome)), pairwise(corpus, predicted(outcome))
    yield from _score_rows("articles with an event", dedup, TARGET)
    yield from _score_rows("end to end", end, "")
    if outcome.background:
        yield from _background_rows(outcome)
    found = sum(1 for a in corpus if a in outcome.main)
    yield "articles: with an event / without / failed", (f"{found} / {len(corpus) - found - outcome.failed} / "
                                                         f"{outcome.failed}"), ""
    yield "gold incidents / same-incident article pairs", f"{len(set(corpus.values()))} / {end.tp + end.fn}", ""
    label = "all events, background included" if outcome.background else "all events"
    yield f"incidents found ({label})", str(outcome.incidents), ""
    yield "rebuild gives the same incidents", "yes" if outcome.rebuild_agrees else "NO", "yes"
    yield "time: ingest + dedup", f"{outcome.seconds:.0f} s", ""


def _background_rows(outcome: Outcome) -> Iterator[tuple[str, str, str]]:
    every = pairwise({a: g for a, g in outcome.gold.items() if a in outcome.main}, predicted(outcome))
    found = predicted(outcome)
    sizes = Counter(found[a] for a in outcome.main)
    alone = [a for a in outcome.background if a in outcome.main and sizes[found[a]] == 1]
    with_event = sum(1 for a in outcome.background if a in outcome.main)
    yield (f"with {len(outcome.background)} background articles: pairwise precision, all articles with an event "
           f"(fp {every.fp})"), number(every.precision), ""
    yield "background articles with an event / left alone, as they should be", f"{with_event} / {len(alone)}", ""


def _score_rows(label: str, score: PairScore, target: str) -> Iterator[tuple[str, str, str]]:
    yield f"pairwise precision, {label}", number(score.precision), target
    yield f"pairwise recall, {label}", number(score.recall), target
    yield f"pairwise F1, {label} (tp {score.tp}, fp {score.fp}, fn {score.fn})", number(score.f1), ""


def errors(outcome: Outcome, articles: Sequence[Article]) -> Iterator[str]:
    """The confused pairs among articles with an event, with their main events' match explanation."""
    reports = _main_reports(outcome, articles)
    with_event = {a: g for a, g in outcome.gold.items() if a in outcome.main}
    for a, b, together in confused_pairs(with_event, predicted(outcome)):
        kind = "merged, different incidents" if together else "apart, same incident"
        match = similarity(reports[a], reports[b])
        yield f"{kind}: {a} ({outcome.gold[a]}) / {b} ({outcome.gold[b]}): {match.summary()}"


def _main_reports(outcome: Outcome, articles: Sequence[Article]) -> Mapping[str, Report]:
    """Each article's main event as deduplication saw it (the lead event reads the article too)."""
    found: dict[str, Report] = {}
    for article in articles:
        if article.id in outcome.main:
            main = outcome.main[article.id]
            found[article.id] = next(r for r in article_reports(article, [main]) if r.event_id == main.event_id)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--model", default=None, help="md (default), sm, or an installed spaCy pipeline name")
    parser.add_argument("--errors", action="store_true", help="list the confused pairs of articles")
    parser.add_argument("--shuffle", type=int, default=None, metavar="SEED", help="ingest in a shuffled order")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--background", type=Path, nargs="?", const=DEFAULT_BACKGROUND, default=None,
                        metavar="LGL_XML", help="add the LGL texts as unrelated stories on the corpus' days "
                        f"(default file: {DEFAULT_BACKGROUND})")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"error: no corpus at {args.corpus}; pass --corpus PATH", file=sys.stderr)
        return 1
    model = resolve_model_name(args.model)
    outcome, articles = run(args.corpus, model, args.shuffle, args.batch_size, args.background)
    machine = f"{platform.platform()}, {platform.machine()}, Python {platform.python_version()}"
    order = f", shuffled (seed {args.shuffle})" if args.shuffle is not None else ""
    print(f"Deduplication, {date.today().isoformat()}, model {model}, {args.corpus.name}{order} ({machine})\n")
    print(table(("measure", "value", "target"), list(rows(outcome))))
    if args.errors:
        print("\nConfused pairs (main events):")
        for line in errors(outcome, articles):
            print("  " + line)
    return 0 if outcome.rebuild_agrees else 1


if __name__ == "__main__":
    sys.exit(main())
