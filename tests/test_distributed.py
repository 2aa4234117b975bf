"""`kharita ingest --engine dask` against a real Dask scheduler and two workers on 127.0.0.1.

A distributed ingest of the examples (plus one article that is not English and one empty file) into PostgreSQL
stores the same events, incidents and failures as a local ingest into SQLite; a worker killed with SIGKILL
mid-run loses no article. The small spaCy model keeps the workers light.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kharita.ingest import read_sources
from kharita.models import Article
from kharita.store import Store, open_store

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

pytestmark = pytest.mark.dask

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
START_TIMEOUT_S = 60.0
RUN_TIMEOUT_S = 240.0


@dataclass(frozen=True)
class Cluster:
    address: str
    workers: dict[str, subprocess.Popen[bytes]]  # worker name → its process


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    """A scheduler and two single-thread workers (no nanny: a killed worker stays dead)."""
    scratch = tmp_path / "dask"
    scratch.mkdir()
    env = {**os.environ, "DASK_TEMPORARY_DIRECTORY": str(scratch)}
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    scheduler = subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name in ("w0", "w1"):
            workers[name] = subprocess.Popen(
                [*dask, "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard",
                 "--no-nanny", "--name", name, "--local-directory", str(scratch)],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with distributed.Client(address, timeout=START_TIMEOUT_S) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT_S)
        yield Cluster(address, workers)
    finally:
        for process in workers.values():  # one at a time, then the scheduler
            _stop(process)
        _stop(scheduler)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The 12 examples, an article in French (an extraction failure) and an empty file (a read failure)."""
    folder = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.md", "*.json"))
    (folder / "zz_french.txt").write_text(
        "Les manifestants se sont rassemblés devant la mairie pour protester contre la hausse des prix. "
        "La police a dispersé la foule avec des gaz lacrymogènes et plusieurs personnes ont été arrêtées.\n",
        encoding="utf-8")
    (folder / "zz_empty.txt").write_text("", encoding="utf-8")
    return folder


def kharita(*args: str, timeout: float = RUN_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kharita", *args], capture_output=True, text=True,
                          timeout=timeout, check=False)


def summary_line(stderr: str) -> str:
    return next(line for line in stderr.splitlines() if "article(s) read:" in line)


def contents(store: Store) -> dict[str, object]:
    return {
        "events": store.events(),
        "incidents": store.incidents(),
        "aggregates": store.aggregates(),
        "failures": sorted((f.article_id, f.stage, f.error) for f in store.failures()),
    }


def test_distributed_ingest_stores_what_a_local_ingest_stores(cluster: Cluster, corpus: Path, tmp_path: Path,
                                                              pg_url: str) -> None:
    local_db = f"sqlite:///{tmp_path / 'local.db'}"
    local = kharita("ingest", str(corpus), "--model", "sm", "--batch-size", "4", "--db", local_db)
    spread = kharita("ingest", str(corpus), "--model", "sm", "--batch-size", "4", "--db", pg_url,
                     "--engine", "dask", "--scheduler", cluster.address)

    assert local.returncode == spread.returncode == 1, spread.stderr  # the two bad inputs
    assert "2 Dask worker(s)" in spread.stderr
    assert summary_line(local.stderr) == summary_line(spread.stderr)
    with open_store(local_db) as here, open_store(pg_url) as there:
        expected, got = contents(here), contents(there)
        assert there.articles_count() == 12
    assert len(expected["events"]) > 12  # type: ignore[arg-type]
    assert len(expected["incidents"]) > 0  # type: ignore[arg-type]
    assert {f[1] for f in expected["failures"]} == {"ingest", "language"}  # type: ignore[attr-defined]
    assert got == expected


def test_distributed_extract_prints_what_a_local_extract_prints(cluster: Cluster, corpus: Path) -> None:
    local = kharita("extract", str(corpus), "--model", "sm", "--format", "jsonl")
    spread = kharita("extract", str(corpus), "--model", "sm", "--format", "jsonl",
                     "--engine", "dask", "--scheduler", cluster.address)

    assert local.returncode == spread.returncode, spread.stderr
    assert len(local.stdout.splitlines()) > 12
    assert spread.stdout == local.stdout


def _worker_address(client: distributed.Client, name: str) -> str:
    workers = client.scheduler_info()["workers"]
    return next(address for address, info in workers.items() if info.get("name") == name)


def test_a_worker_killed_mid_run_loses_no_article(cluster: Cluster, tmp_path: Path) -> None:
    articles = [a for a in read_sources([str(EXAMPLES)]) if isinstance(a, Article)]
    db = f"sqlite:///{tmp_path / 'killed.db'}"
    run = subprocess.Popen([sys.executable, "-m", "kharita", "ingest", str(EXAMPLES), "--model", "sm",
                            "--batch-size", "1", "--db", db, "--engine", "dask", "--scheduler", cluster.address],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with distributed.Client(cluster.address, timeout=START_TIMEOUT_S) as observer:
            victim = _worker_address(observer, "w0")
            deadline = time.monotonic() + RUN_TIMEOUT_S
            while not any(str(key).startswith("kharita-extract-")
                          for key in observer.processing([victim]).get(victim, ())):
                assert run.poll() is None and time.monotonic() < deadline, "the run ended before a worker died"
                time.sleep(0.05)
            os.kill(cluster.workers["w0"].pid, signal.SIGKILL)
        _, stderr = run.communicate(timeout=RUN_TIMEOUT_S)
    finally:
        _stop(run)

    assert run.returncode == 0, stderr
    assert cluster.workers["w0"].poll() is not None  # it did die
    with open_store(db) as store:
        assert store.articles_count() == len(articles) == 12
        assert set(store.articles([a.id for a in articles])) == {a.id for a in articles}
        assert {e.article_id for e in store.events()} <= {a.id for a in articles}
