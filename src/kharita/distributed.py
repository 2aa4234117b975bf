"""Extraction on a Dask cluster: articles stream to the workers in batches, outcomes come back in input order.

The client reads the inputs lazily and keeps at most ``max_in_flight`` batches on the cluster, so its memory
stays flat however big the input is. Each worker builds the spaCy pipeline, the gazetteer and the actor
registry once (``prepare_worker``: a module-level cache, warmed up by a ``WorkerPlugin`` when a worker starts)
and runs ``extract_batch``, a pure task: the same batch always gives the same outcomes, so a batch whose worker
died is simply run again elsewhere (the scheduler reschedules it; ``retries`` covers errors raised by it).
Storage stays on the client (``kharita.ingest_run``), batch by batch in input order, through ``Store.save``
as in a local run, so the stored events and incidents are the same.

dask is optional (``pip install 'kharita[dask]'``): nothing here imports it until a cluster is used.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from kharita.errors import ClusterError
from kharita.extract import DEFAULT_BATCH, extract
from kharita.models import Article, Extraction, Failure
from kharita.pipeline import resolve_model_name

if TYPE_CHECKING:
    from distributed import Client, Future

    from kharita.ingest_run import BatchExtractor
    from kharita.resources.actors import ActorEntry

Outcome = Extraction | Failure
INSTALL_HINT = "pip install 'kharita[dask]' (or pip install 'dask[distributed]')"
RETRIES = 2
WORKER_TIMEOUT_S = 60.0
PLUGIN_NAME = "kharita"


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker needs to extract exactly as the client would: the model, and the actor registry's user
    files (name, text) and database entries, read on the client (a worker may not see the client's files)."""

    model: str
    actor_files: tuple[tuple[str, str], ...] = ()
    actor_entries: tuple[ActorEntry, ...] = ()


@dataclass(frozen=True)
class ClusterSpec:
    """Where to run: an existing scheduler (``tcp://HOST:8786``), or a local cluster of ``workers`` processes
    (default: one per CPU)."""

    scheduler: str | None = None
    workers: int | None = None


def worker_setup(model: str | None = None) -> WorkerSetup:
    """This process's model and actor registry (after ``use_actors``), to be used the same way on workers."""
    from kharita.resources.actors.loader import actor_sources

    files, entries = actor_sources()
    return WorkerSetup(resolve_model_name(model), files, entries)


# --- on the workers ---------------------------------------------------------------------------------------

_prepared: WorkerSetup | None = None


def prepare_worker(setup: WorkerSetup) -> None:
    """Make this process ready for ``setup``, once: the actor registry, the pipeline and the gazetteer."""
    global _prepared
    if _prepared == setup:
        return
    from kharita.pipeline import shared_pipeline
    from kharita.resources.actors.loader import use_actor_sources
    from kharita.resources.gazetteer import get_gazetteer

    use_actor_sources(setup.actor_files, setup.actor_entries)
    shared_pipeline(setup.model)
    get_gazetteer()
    _prepared = setup


def extract_batch(setup: WorkerSetup, articles: Sequence[Article]) -> list[Outcome]:
    """The task: one batch's outcomes, in order. Pure (a bad article is a Failure, as in a local run)."""
    prepare_worker(setup)
    return list(extract(articles, model=setup.model))


# --- on the client ----------------------------------------------------------------------------------------


def require_dask() -> None:
    """Raise a ClusterError that says how to install dask when it is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as error:
        raise ClusterError(f"--engine dask needs dask's distributed scheduler, which is not installed "
                           f"({error}): {INSTALL_HINT}") from error


@contextmanager
def open_client(spec: ClusterSpec) -> Iterator[Client]:
    """A client of the scheduler named in ``spec``, or of a new local cluster (closed on exit)."""
    require_dask()
    from distributed import Client, LocalCluster

    if spec.scheduler is not None:
        client = _connect(spec.scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    with LocalCluster(n_workers=spec.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1", silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def _connect(address: str) -> Client:
    from distributed import Client

    try:
        client = Client(address, timeout=WORKER_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({error}): start one with "
                           "`dask scheduler` and give its address, e.g. --scheduler tcp://HOST:8786") from error
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT_S)
    except TimeoutError as error:
        client.close()
        raise ClusterError(f"no Dask worker joined the scheduler at {address} within {WORKER_TIMEOUT_S:.0f} s: "
                           f"start workers with `dask worker {address} --nthreads 1` on machines where kharita "
                           "and its models are installed") from error
    return client


def start_workers(client: Client, setup: WorkerSetup) -> None:
    """Register the plugin that prepares every worker (those that join later too) for ``setup``."""
    from kharita.dask_plugin import KharitaWorkerPlugin

    client.register_plugin(KharitaWorkerPlugin(setup), name=PLUGIN_NAME)


def default_in_flight(client: Client) -> int:
    """Two batches per worker thread, so that no worker waits while the client stores a batch."""
    threads = sum(client.nthreads().values())
    return max(2, 2 * threads)


def map_batches(client: Client, batches: Iterable[Sequence[Article]], *, setup: WorkerSetup,
                max_in_flight: int | None = None) -> Iterator[list[Outcome]]:
    """Each batch's outcomes, in input order, with at most ``max_in_flight`` batches submitted and not yet
    yielded (``batches`` is read only as far as that). An empty batch is not sent: its outcomes are []."""
    limit = max_in_flight if max_in_flight is not None else default_in_flight(client)
    if limit < 1:
        raise ValueError(f"max_in_flight must be at least 1, got {limit}")
    run = uuid.uuid4().hex[:12]
    pending: deque[Future | None] = deque()
    try:
        for index, batch in enumerate(batches):
            pending.append(_submit(client, setup, batch, f"kharita-extract-{run}-{index}"))
            while len(pending) >= limit:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())
    finally:
        left = [future for future in pending if future is not None]
        if left:
            client.cancel(left)


def _submit(client: Client, setup: WorkerSetup, batch: Sequence[Article], key: str) -> Future | None:
    if not batch:
        return None
    return client.submit(extract_batch, setup, tuple(batch), key=key, pure=False, retries=RETRIES)


def _result(future: Future | None) -> list[Outcome]:
    if future is None:
        return []
    from distributed import KilledWorker

    try:
        outcomes: list[Outcome] = future.result()
    except KilledWorker as error:
        raise ClusterError(f"a batch of articles was lost: every worker that ran it died ({error}); check the "
                           "workers' memory (each needs about 1 GB with the md model) and their logs") from error
    finally:
        future.release()
    return outcomes


def batch_extractor(client: Client, *, model: str | None = None,
                    max_in_flight: int | None = None) -> BatchExtractor:
    """An ``ingest_articles`` extractor running on ``client``'s cluster; workers are prepared now."""
    setup = worker_setup(model)
    start_workers(client, setup)

    def run(batches: Iterable[list[Article]]) -> Iterator[list[Outcome]]:
        return map_batches(client, batches, setup=setup, max_in_flight=max_in_flight)

    return run


def extract_distributed(articles: Iterable[Article], *, client: Client, batch_size: int = DEFAULT_BATCH,
                        model: str | None = None, max_in_flight: int | None = None) -> Iterator[Outcome]:
    """``extract`` on a Dask cluster: one Extraction or Failure per article, in input order; ``articles`` is
    read lazily, ``batch_size`` articles per task."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    run = batch_extractor(client, model=model, max_in_flight=max_in_flight)
    for outcomes in run(_batched(articles, batch_size)):
        yield from outcomes


def _batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def cluster_summary(client: Client) -> str:
    """'2 worker(s), 2 thread(s) at tcp://...' for the log."""
    info: dict[str, Any] = client.scheduler_info()
    workers = info.get("workers", {})
    threads = sum(int(w.get("nthreads", 0)) for w in workers.values())
    return f"{len(workers)} Dask worker(s), {threads} thread(s) at {info.get('address', '?')}"


__all__ = [
    "ClusterSpec",
    "WorkerSetup",
    "batch_extractor",
    "extract_batch",
    "extract_distributed",
    "map_batches",
    "open_client",
    "prepare_worker",
    "require_dask",
    "worker_setup",
]
