"""Command line: a thin shell over kharita's library functions."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import click

from kharita.errors import KharitaError
from kharita.export import FORMATS, render
from kharita.models import Aggregate, Article, Event, Failure

DEFAULT_DB = "sqlite:///kharita.db"
model_option = click.option("--model", "-m", default=None, metavar="NAME",
                            help="spaCy pipeline: md (default), sm (fast), or any installed English "
                                 "pipeline name, e.g. en_core_web_trf. Env: KHARITA_MODEL.")
published_option = click.option("--published-at", type=click.DateTime(["%Y-%m-%d"]), default=None,
                                help="Publication date (YYYY-MM-DD) for inputs that carry none; relative "
                                     "dates such as 'on Sunday' are resolved against it.")
format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
output_option = click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
                             help="Write to FILE instead of standard output.")
db_option = click.option("--db", default=DEFAULT_DB, show_default=True, envvar="KHARITA_DB",
                         help="SQLAlchemy URL: sqlite:///FILE or postgresql://USER@HOST/DB. Env: KHARITA_DB.")
aggregates_option = click.option("--include-aggregates", is_flag=True,
                                 help="Also show cumulative tolls ('1,000 killed this year'); they are "
                                      "never counted as events.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kharita")
def cli() -> None:
    """kharita: news reports of political violence → ACLED-style event data.

    \b
    Example:
      kharita extract examples/ --format table
      kharita ingest examples/ && kharita events --country PK --format csv
    """


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _as_date(value: object) -> date | None:
    return value.date() if value is not None else None  # type: ignore[attr-defined]


def _read(paths: Sequence[str], published_at: date | None, max_bytes: int) -> tuple[list[Article], list[Failure]]:
    from kharita.ingest import read_sources

    articles: list[Article] = []
    failures: list[Failure] = []
    for item in read_sources(list(paths), published_at=published_at, stdin=sys.stdin, max_bytes=max_bytes):
        (articles if isinstance(item, Article) else failures).append(item)  # type: ignore[arg-type]
    return articles, failures


def _report_failures(failures: Sequence[Failure]) -> None:
    for failure in failures:
        click.echo(f"error: {failure.source or failure.article_id} [{failure.stage}]: {failure.error}", err=True)


def _progress(articles: list[Article], label: str) -> Iterator[Article]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True, disable=not sys.stderr.isatty() and not _force_progress()) as bar:
        yield from bar.track(articles, total=len(articles))


def _force_progress() -> bool:
    import os

    return os.environ.get("KHARITA_PROGRESS") == "1"


max_bytes_option = click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True,
                                help="Largest input file or JSONL text accepted, in bytes.")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@published_option
@format_option
@output_option
@model_option
@aggregates_option
@max_bytes_option
def extract(paths: tuple[str, ...], published_at: object, fmt: str, output: str | None, model: str | None,
            include_aggregates: bool, max_bytes: int) -> None:
    """Extract events from articles and print them; nothing is stored.

    PATHS are .txt, .html or .jsonl files, directories of them, or - for standard input.

    \b
    Example:
      kharita extract report.txt --published-at 2011-08-28
      kharita extract feed.jsonl --format jsonl --output events.jsonl
      echo "Police fired tear gas at protesters in Nairobi on Monday." | kharita extract - --published-at 2024-02-13
    """
    from kharita.extract import extract as run_extract

    articles, failures = _read(paths, _as_date(published_at), max_bytes)
    events: list[Event] = []
    aggregates: list[Aggregate] = []
    for outcome in run_extract(_progress(articles, "extracting"), model=model):
        if isinstance(outcome, Failure):
            failures.append(outcome)
        else:
            events.extend(outcome.events)
            aggregates.extend(outcome.aggregates)
    _emit(render(events, aggregates if include_aggregates else [], fmt), output)
    _finish(failures, len(articles) + len(failures))


def _finish(failures: Sequence[Failure], total: int) -> None:
    _report_failures(failures)
    if failures:
        click.echo(f"{len(failures)} of {total} input(s) failed; the others were processed.", err=True)
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@published_option
@model_option
@max_bytes_option
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Articles per database transaction.")
def ingest(paths: tuple[str, ...], db: str, published_at: object, model: str | None, max_bytes: int,
           batch_size: int) -> None:
    """Extract events from articles and store articles, events, aggregates and failures.

    Re-ingesting an article already stored (same content) adds nothing. A failing article is recorded
    with its stage and error; the run goes on and exits 1 at the end.

    \b
    Example:
      kharita ingest examples/ --db sqlite:///kharita.db
      kharita ingest wire.jsonl --db postgresql://root@127.0.0.1/test
    """
    from kharita.ingest_run import ingest_articles
    from kharita.store import open_store

    articles, failures = _read(paths, _as_date(published_at), max_bytes)
    with open_store(db) as store:
        summary = ingest_articles(store, _progress(articles, "ingesting"), failures, model=model,
                                  batch_size=batch_size)
    click.echo(summary.describe(), err=True)
    _report_failures(summary.failures)
    sys.exit(1 if summary.failures else 0)


@cli.command()
@db_option
@click.option("--country", default=None, help="ISO 3166-1 alpha-2 code (PK) or country name.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="First event date, YYYY-MM-DD.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last event date, YYYY-MM-DD.")
@click.option("--type", "event_type", default=None, help="ACLED event type or sub-event type, e.g. Battles.")
@click.option("--limit", type=click.IntRange(min=1), default=None)
@format_option
@output_option
@aggregates_option
def events(db: str, country: str | None, since: object, until: object, event_type: str | None,
           limit: int | None, fmt: str, output: str | None, include_aggregates: bool) -> None:
    """Query stored events and export them (CSV uses ACLED's column names).

    \b
    Example:
      kharita events --country PK --since 2011-08-01 --format csv --output pk.csv
      kharita events --type "Violence against civilians" --format jsonl
    """
    from kharita.store import open_store

    with open_store(db) as store:
        found = store.events(country=country, since=_as_date(since), until=_as_date(until),
                             event_type=event_type, limit=limit)
        aggregates = store.aggregates(country=country) if include_aggregates else []
    _emit(render(found, aggregates, fmt), output)


@cli.command()
@db_option
def failures(db: str) -> None:
    """List articles that failed during ingest: id, stage and error.

    \b
    Example:
      kharita failures --db sqlite:///kharita.db
    """
    from kharita.store import open_store

    with open_store(db) as store:
        for failure in store.failures():
            click.echo(f"{failure.article_id}\t{failure.stage}\t{failure.source or ''}\t{failure.error}")


# --- eval: accuracy against gold data --------------------------------------------------------------------

errors_option = click.option("--errors", "top_errors", type=click.IntRange(min=0), default=0, show_default=True,
                             metavar="N", help="Also list the N most frequent / largest errors.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON instead of tables.")
limit_option = click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
                            help="Score only the first N items.")
gold_argument = click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))


@cli.group(name="eval")
def eval_group() -> None:
    """Measure kharita against gold data (CASE 2021, PITF, LGL/GeoVirus); nothing is stored.

    \b
    Example:
      kharita eval case case2021_task2_dev.tsv --errors 10
      kharita eval pitf pitf_dev.jsonl --json
      kharita eval geo lgl.xml --limit 100
    """


def _print_json(payload: dict[str, object], model: str | None) -> None:
    import json

    from kharita.pipeline import resolve_model_name

    click.echo(json.dumps({"model": resolve_model_name(model), **payload}, indent=2))


@eval_group.command(name="case")
@gold_argument
@model_option
@errors_option
@json_option
@limit_option
def eval_case(path: Path, model: str | None, top_errors: int, as_json: bool, limit: int | None) -> None:
    """Event types on CASE 2021 task 2 snippets (TSV: id, EventSnippet, SubType).

    Prediction: the sub-event type of each snippet's main event (highest confidence), or none. Reports
    weighted F1 over the 25 ACLED labels, accuracy, the rejection rate on the 5 non-political labels and
    per-label precision/recall/F1.

    \b
    Example:
      kharita eval case case2021_task2_dev.tsv --model md --errors 10
    """
    from kharita.evaluation.case import evaluate_case
    from kharita.evaluation.report import case_text
    from kharita.evaluation.runner import ProgressTracker

    report, rows = evaluate_case(path, model=model, limit=limit, top_errors=top_errors,
                                 track=ProgressTracker("case"))
    if as_json:
        _print_json(report.to_dict(), model)
    else:
        click.echo(case_text(report, rows), nl=False)


@eval_group.command(name="pitf")
@gold_argument
@model_option
@errors_option
@json_option
@limit_option
def eval_pitf(path: Path, model: str | None, top_errors: int, as_json: bool, limit: int | None) -> None:
    """End-to-end incidents on PITF Worldwide Atrocities rows (JSONL with text, date, deaths, ...).

    Each text is read as an article published the day after its gold date. Reports deaths and injured
    exact match, violent event detected, perpetrator state vs non-state, location within 161/25 km,
    country and event date.

    \b
    Example:
      kharita eval pitf pitf_dev.jsonl --errors 20
    """
    from kharita.evaluation.pitf import evaluate_pitf
    from kharita.evaluation.report import pitf_text
    from kharita.evaluation.runner import ProgressTracker

    report, _, _ = evaluate_pitf(path, model=model, limit=limit, top_errors=top_errors,
                                 track=ProgressTracker("pitf"))
    if as_json:
        _print_json(report.to_dict(), model)
    else:
        click.echo(pitf_text(report), nl=False)


@eval_group.command(name="geo")
@gold_argument
@model_option
@json_option
@limit_option
def eval_geo(path: Path, model: str | None, as_json: bool, limit: int | None) -> None:
    """Geoparsing on LGL or GeoVirus XML: accuracy@161 km end to end and given the gold span, median error.

    \b
    Example:
      kharita eval geo lgl.xml --model sm --limit 100
    """
    from kharita.evaluation.geo import evaluate_geo
    from kharita.evaluation.report import geo_text
    from kharita.evaluation.runner import ProgressTracker

    report = evaluate_geo(path, model=model, limit=limit, track=ProgressTracker("geo"))
    if as_json:
        _print_json(report.to_dict(), model)
    else:
        click.echo(geo_text(report), nl=False)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KharitaError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)


__all__ = ["cli", "main"]
