"""Command line: a thin shell over kharita's library functions."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence, Sized
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from kharita.errors import InputError, KharitaError
from kharita.export import ACTOR_FORMATS, FORMATS, render
from kharita.models import ACTOR_TYPES, Aggregate, Article, Event, Failure

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from kharita.distributed import ClusterSpec
    from kharita.ingest.origins import Inputs, RetryPlan
    from kharita.ingest.web import WebClient
    from kharita.ingest_run import IngestSummary
    from kharita.models import Extraction
    from kharita.resources.actors import ActorEntry
    from kharita.store import Store, StoredActor
    from kharita.watch import FeedPoll

_T = TypeVar("_T")
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
actors_option = click.option("--actors", "actor_files", multiple=True, metavar="FILE",
                              type=click.Path(dir_okay=False),
                              help="Extra actor registry file (YAML, see kharita/resources/actors/README.md); "
                                   "repeatable. Env: KHARITA_ACTORS (files separated by ':').")
aggregates_option = click.option("--include-aggregates", is_flag=True,
                                 help="Also show cumulative tolls ('1,000 killed this year'); they are "
                                      "never counted as events.")


class _Group(click.Group):
    """Turns kharita's own errors (whose messages say what to do) into `error: ...` and exit status 2, the
    same as `main` does, also when the commands are run in-process (click's CliRunner)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KharitaError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kharita")
def cli() -> None:
    """kharita: news reports of political violence → ACLED-style event data.

    \b
    Example:
      kharita extract examples/ --format table
      kharita ingest examples/ && kharita events --country PK --format csv
      kharita actors add my_actors.yaml && kharita actors list --unreviewed
      kharita watch https://news.example.org/world/rss.xml --every 15m
      kharita serve --db sqlite:///kharita.db --token s3cret
    """


def _use_actors(paths: Sequence[str] = (), entries: Sequence[ActorEntry] = ()) -> None:
    """Add --actors files, or actors kept in a database, to the registry before a run (a bad file fails now,
    not halfway through). Nothing to add leaves the registry as it is (packaged files and KHARITA_ACTORS)."""
    from kharita.resources.actors import reset_actors, use_actors

    if paths:
        reset_actors()
    if paths or entries:
        use_actors(paths=paths, entries=entries)


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


def _progress(items: Iterable[_T], label: str) -> Iterator[_T]:
    """A progress bar over ``items``; without a length (inputs read lazily) it counts up to '?'."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True, disable=not sys.stderr.isatty() and not _force_progress()) as bar:
        yield from bar.track(items, total=len(items) if isinstance(items, Sized) else None)


def _force_progress() -> bool:
    import os

    return os.environ.get("KHARITA_PROGRESS") == "1"


outlet_homes_option = click.option(
    "--outlet-homes", is_flag=True,
    help="Learn each outlet's home region from all its articles (JSONL 'source', else the file) and read the names "
         "its stories leave open near it: a local paper's 'Dublin'. Holds every parsed article until the last is "
         "read.")
stored_homes_option = click.option(
    "--outlet-homes", is_flag=True,
    help="Read each outlet's stories with its home region, learnt from the regions of its events already in the "
         "database and, batch by batch, of this run's: a local paper's 'Dublin' is the one near it. Local engine "
         "only.")
max_bytes_option = click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True,
                                help="Largest input file, JSONL text or web page accepted, in bytes.")
timeout_option = click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
                              metavar="SECONDS", help="How long to wait for a web server to answer (each try; "
                                                      "slow or failing servers are tried 3 times in all).")


def _web_client(timeout: float, max_bytes: int) -> WebClient:
    from kharita.ingest.web import WebClient, WebOptions

    return WebClient(WebOptions(connect_timeout=min(timeout, 10.0), read_timeout=timeout, max_bytes=max_bytes))


def _fetch(urls: Sequence[str], published_at: date | None, timeout: float,
           max_bytes: int) -> tuple[list[Article], list[Failure]]:
    from kharita.ingest.web import read_urls

    articles: list[Article] = []
    failures: list[Failure] = []
    with _web_client(timeout, max_bytes) as client:
        for item in read_urls(_progress(list(urls), "fetching"), client=client, published_at=published_at):
            (articles if isinstance(item, Article) else failures).append(item)  # type: ignore[arg-type]
    return articles, failures


engine_option = click.option("--engine", type=click.Choice(("local", "dask")), default="local", show_default=True,
                             help="local: extract in this process; dask: on a Dask cluster (the `dask` extra), "
                                  "inputs read lazily and sent to the workers in batches.")
scheduler_option = click.option("--scheduler", default=None, metavar="ADDRESS",
                                help="With --engine dask: an existing Dask scheduler, e.g. tcp://HOST:8786 "
                                     "(default: start a local cluster).")
workers_option = click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
                              help="With --engine dask and no --scheduler: local worker processes "
                                   "(default: one per CPU).")


def _cluster(engine: str, scheduler: str | None, workers: int | None) -> ClusterSpec | None:
    """None for a local run; checks now that dask is installed and that the options go together."""
    from kharita.distributed import ClusterSpec, require_dask

    if engine == "local":
        if scheduler is not None or workers is not None:
            raise click.UsageError("--scheduler and --workers go with --engine dask.")
        return None
    if scheduler is not None and workers is not None:
        raise click.UsageError("--workers starts a local cluster; with --scheduler the cluster's own workers run.")
    require_dask()
    return ClusterSpec(scheduler=scheduler, workers=workers)


def _outcomes_on_cluster(cluster: ClusterSpec, items: Iterable[Article | Failure], model: str | None,
                         failures: list[Failure]) -> Iterator[Extraction | Failure]:
    """Outcomes of the articles in ``items`` extracted on ``cluster``; read failures go to ``failures``."""
    from kharita.distributed import cluster_summary, extract_distributed, open_client

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Failure):
                failures.append(item)
            else:
                yield item

    with open_client(cluster) as client:
        click.echo(f"extracting on {cluster_summary(client)}", err=True)
        yield from extract_distributed(_progress(articles(), "extracting"), client=client, model=model)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@published_option
@format_option
@output_option
@model_option
@aggregates_option
@max_bytes_option
@actors_option
@engine_option
@scheduler_option
@workers_option
@outlet_homes_option
def extract(paths: tuple[str, ...], published_at: object, fmt: str, output: str | None, model: str | None,
            include_aggregates: bool, max_bytes: int, actor_files: tuple[str, ...], engine: str,
            scheduler: str | None, workers: int | None, outlet_homes: bool) -> None:
    """Extract events from articles and print them; nothing is stored.

    PATHS are .txt, .html or .jsonl files, directories of them, or - for standard input.

    \b
    Example:
      kharita extract report.txt --published-at 2011-08-28
      kharita extract feed.jsonl --format jsonl --output events.jsonl
      echo "Police fired tear gas at protesters in Nairobi on Monday." | kharita extract - --published-at 2024-02-13
      kharita extract report.txt --actors my_actors.yaml
      kharita extract big_feed.jsonl --engine dask --workers 4 --format jsonl -o events.jsonl
      kharita extract local-papers.jsonl --outlet-homes
    """
    from kharita.extract import extract as run_extract
    from kharita.ingest import read_sources

    cluster = _cluster(engine, scheduler, workers)
    if outlet_homes and cluster is not None:
        raise click.UsageError("--outlet-homes needs every article in one process: use it with --engine local")
    _use_actors(actor_files)
    failures: list[Failure] = []
    if cluster is None:
        articles, failures = _read(paths, _as_date(published_at), max_bytes)
        outcomes = run_extract(_progress(articles, "extracting"), model=model, outlet_homes=outlet_homes)
    else:
        items = read_sources(list(paths), published_at=_as_date(published_at), stdin=sys.stdin, max_bytes=max_bytes)
        outcomes = _outcomes_on_cluster(cluster, items, model, failures)
    events: list[Event] = []
    aggregates: list[Aggregate] = []
    failed: list[Failure] = []
    processed = 0
    for outcome in outcomes:
        processed += 1
        if isinstance(outcome, Failure):
            failed.append(outcome)
        else:
            events.extend(outcome.events)
            aggregates.extend(outcome.aggregates)
    _emit(render(events, aggregates if include_aggregates else [], fmt), output)
    _finish([*failures, *failed], processed + len(failures))


def _finish(failures: Sequence[Failure], total: int) -> None:
    _report_failures(failures)
    if failures:
        click.echo(f"{len(failures)} of {total} input(s) failed; the others were processed.", err=True)
        sys.exit(1)


batch_size_option = click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
                                 help="Articles per database transaction.")


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--url", "urls", multiple=True, metavar="URL", help="A web page to fetch and ingest; repeatable.")
@click.option("--urls", "url_file", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="A file of web page URLs, one per line ('#' starts a comment line).")
@db_option
@published_option
@model_option
@max_bytes_option
@timeout_option
@batch_size_option
@actors_option
@click.option("--retry-failed", is_flag=True,
              help="Also read again the files and web pages of the failures recorded in the database (`kharita "
                   "failures`): what works now is stored and its failure cleared, what fails again counts one "
                   "more attempt.")
@engine_option
@scheduler_option
@workers_option
@stored_homes_option
def ingest(paths: tuple[str, ...], urls: tuple[str, ...], url_file: Path | None, db: str, published_at: object,
           model: str | None, max_bytes: int, timeout: float, batch_size: int, actor_files: tuple[str, ...],
           retry_failed: bool, engine: str, scheduler: str | None, workers: int | None, outlet_homes: bool) -> None:
    """Extract events from articles and store articles, events, aggregates and failures.

    PATHS are .txt, .html or .jsonl files, directories of them, or - for standard input; web pages come with
    --url or --urls. Pages are fetched politely (robots.txt respected, at most 3 tries, --max-bytes) and
    identified by their canonical URL: a page ingested again is not stored twice.

    Re-ingesting an article already stored (same content) adds nothing. A failing article is recorded
    with its stage and error, once (failing again counts an attempt); the run goes on and exits 1 at the end.
    Each batch (--batch-size articles) is stored in one transaction: a run that is killed stores whole batches
    only, and running it again stores the rest. Two runs on the same database at once store each article
    once. Actors added, reviewed or merged in the database (`kharita actors`) are recognised, as well as those
    in --actors files.

    \b
    Example:
      kharita ingest examples/ --db sqlite:///kharita.db
      kharita ingest wire.jsonl --db postgresql+psycopg://root@127.0.0.1:5432/test --actors my_actors.yaml
      kharita ingest --url https://news.example.org/2024/03/11/bannu-attack --urls more_urls.txt
      kharita ingest --retry-failed --db sqlite:///kharita.db
      kharita ingest big_feed.jsonl --engine dask --scheduler tcp://10.0.0.5:8786 --db postgresql+psycopg://...
      kharita ingest local-papers.jsonl --outlet-homes --db sqlite:///kharita.db
    """
    from kharita.ingest.origins import Inputs, RetryPlan, read_paths, web_inputs
    from kharita.ingest.web import read_url_list
    from kharita.ingest_run import ingest_articles
    from kharita.store import open_store

    if not (paths or urls or url_file or retry_failed):
        raise click.UsageError("give PATHS to read, --url URL or --urls FILE, or --retry-failed.")
    cluster = _cluster(engine, scheduler, workers)
    if outlet_homes and cluster is not None:
        raise click.UsageError("--outlet-homes learns homes batch by batch in this process: use --engine local")
    _use_actors(actor_files)
    retry = _retry_plan(db) if retry_failed else RetryPlan()
    web_urls = [*urls, *(read_url_list(url_file) if url_file is not None else []), *retry.urls]
    day = _as_date(published_at)
    file_paths = [*paths, *retry.paths]
    inputs = Inputs() if cluster is not None else read_paths(file_paths, published_at=day, stdin=sys.stdin,
                                                              max_bytes=max_bytes)
    if web_urls:
        fetched, fetch_failures = _fetch(web_urls, day, timeout, max_bytes)
        inputs += web_inputs([*fetched, *fetch_failures])
    with open_store(db) as store:
        _use_actors(entries=store.actor_entries())
        if cluster is not None:
            summary = _ingest_on_cluster(store, cluster, file_paths, inputs, day=day, max_bytes=max_bytes,
                                         model=model, batch_size=batch_size, skip_stored_ids=bool(web_urls))
        else:
            summary = ingest_articles(store, _progress(list(inputs.articles), "ingesting"), inputs.failures,
                                      model=model, batch_size=batch_size, skip_stored_ids=bool(web_urls),
                                      origins=inputs.origins, outlet_homes=outlet_homes)
    click.echo(summary.describe(), err=True)
    _report_failures(summary.failures)
    sys.exit(1 if summary.failures else 0)


def _ingest_on_cluster(store: Store, cluster: ClusterSpec, paths: Sequence[str], fetched: Inputs, *,
                       day: date | None, max_bytes: int, model: str | None, batch_size: int,
                       skip_stored_ids: bool) -> IngestSummary:
    """``ingest_articles`` with extraction on a Dask cluster: files read lazily, then the fetched pages."""
    from itertools import chain

    from kharita.distributed import batch_extractor, cluster_summary, open_client
    from kharita.ingest.origins import stream_paths
    from kharita.ingest_run import ingest_articles

    origins = dict(fetched.origins)
    items = chain(stream_paths(paths, origins, published_at=day, stdin=sys.stdin, max_bytes=max_bytes),
                  fetched.articles)
    with open_client(cluster) as client:
        click.echo(f"extracting on {cluster_summary(client)}", err=True)
        return ingest_articles(store, _progress(items, "ingesting"), fetched.failures, model=model,
                               batch_size=batch_size, skip_stored_ids=skip_stored_ids, origins=origins,
                               extractor=batch_extractor(client, model=model))


def _retry_plan(db: str) -> RetryPlan:
    """The inputs of the recorded failures; says which cannot be read again (they stay listed)."""
    from kharita.ingest.origins import retry_plan
    from kharita.store import open_store

    with open_store(db, create=False) as store:
        plan = retry_plan(store.failures())
    if plan.unreadable:
        names = ", ".join(f.source or f.article_id for f in plan.unreadable[:5])
        more = f" and {len(plan.unreadable) - 5} more" if len(plan.unreadable) > 5 else ""
        click.echo(f"{len(plan.unreadable)} failure(s) cannot be read again ({names}{more}): they came from "
                   "standard input or as text; ingest them again from a file.", err=True)
    if not (plan.paths or plan.urls):
        click.echo("no recorded failure to retry.", err=True)
    return plan


@cli.group(invoke_without_command=True)
@db_option
@click.option("--country", default=None, help="ISO 3166-1 alpha-2 code (PK) or country name.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="First event date, YYYY-MM-DD.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last event date, YYYY-MM-DD.")
@click.option("--type", "event_type", default=None, help="ACLED event type or sub-event type, e.g. Battles.")
@click.option("--limit", type=click.IntRange(min=1), default=None)
@click.option("--incidents", "as_incidents", is_flag=True,
              help="One row per incident (a canonical event merging the reports of several sources), with its "
                   "reconciled toll and number of sources, instead of one row per reported event.")
@format_option
@output_option
@aggregates_option
@click.pass_context
def events(ctx: click.Context, db: str, country: str | None, since: object, until: object, event_type: str | None,
           limit: int | None, as_incidents: bool, fmt: str, output: str | None, include_aggregates: bool) -> None:
    """Query stored events and export them (CSV uses ACLED's column names).

    Reports of the same incident from different articles are merged into incidents (see `kharita events
    show` and `kharita events split`); --incidents lists those instead of the reported events.

    \b
    Example:
      kharita events --country PK --since 2011-08-01 --format csv --output pk.csv
      kharita events --type "Violence against civilians" --format jsonl
      kharita events --incidents --country NG
      kharita events show inc-3f2a9c81d04e
      kharita events split inc-3f2a9c81d04e --event 9b1f0c2d7e6a4b58
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db}  # `kharita events --db URL show ID` works too
        return
    from kharita.store import open_store

    with open_store(db, create=False) as store:
        if as_incidents:
            from kharita.export_incidents import render_incidents

            found = store.incidents(country=country, since=_as_date(since), until=_as_date(until),
                                    event_type=event_type, limit=limit)
            _emit(render_incidents(found, fmt), output)
            return
        reported = store.events(country=country, since=_as_date(since), until=_as_date(until),
                                event_type=event_type, limit=limit)
        aggregates = store.aggregates(country=country) if include_aggregates else []
    _emit(render(reported, aggregates, fmt), output)


def _events_db(ctx: click.Context, db: str) -> str:
    """The subcommand's --db, or the one given to `kharita events` before the subcommand."""
    from click.core import ParameterSource

    given = ctx.get_parameter_source("db") not in (ParameterSource.DEFAULT, None)
    parent = ctx.obj.get("db") if isinstance(ctx.obj, dict) else None
    return db if given or parent is None else str(parent)


@events.command(name="show")
@click.argument("incident_id", metavar="ID")
@db_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.pass_context
def events_show(ctx: click.Context, incident_id: str, db: str, fmt: str) -> None:
    """Show one incident: its sources (article, event, evidence spans), the reconciled toll, why its reports
    were merged (the match score and its components) and its history of merges and splits.

    ID is an incident id (inc-…, from `kharita events --incidents`) or the id of one of its events.

    \b
    Example:
      kharita events show inc-3f2a9c81d04e
      kharita events show 9b1f0c2d7e6a4b58 --format json
    """
    from kharita.export_incidents import render_detail
    from kharita.store import open_store

    db = _events_db(ctx, db)
    with open_store(db, create=False) as store:
        detail = store.incident(incident_id)
    if detail is None:
        raise InputError(f"no incident or event {incident_id!r} in {db}; list incidents with "
                         f"`kharita events --incidents --db {db}`, or run `kharita dedup --db {db}` if the events "
                         "were stored before deduplication existed.")
    click.echo(render_detail(detail, fmt), nl=False)


@events.command(name="split")
@click.argument("incident_id", metavar="ID")
@click.option("--event", "event_id", required=True, metavar="EVENT_ID",
              help="The event (one source's report) to detach; see the ids with `kharita events show ID`.")
@db_option
@click.pass_context
def events_split(ctx: click.Context, incident_id: str, event_id: str, db: str) -> None:
    """Detach one source's event from an incident that merged it by mistake. The event is kept apart from the
    incident's other reports from then on (also by `kharita dedup --rebuild`); the split is recorded in the
    incident's history.

    \b
    Example:
      kharita events split inc-3f2a9c81d04e --event 9b1f0c2d7e6a4b58
    """
    from kharita.store import open_store

    with open_store(_events_db(ctx, db), create=False) as store:
        before = store.incident(incident_id)
        now_in = store.split(incident_id, event_id)
        others = [e for e in before.incident.event_ids if e != event_id] if before else []
        rest = store.incident(others[0]) if others else None
    left = f"; its other {len(others)} report(s) are in incident {rest.incident.incident_id}" if rest else ""
    click.echo(f"event {event_id} detached from incident {incident_id}: it is in incident {now_in}{left}.")


@cli.command()
@db_option
@click.option("--rebuild", is_flag=True, help="Recompute every incident from scratch (splits are kept).")
def dedup(db: str, rebuild: bool) -> None:
    """Merge reports of the same incident from different articles into incidents.

    `kharita ingest` does this at the end of each run; run this for events that have no incident (stored before
    deduplication existed, or by an ingest killed before its end), or with --rebuild after a change to the
    rules. The result does not depend on the order articles came in.

    \b
    Example:
      kharita dedup --db sqlite:///kharita.db
      kharita dedup --rebuild
    """
    from kharita.store import open_store

    with open_store(db, create=False) as store:
        summary = store.dedup(rebuild=rebuild)
    action = "rebuilt" if rebuild else "updated"
    click.echo(f"{summary.events} event(s) considered; {summary.incidents} incident(s) {action}, "
               f"{summary.merges_logged} merge(s) recorded.", err=True)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. 0.0.0.0 lets other machines in: set --token, and --private-reads if the "
                   "events are not for everyone.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", default=None, envvar="KHARITA_API_TOKEN", metavar="TOKEN",
              help="Bearer token that allows reviews and ingest through the API and the dashboard; without one, "
                   "writes are refused. Env: KHARITA_API_TOKEN.")
@click.option("--private-reads", is_flag=True, envvar="KHARITA_PRIVATE_READS",
              help="Reads need the token too (the dashboard asks for it). Env: KHARITA_PRIVATE_READS=1.")
@click.option("--tile-url", default=None, envvar="KHARITA_TILE_URL", metavar="TEMPLATE",
              help="Map tiles, a Leaflet URL template such as https://tile.example.org/{z}/{x}/{y}.png (default: "
                   "OpenStreetMap's); 'none' for country outlines only. Markers draw even when tiles cannot "
                   "load. Env: KHARITA_TILE_URL.")
@click.option("--tile-attribution", default=None, envvar="KHARITA_TILE_ATTRIBUTION", metavar="TEXT",
              help="Credit shown on the map for the tiles (default: OpenStreetMap's).")
@model_option
def serve(db: str, host: str, port: int, token: str | None, private_reads: bool, tile_url: str | None,
          tile_attribution: str | None, model: str | None) -> None:
    """Serve the dashboard (map, timeline, table, each incident's sources with their evidence highlighted,
    review) and the HTTP API (/api/..., documented at /docs) from one process, with no internet needed.

    Reads are public unless --private-reads; writes (verify, reject, correct, ingest an article) need --token.

    \b
    Example:
      kharita serve --db sqlite:///kharita.db
      KHARITA_API_TOKEN=$(openssl rand -hex 16) kharita serve --port 8080
      kharita serve --token s3cret --private-reads --host 0.0.0.0
      kharita serve --tile-url "http://tiles.internal/{z}/{x}/{y}.png" --tile-attribution "© our tiles"
    """
    try:
        import uvicorn

        from kharita.api import DEFAULT_TILE_ATTRIBUTION, DEFAULT_TILE_URL, create_app
    except ImportError as exc:
        raise InputError(f"`kharita serve` needs the web extra ({exc.name or exc} is not installed): "
                         "pip install 'kharita[web]'") from exc
    tiles = DEFAULT_TILE_URL if tile_url is None else None if tile_url.strip().lower() in ("", "none") else tile_url
    app = create_app(db, token=token, public_reads=not private_reads, tile_url=tiles, model=model,
                     tile_attribution=tile_attribution or DEFAULT_TILE_ATTRIBUTION)
    count = app.state.store.search_incidents(limit=1).total
    writes = "reviews allowed with the token" if token else "read-only (no --token)"
    click.echo(f"kharita dashboard: http://{host}:{port}/  ({count} incident(s) in {app.state.store.url}; API "
               f"docs at /docs; {writes}). Ctrl-C stops.", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@db_option
def failures(db: str) -> None:
    """List the articles and inputs that failed during ingest, one line each, tab-separated: id, stage,
    attempts, when it last failed (UTC), where it came from, error. `kharita ingest --retry-failed` tries
    them again.

    \b
    Example:
      kharita failures --db sqlite:///kharita.db
      kharita ingest --retry-failed --db sqlite:///kharita.db
    """
    from kharita.store import open_store

    with open_store(db, create=False) as store:
        records = store.failure_records()
    for record in records:
        failure = record.failure
        where = failure.origin or failure.source or ""
        last = record.last_failed_at.strftime("%Y-%m-%d %H:%M")
        click.echo(f"{failure.article_id}\t{failure.stage}\t{record.attempts}\t{last}\t{where}\t{failure.error}")
    if records:
        click.echo(f"{len(records)} failure(s); retry them with `kharita ingest --retry-failed --db {db}`.",
                   err=True)


# --- db: the database's schema ---------------------------------------------------------------------------


@cli.group(name="db")
def db_group() -> None:
    """Create or upgrade a database's tables (the Alembic migrations shipped with kharita).

    Every command that opens a database upgrades it as well; these do it ahead of time (say, as a user
    allowed to change tables) or check where a database stands.
    """


@db_group.command(name="upgrade")
@db_option
def db_upgrade(db: str) -> None:
    """Apply the migrations the database lacks; a new database gets every table.

    \b
    Example:
      kharita db upgrade --db sqlite:///kharita.db
      kharita db upgrade --db postgresql+psycopg://root@127.0.0.1:5432/test
    """
    from kharita.store.admin import upgrade_database

    before, after = upgrade_database(db)
    if before.current == after.current:
        click.echo(f"{after.url}: already at revision {after.current} (the latest).")
    else:
        start = f"revision {before.current}" if before.current else "an empty database"
        click.echo(f"{after.url}: upgraded from {start} to revision {after.current} (the latest).")


@db_group.command(name="current")
@db_option
def db_current(db: str) -> None:
    """Show the database's schema revision and whether it is the latest.

    \b
    Example:
      kharita db current --db sqlite:///kharita.db
    """
    from kharita.store.admin import schema_version

    version = schema_version(db)
    if version.up_to_date:
        click.echo(f"{version.current} (the latest)")
    elif version.current is None:
        click.echo(f"none: no kharita tables yet; create them with `kharita db upgrade --db {version.url}`")
    elif version.newer_than_kharita:
        click.echo(f"{version.current}: newer than this kharita (whose latest is {version.head}); upgrade kharita")
    else:
        click.echo(f"{version.current} (the latest is {version.head}; run `kharita db upgrade --db {version.url}`)")


# --- watch: poll RSS/Atom feeds ---------------------------------------------------------------------------


class _Duration(click.ParamType):
    name = "DURATION"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        from kharita.watch import parse_duration

        if isinstance(value, (int, float)):
            return float(value)
        try:
            return parse_duration(str(value))
        except InputError as error:
            self.fail(str(error), param, ctx)


@cli.command()
@click.argument("feed_urls", nargs=-1, required=True, metavar="FEED_URL...")
@click.option("--every", type=_Duration(), default="15m", show_default=True,
              help="Time between polls: 30s, 15m, 1h, 1h30m.")
@click.option("--once", is_flag=True, help="Poll every feed once, then exit (for cron).")
@db_option
@model_option
@max_bytes_option
@timeout_option
@batch_size_option
@actors_option
@stored_homes_option
def watch(feed_urls: tuple[str, ...], every: float, once: bool, db: str, model: str | None, max_bytes: int,
          timeout: float, batch_size: int, actor_files: tuple[str, ...], outlet_homes: bool) -> None:
    """Poll RSS/Atom feeds and ingest only the entries not seen before, until Ctrl-C.

    Each entry's page is fetched like `kharita ingest --url`. The entries dealt with are remembered in the
    database, so a later poll (or a later run on the same --db) fetches only new ones; an entry whose page
    failed for now (timeout, server error) is tried again at the next poll. Ctrl-C stops after a summary
    (exit status 0); with --once the exit status is 1 if anything failed.

    \b
    Example:
      kharita watch https://news.example.org/world/rss.xml --every 15m --db sqlite:///kharita.db
      kharita watch https://a.example.org/feed.atom https://b.example.org/rss --once
      kharita watch https://local.example.org/news/rss --outlet-homes --db sqlite:///kharita.db
    """
    from kharita.ingest.web import canonical_url
    from kharita.store import open_store
    from kharita.watch import WatchTotals
    from kharita.watch import watch as run_watch

    for url in feed_urls:
        canonical_url(url)  # a typo fails now, not at every poll
    _use_actors(actor_files)
    totals = WatchTotals()
    try:
        with open_store(db) as store, _web_client(timeout, max_bytes) as client:
            _use_actors(entries=store.actor_entries())
            run_watch(store, client, feed_urls, every=every, once=once, report=_report_polls, totals=totals,
                      model=model, batch_size=batch_size, outlet_homes=outlet_homes)
    except KeyboardInterrupt:
        click.echo(f"stopped: {totals.describe()}", err=True)
        sys.exit(0)
    click.echo(totals.describe(), err=True)
    sys.exit(1 if totals.failures or totals.feed_errors else 0)


def _report_polls(polls: Sequence[FeedPoll]) -> None:
    from datetime import datetime

    stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    for poll in polls:
        click.echo(f"[{stamp}] {poll.describe()}", err=True)
        _report_failures(poll.failures)


# --- geoparse: toponyms only --------------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@published_option
@click.option("--format", "fmt", type=click.Choice(("jsonl", "json", "table")), default="jsonl", show_default=True,
              help="jsonl: one object per article; json: a list of them; table: one row per toponym.")
@output_option
@model_option
@max_bytes_option
@outlet_homes_option
def geoparse(paths: tuple[str, ...], published_at: object, fmt: str, output: str | None, model: str | None,
             max_bytes: int, outlet_homes: bool) -> None:
    """Find the places each article names and resolve them offline against the gazetteer; no events.

    PATHS are .txt, .html or .jsonl files, directories of them, or - for standard input. Each article gives
    {"article_id", "toponyms": [{start, end, text, name, latitude, longitude, country_code, admin1,
    feature_code, geonameid, score}]}: start/end are character offsets in the article text, name the
    gazetteer entry ('Karachi - Lyari' for a part of a city the gazetteer lacks), score how clearly it beat
    the other readings of the name. Places added with `kharita gazetteer import` or `add` are found too.

    \b
    Example:
      kharita geoparse report.txt
      kharita geoparse feed.jsonl --format table
      echo "Gunmen attacked a market in Orangi Town, Karachi, on Monday." | kharita geoparse -
      kharita geoparse local-papers.jsonl --outlet-homes
    """
    from kharita.geoparse import GeoparseResult, render
    from kharita.geoparse import geoparse as run_geoparse

    articles, failures = _read(paths, _as_date(published_at), max_bytes)
    results: list[GeoparseResult] = []
    for outcome in run_geoparse(_progress(articles, "geoparsing"), model=model, outlet_homes=outlet_homes):
        if isinstance(outcome, Failure):
            failures.append(outcome)
        else:
            results.append(outcome)
    _emit(render(results, fmt), output)
    _finish(failures, len(articles) + len(failures))


# --- gazetteer: the offline place index and the places users add -------------------------------------------


@cli.group(name="gazetteer")
def gazetteer_group() -> None:
    """The offline gazetteer: add places it lacks (GeoNames dumps, or by hand) and see what it holds.

    The packaged index (GeoNames cities500 and subdivisions, built on first use) is never changed: imported
    and added places go to a separate file, user_places.sqlite, in the same data folder ($KHARITA_DATA_DIR,
    default the platform's user data folder, ~/.local/share/kharita on Linux). Lookups read both, so a rebuild of the packaged index (after an upgrade) keeps
    them; delete that file to drop them all. Every kharita command (extract, ingest, geoparse, eval) uses them.

    \b
    Example:
      kharita gazetteer import PK.zip alternateNamesV2.zip
      kharita gazetteer add "Orangi Town" --lat 24.95 --lon 66.99 --country PK --feature-code PPLX
      kharita gazetteer add --csv my_places.csv
      kharita gazetteer info
    """


class _ImportBar:
    """The import's progress in bytes on standard error (shown on a terminal, or when KHARITA_PROGRESS=1)."""

    def __init__(self) -> None:
        from rich.console import Console

        forced = _force_progress()
        self._console = Console(stderr=True, force_terminal=True if forced else None)
        self._enabled = forced or self._console.is_terminal
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def start(self, label: str, total: int) -> None:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self._bar = Progress(TextColumn(label), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                             TimeRemainingColumn(), console=self._console, transient=True, disable=not self._enabled)
        self._bar.start()
        self._task = self._bar.add_task(label, total=total or None)

    def advance(self, amount: int) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, amount)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.stop()
        self._bar = self._task = None


@gazetteer_group.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--feature-class", "feature_classes", multiple=True, metavar="X",
              type=click.Choice(("A", "H", "L", "P", "R", "S", "T", "U", "V"), case_sensitive=False),
              help="GeoNames feature class to import from geoname files (A, H, L, P, R, S, T, U or V); "
                   "repeatable. Default: A (ADM1-5 divisions) and P (towns, villages and parts of towns such as "
                   "PPLX; not abandoned, destroyed or historical ones).")
@click.option("--skip-bad-lines", is_flag=True,
              help="Leave out malformed lines (their numbers are reported) instead of stopping at the first.")
@click.option("--batch-size", type=click.IntRange(min=1), default=20_000, show_default=True,
              help="Rows written per transaction.")
def gazetteer_import(files: tuple[Path, ...], feature_classes: tuple[str, ...], skip_bad_lines: bool,
                     batch_size: int) -> None:
    """Import GeoNames dump files into your user places, so that the places they list (neighbourhoods
    PPLX, villages, ADM3 divisions, ...) are found by every kharita command.

    FILES: geoname dumps in GeoNames' 19-column tab-separated format (allCountries.txt, a country file such as
    PK.txt, cities500.txt, or the .zip that holds one) and alternateNamesV2.txt (or its .zip). Geoname files
    are read first; alternate names are kept only for places in the packaged index or in your user places.
    Files are streamed (gigabytes are fine) and written in batches.

    Storage: the places go to user_places.sqlite beside the packaged index ($KHARITA_DATA_DIR), never into
    the index itself, so rebuilding the index (after an upgrade) never loses them. Places are keyed by
    geonameid: importing the same file again adds nothing twice. A malformed line stops the import with its
    line number (the batches before it are kept; run the same command again after fixing the file), unless
    --skip-bad-lines.

    \b
    Example:
      kharita gazetteer import PK.zip
      kharita gazetteer import allCountries.txt alternateNamesV2.txt --feature-class P
      kharita gazetteer import cities500.txt --skip-bad-lines
    """
    from kharita.resources.gazetteer import get_gazetteer
    from kharita.resources.geo_build import DEFAULT_FEATURE_CLASSES, import_dumps

    gaz = get_gazetteer()
    summaries = import_dumps(list(files), user_path=gaz.user_path, index_path=gaz.path,
                             feature_classes=feature_classes or DEFAULT_FEATURE_CLASSES,
                             skip_bad_lines=skip_bad_lines, progress=_ImportBar(), batch_lines=batch_size)
    for summary in summaries:
        click.echo(summary.describe())
        if summary.bad_lines:
            shown = ", ".join(str(n) for n in summary.bad_lines[:10])
            more = f" and {len(summary.bad_lines) - 10} more" if len(summary.bad_lines) > 10 else ""
            click.echo(f"warning: {summary.file}: skipped malformed line(s) {shown}{more}", err=True)
    click.echo(f"user places: {gaz.user_path}")


@gazetteer_group.command(name="add")
@click.argument("name", required=False)
@click.option("--lat", "latitude", type=float, default=None, help="Latitude, decimal degrees (north positive).")
@click.option("--lon", "longitude", type=float, default=None, help="Longitude, decimal degrees (east positive).")
@click.option("--country", default=None, metavar="CC", help="ISO 3166-1 alpha-2 code, e.g. PK.")
@click.option("--admin1", default=None, metavar="NAME",
              help="First-level region (name or GeoNames code); default: that of the nearest town.")
@click.option("--feature-code", default="PPL", show_default=True, metavar="CODE",
              help="GeoNames feature code: PPL town, PPLX part of a town, ADM2 district, ...")
@click.option("--alias", "aliases", multiple=True, metavar="NAME", help="Another spelling; repeatable.")
@click.option("--population", type=click.IntRange(min=0), default=0, show_default=True,
              help="Ranks it against namesakes elsewhere.")
@click.option("--csv", "csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Add every place of a CSV file with a header line: name,latitude,longitude,country_code and "
                   "optionally admin1,feature_code,aliases (separated by |),population.")
def gazetteer_add(name: str | None, latitude: float | None, longitude: float | None, country: str | None,
                  admin1: str | None, feature_code: str, aliases: tuple[str, ...], population: int,
                  csv_file: Path | None) -> None:
    """Add places by hand (one with NAME and flags, or a --csv file) to your user places.

    They get stable negative ids (never a GeoNames id); adding the same place again (same name, country and
    point to about 100 m) updates it instead of adding it twice. Stored in user_places.sqlite beside the
    packaged index, like `kharita gazetteer import`.

    \b
    Example:
      kharita gazetteer add "Orangi Town" --lat 24.95 --lon 66.99 --country PK --feature-code PPLX \\
          --alias Orangi
      kharita gazetteer add --csv my_places.csv
    """
    from kharita.resources.gazetteer import get_gazetteer
    from kharita.resources.geo_build import NewPlace, add_places, read_places_csv

    flags = (name, latitude, longitude, country, admin1, aliases)
    if csv_file is not None and any(f not in (None, ()) for f in flags):
        raise click.UsageError("give either --csv FILE or NAME with --lat, --lon and --country, not both.")
    if csv_file is None and (not name or latitude is None or longitude is None or not country):
        raise click.UsageError("give NAME with --lat, --lon and --country, or --csv FILE.")
    places = read_places_csv(csv_file) if csv_file is not None else [NewPlace(
        name=name or "", latitude=latitude or 0.0, longitude=longitude or 0.0, country=country or "",
        admin1=admin1, feature_code=feature_code, aliases=aliases, population=population)]
    gaz = get_gazetteer()
    added = add_places(places, gazetteer=gaz, user_path=gaz.user_path)
    for place in added:
        region = ", ".join(p for p in (place.admin1, place.country_code) if p)
        keys = ", ".join(key for key, _ in place.names)
        click.echo(f"{'added' if place.new else 'updated'} {place.name} ({place.feature_code}, {region}) at "
                   f"{place.latitude:.5f}, {place.longitude:.5f}: id {place.geonameid}; found by: {keys}")
    click.echo(f"user places: {gaz.user_path}")


@gazetteer_group.command(name="build")
@click.option("--force", is_flag=True, help="Rebuild even if the index for this version exists.")
def gazetteer_build(force: bool) -> None:
    """Build the packaged place index now (otherwise the first command that needs it builds it, once).

    Takes ~15 s and shows a progress bar; the index goes to the data folder ($KHARITA_DATA_DIR, default the
    platform's user data folder). Your imported and added places are in a separate file and are kept.

    \b
    Example:
      kharita gazetteer build --force
    """
    from kharita.resources.gazetteer import index_path, rebuild_index

    path = rebuild_index() if force else index_path()
    click.echo(f"index: {path}")


@gazetteer_group.command(name="info")
def gazetteer_info() -> None:
    """Where the gazetteer files are and what they hold: packaged places and names, imported and added places.

    \b
    Example:
      kharita gazetteer info
    """
    from kharita.resources.gazetteer import get_gazetteer
    from kharita.resources.geo_build import gazetteer_info as read_info

    gaz = get_gazetteer()
    info = read_info(gaz.path, gaz.user_path)
    lines = [
        ("index", str(info.index_path)),
        ("packaged", f"{info.index_places:,} places, {info.index_names:,} names"),
        ("user places", str(info.user_path) + ("" if info.user_path.is_file() else " (none yet)")),
        ("imported", f"{info.imported_places:,} places (GeoNames files)"),
        ("added", f"{info.added_places:,} places (by hand)"),
        ("user names", f"{info.user_names:,}"),
    ]
    shown = info.imports[-10:]
    if len(info.imports) > len(shown):
        lines.append(("imports", f"{len(info.imports):,} runs; the last {len(shown)}:"))
    lines += [("import", (f"{r.at} {r.file} ({r.format}): {r.lines:,} lines, {r.places:,} places, "
                          f"{r.names:,} names added")) for r in shown]
    click.echo("".join(f"{label + ':':<13}{value}\n" for label, value in lines), nl=False)


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
      kharita eval pitf pitf_dev.jsonl --actors my_actors.yaml
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
@actors_option
def eval_case(path: Path, model: str | None, top_errors: int, as_json: bool, limit: int | None,
              actor_files: tuple[str, ...]) -> None:
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

    _use_actors(actor_files)
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
@actors_option
def eval_pitf(path: Path, model: str | None, top_errors: int, as_json: bool, limit: int | None,
              actor_files: tuple[str, ...]) -> None:
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

    _use_actors(actor_files)
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
@actors_option
@click.option("--outlet-homes/--no-outlet-homes", default=True, show_default=True,
              help="Learn each outlet's home region from its articles in the file (LGL's <domain>) and resolve "
                   "them again with it, as `kharita geoparse --outlet-homes` does.")
def eval_geo(path: Path, model: str | None, as_json: bool, limit: int | None,
             actor_files: tuple[str, ...], outlet_homes: bool) -> None:
    """Geoparsing on LGL or GeoVirus XML: accuracy@161 km end to end and given the gold span, median error.

    \b
    Example:
      kharita eval geo lgl.xml --model sm --limit 100
      kharita eval geo lgl.xml --no-outlet-homes
    """
    from kharita.evaluation.geo import evaluate_geo
    from kharita.evaluation.report import geo_text
    from kharita.evaluation.runner import ProgressTracker

    _use_actors(actor_files)
    report = evaluate_geo(path, model=model, limit=limit, track=ProgressTracker("geo"), outlet_homes=outlet_homes)
    if as_json:
        _print_json(report.to_dict(), model)
    else:
        click.echo(geo_text(report), nl=False)


# --- actors: the actor registry, in YAML files and in the database --------------------------------------

_UNSTORED_FIELDS = ("descriptions", "parent", "affiliation", "years", "notes")
_EMPTY = (None, "", (), (None, None))


@cli.group(name="actors")
def actors_group() -> None:
    """Look at and curate actors: the YAML registry and the actors stored in a database.

    Actors added, reviewed or merged in the database are recognised by later `kharita ingest` runs on it.

    \b
    Example:
      kharita actors list --unreviewed --country PK
      kharita actors show ttp
      kharita actors add my_actors.yaml
      kharita actors add --name "JuA: Jamaat-ul-Ahrar" --type "Rebel group" --country PK --acronym JuA
      kharita actors merge ttp tehreek-e-taliban
      kharita actors review lashkar-e-jhangvi
    """


@actors_group.command(name="list")
@db_option
@click.option("--registry", "from_registry", is_flag=True,
              help="List the YAML registry (packaged files, KHARITA_ACTORS, --actors) instead of a database.")
@click.option("--unreviewed", is_flag=True, help="Only named groups found in text that nobody has reviewed yet.")
@click.option("--country", default=None, metavar="XX", help="ISO 3166-1 alpha-2 code (PK) or country name.")
@click.option("--search", default=None, metavar="TEXT", help="Part of an id, name or alias (any case).")
@click.option("--format", "fmt", type=click.Choice(ACTOR_FORMATS), default="table", show_default=True)
@actors_option
def actors_list(db: str, from_registry: bool, unreviewed: bool, country: str | None, search: str | None,
                fmt: str, actor_files: tuple[str, ...]) -> None:
    """List actors: those stored in the database, with their event counts, or (--registry) the YAML registry.

    \b
    Example:
      kharita actors list --db sqlite:///kharita.db --unreviewed
      kharita actors list --registry --country PK --format json
      kharita actors list --search taliban
    """
    from kharita.export import render_registry, render_stored_actors

    if from_registry:
        _use_actors(actor_files)
        click.echo(render_registry(_registry_entries(unreviewed, country, search), fmt), nl=False)
        return
    from kharita.store import open_store

    with open_store(db, create=False) as store:
        found = store.actors(unreviewed_only=unreviewed, country=country, search=search)
    click.echo(render_stored_actors(found, fmt), nl=False)


def _registry_entries(unreviewed: bool, country: str | None, search: str | None) -> list[ActorEntry]:
    from kharita.resources.actors import registry
    from kharita.store.countries import country_code

    code = country_code(country) if country else None
    if country and code is None:
        raise InputError(f"unknown country {country!r}; use an ISO 3166-1 alpha-2 code such as PK, or a name.")
    wanted = (search or "").casefold()

    def keep(entry: ActorEntry) -> bool:
        texts = (entry.id, entry.name, *entry.aliases, *entry.acronyms, *entry.descriptions)
        return ((not unreviewed or not entry.reviewed) and (code is None or entry.country_code == code)
                and (not wanted or any(wanted in t.casefold() for t in texts)))

    return sorted((e for e in registry().entries.values() if keep(e)), key=lambda e: (e.name.casefold(), e.id))


@actors_group.command(name="show")
@click.argument("key_or_name")
@db_option
@actors_option
def actors_show(key_or_name: str, db: str, actor_files: tuple[str, ...]) -> None:
    """Show one actor: name, type and inter code, country, aliases and acronyms, parent and affiliation,
    review status and how many stored events name it. KEY_OR_NAME is an id, a name or (registry) an acronym.

    \b
    Example:
      kharita actors show ttp --db sqlite:///kharita.db
      kharita actors show "Tehreek-e-Taliban"
    """
    from kharita.resources.actors import registry
    from kharita.store import open_store

    _use_actors(actor_files)
    with open_store(db) as store:
        stored = store.actor(key_or_name)
        if stored is None:
            entry = _registry_entry(key_or_name)
            stored = store.actor(entry.id) if entry is not None else None
        else:
            entry = registry().get(stored.key) if stored.key else None
    if stored is None and entry is None:
        raise InputError(f"no actor {key_or_name!r} in the database or the registry. Find it with "
                         "`kharita actors list --search TEXT` (add --registry for the YAML registry), or add it "
                         "with `kharita actors add`.")
    lines = _actor_lines(stored, entry, db)
    click.echo("".join(f"{label + ':':<13}{value}\n" for label, value in lines), nl=False)


def _registry_entry(key_or_name: str) -> ActorEntry | None:
    from kharita.resources.actors import lookup_acronym, normalise, registry

    table = registry()
    return table.get(key_or_name) or lookup_acronym(key_or_name) or table.by_alias.get(normalise(key_or_name))


def _actor_lines(stored: StoredActor | None, entry: ActorEntry | None, db: str) -> list[tuple[str, str]]:
    from kharita.export import inter_code
    from kharita.store.actors import is_acronym
    from kharita.store.countries import country_code, country_name

    names = stored.aliases if stored is not None else ()
    acronyms = [*(entry.acronyms if entry else ()), *(n for n in names if is_acronym(n))]
    aliases = [*(entry.aliases if entry else ()), *(n for n in names if not is_acronym(n))]
    if stored is not None:
        key, name, actor_type, country, reviewed = (stored.key, stored.name, stored.type,
                                                    stored.country, stored.reviewed)
        code = country_code(country)
    else:
        assert entry is not None
        key, name, actor_type, reviewed = entry.id, entry.name, entry.type, entry.reviewed
        code, country = entry.country_code, country_name(entry.country_code)
    lines = [("id", key or "— (stored without an id)"), ("name", name),
             ("type", f"{actor_type} (inter {inter_code(actor_type) or '?'})"),
             ("country", f"{country} ({code})" if country and code else country or "—"),
             ("aliases", ", ".join(dict.fromkeys(aliases)) or "—"),
             ("acronyms", ", ".join(dict.fromkeys(acronyms)) or "—")]
    if entry is not None:
        lines += [("parent", entry.parent or "—"), ("affiliation", entry.affiliation or "—")]
    lines.append(("reviewed", "yes" if reviewed else "no (found in text, not in the registry yet)"))
    if stored is not None and stored.merged_into:
        lines.append(("merged into", stored.merged_into))
    lines.append(("events", str(stored.events) if stored is not None else f"0 (not stored in {db})"))
    lines.append(("source", _source(stored, entry)))
    return lines


def _source(stored: StoredActor | None, entry: ActorEntry | None) -> str:
    if stored is None:
        return "registry (YAML)"
    where = f"database ({stored.origin})"
    return f"{where} and registry (YAML)" if entry is not None else where


def _actor_type(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """The ACLED spelling of ``value`` (any case)."""
    if value is None:
        return None
    found = next((t for t in ACTOR_TYPES if t.casefold() == value.strip().casefold()), None)
    if found is None:
        raise click.BadParameter(f"{value!r} is not an ACLED actor type; use one of: {', '.join(ACTOR_TYPES)}.")
    return found


@actors_group.command(name="add")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", default=None, help="ACLED-style name, e.g. 'JuA: Jamaat-ul-Ahrar'.")
@click.option("--type", "actor_type", default=None, metavar="TYPE", callback=_actor_type,
              help=f"ACLED actor type, one of: {', '.join(ACTOR_TYPES)}.")
@click.option("--country", default=None, metavar="XX", help="ISO 3166-1 alpha-2 code of its home country.")
@click.option("--alias", "aliases", multiple=True, metavar="NAME", help="Another name or spelling; repeatable.")
@click.option("--acronym", "acronyms", multiple=True, metavar="X",
              help="An acronym (matched as written); repeatable.")
@click.option("--id", "actor_id", default=None,
              help="Registry id (lower case, digits, hyphens); default: from the name.")
@db_option
def actors_add(file: Path | None, name: str | None, actor_type: str | None, country: str | None,
               aliases: tuple[str, ...], acronyms: tuple[str, ...], actor_id: str | None, db: str) -> None:
    """Add actors to the database, or update them (same id): every actor of a YAML FILE written as in
    kharita/resources/actors/README.md, or one actor given with --name and --type.

    \b
    Example:
      kharita actors add my_actors.yaml --db sqlite:///kharita.db
      kharita actors add --name "JuA: Jamaat-ul-Ahrar" --type "Rebel group" --country PK --acronym JuA \\
          --alias "Jamaat ul Ahrar"
    """
    from kharita.store import open_store

    flags = (name, actor_type, country, aliases, acronyms, actor_id)
    if file is not None and any(flags):
        raise click.UsageError("give either FILE.yaml or --name/--type (with --country, --alias, ...), not both.")
    if file is None and not (name and actor_type):
        raise click.UsageError("give a YAML FILE of actors, or --name and --type for one actor.")
    entries = _entries_from_file(file) if file is not None else [
        _entry_from_flags(name or "", actor_type or "", country, aliases, acronyms, actor_id)]
    with open_store(db) as store:
        saved = store.add_actors(entries)
    for actor in saved:
        extra = f"; aliases: {', '.join(actor.aliases)}" if actor.aliases else ""
        click.echo(f"saved {actor.label}: {actor.name} ({actor.type}, {actor.country or 'no country'}){extra}")


def _entries_from_file(path: Path) -> list[ActorEntry]:
    from kharita.resources.actors.loader import parse_actor_yaml

    advice = "pass a YAML file written as in kharita/resources/actors/README.md, or use --name and --type"
    if not path.is_file():
        raise InputError(f"actor file {path} does not exist; {advice}.")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read actor file {path} ({exc}); {advice}.") from exc
    entries = parse_actor_yaml(text, str(path))
    if not entries:
        raise InputError(f"{path} lists no actors; {advice}.")
    unstored = sorted({f for e in entries for f in _UNSTORED_FIELDS if getattr(e, f) not in _EMPTY})
    if unstored:
        click.echo(f"note: {path}: not kept in the database: {', '.join(unstored)}; to use them, also pass the "
                   "file with --actors (or KHARITA_ACTORS).", err=True)
    return entries


def _entry_from_flags(name: str, actor_type: str, country: str | None, aliases: Sequence[str],
                      acronyms: Sequence[str], actor_id: str | None) -> ActorEntry:
    from kharita.resources.actors.loader import entry_from_mapping

    data = {"id": actor_id, "name": name, "type": actor_type, "country": country, "aliases": list(aliases),
            "acronyms": list(acronyms)}
    return entry_from_mapping(data, "command line")


@actors_group.command(name="merge")
@click.argument("keep")
@click.argument("drop")
@db_option
def actors_merge(keep: str, drop: str, db: str) -> None:
    """Merge DROP into KEEP (ids or names): DROP's events name KEEP from now on, DROP's names become KEEP's
    aliases, and later ingests store DROP's mentions as KEEP. DROP stays in the database, marked merged.

    \b
    Example:
      kharita actors merge ttp tehreek-e-taliban --db sqlite:///kharita.db
    """
    from kharita.store import open_store

    with open_store(db) as store:
        kept = store.merge_actors(keep, drop)
    click.echo(f"merged {drop} into {kept.label}: {kept.events} event(s) now name {kept.name}; "
               f"aliases: {', '.join(kept.aliases) or '—'}")


@actors_group.command(name="review")
@click.argument("key")
@db_option
def actors_review(key: str, db: str) -> None:
    """Mark an actor (id or name) as reviewed: a named group found in text becomes a known actor.

    \b
    Example:
      kharita actors review lashkar-e-jhangvi --db sqlite:///kharita.db
    """
    from kharita.store import open_store

    with open_store(db) as store:
        actor = store.mark_reviewed(key)
    click.echo(f"{actor.label} ({actor.name}) marked reviewed; {actor.events} event(s) name it.")


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KharitaError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)


__all__ = ["cli", "main"]
