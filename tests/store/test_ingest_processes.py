"""Real `kharita ingest` processes on SQLite and PostgreSQL: two at once on the same files store each article
once; one killed with SIGKILL mid-run and run again stores every article once, each with all its events, and
leaves no orphan rows.

The reports are short texts written for these tests from one template (cities, days and numbers vary); the
small spaCy model keeps each run to a few seconds.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from kharita.ingest import read_sources
from kharita.models import Article
from kharita.store.engine import parse_url

pytestmark = pytest.mark.slow

PUBLISHED = "2024-03-13"
CITIES = ("Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret", "Lagos", "Kano", "Ibadan", "Abuja", "Jos")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday")
ORPHANS = {
    "events without their article": "SELECT count(*) FROM events e WHERE NOT EXISTS "
    "(SELECT 1 FROM articles a WHERE a.id = e.article_id)",
    "aggregates without their article": "SELECT count(*) FROM aggregates g WHERE NOT EXISTS "
    "(SELECT 1 FROM articles a WHERE a.id = g.article_id)",
    "evidence without its event or aggregate": "SELECT count(*) FROM evidence v WHERE NOT EXISTS "
    "(SELECT 1 FROM events e WHERE e.event_id = v.event_id) AND NOT EXISTS "
    "(SELECT 1 FROM aggregates g WHERE g.aggregate_id = v.aggregate_id)",
    "associated actors without their event": "SELECT count(*) FROM event_assoc_actors s WHERE NOT EXISTS "
    "(SELECT 1 FROM events e WHERE e.event_id = s.event_id)",
}


def write_reports(folder: Path, count: int) -> list[Article]:
    """``count`` protest reports in ``folder``, one .txt file each; returns them as kharita reads them."""
    folder.mkdir()
    for n in range(count):
        city, day = CITIES[n % len(CITIES)], DAYS[n // len(CITIES) % len(DAYS)]
        (folder / f"report_{n:03d}.txt").write_text(
            f"Police fired tear gas at traders protesting in {city} on {day} and arrested {n + 3} of them. "
            "The traders had marched to the market to oppose a new levy.\n",
            encoding="utf-8",
        )
    return [item for item in read_sources([str(folder)]) if isinstance(item, Article)]


def kharita(*args: str) -> list[str]:
    return [sys.executable, "-m", "kharita", *args]


def ingest_command(folder: Path, db_url: str, batch_size: int) -> list[str]:
    return kharita("ingest", str(folder), "--db", db_url, "--model", "sm", "--published-at", PUBLISHED,
                   "--batch-size", str(batch_size))


def stored_counts(stderr: str) -> tuple[int, int]:
    """(stored, already stored) from ingest's summary line."""
    found = re.search(r"(\d+) stored, (\d+) already stored", stderr)
    assert found is not None, stderr
    return int(found[1]), int(found[2])


def engine_for(db_url: str) -> Engine:
    return create_engine(parse_url(db_url))


def scalar(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(text(sql)) or 0)


def articles_so_far(engine: Engine) -> int:
    """Articles committed so far; 0 while the tables are not made yet (the ingest is still migrating)."""
    try:
        return scalar(engine, "SELECT count(*) FROM articles")
    except (OperationalError, ProgrammingError):  # no such table yet: nothing stored
        return 0


def assert_each_article_once(engine: Engine, articles: list[Article]) -> None:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, content_hash FROM articles")).all()
    assert sorted(article_id for article_id, _ in rows) == sorted(a.id for a in articles)
    assert sorted(content_hash for _, content_hash in rows) == sorted(a.content_hash for a in articles)


def assert_no_orphans(engine: Engine) -> None:
    assert {name: scalar(engine, sql) for name, sql in ORPHANS.items()} == dict.fromkeys(ORPHANS, 0)


def stored_event_ids(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.scalars(text("SELECT event_id FROM events")))


def test_two_ingests_at_once_store_each_article_once(db_url: str, tmp_path: Path) -> None:
    articles = write_reports(tmp_path / "reports", 16)
    (tmp_path / "reports" / "empty.txt").write_bytes(b"")  # fails in both runs: recorded once, two attempts
    command = ingest_command(tmp_path / "reports", db_url, batch_size=2)
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=240)[1] for run in runs]

    assert [run.returncode for run in runs] == [1, 1], outputs  # 1: the empty file failed
    counts = [stored_counts(output) for output in outputs]
    assert sum(stored for stored, _ in counts) == len(articles), outputs
    assert all(stored + already == len(articles) for stored, already in counts), outputs
    engine = engine_for(db_url)
    try:
        assert_each_article_once(engine, articles)
        assert_no_orphans(engine)
        with engine.connect() as conn:
            failures = conn.execute(text("SELECT article_id, attempts FROM failures")).all()
        assert [(Path(article_id).name, attempts) for article_id, attempts in failures] == [("empty.txt", 2)]
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Reports:
    folder: Path
    articles: list[Article]
    event_ids: list[str]  # what `kharita extract` finds in them, sorted


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Reports:
    """40 reports and the events `kharita extract` finds in them (the reference for a complete ingest)."""
    root = tmp_path_factory.mktemp("killed")
    articles = write_reports(root / "reports", 40)
    output = root / "reference.jsonl"
    run = subprocess.run(kharita("extract", str(root / "reports"), "--model", "sm", "--published-at", PUBLISHED,
                                 "--format", "jsonl", "--output", str(output)),
                         check=False, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr
    lines = output.read_text(encoding="utf-8").splitlines()
    return Reports(root / "reports", articles, sorted(json.loads(line)["event_id"] for line in lines))


def test_ingest_killed_mid_run_and_run_again_stores_everything_once(db_url: str, reports: Reports) -> None:
    command = ingest_command(reports.folder, db_url, batch_size=2)
    engine = engine_for(db_url)
    try:
        stored_at_kill = _kill_after_first_batch(command, engine)
        assert 0 < stored_at_kill < len(reports.articles)  # killed mid-run, after a batch was committed

        rerun = subprocess.run(command, check=False, capture_output=True, text=True, timeout=240)
        assert rerun.returncode == 0, rerun.stderr
        stored, already = stored_counts(rerun.stderr)
        assert already >= stored_at_kill and stored + already == len(reports.articles)
        assert_each_article_once(engine, reports.articles)
        assert_no_orphans(engine)
        assert stored_event_ids(engine) == reports.event_ids  # every article with all its events, once
    finally:
        engine.dispose()


def _kill_after_first_batch(command: list[str], engine: Engine) -> int:
    """Start ``command``, SIGKILL it as soon as articles are committed; returns how many there were."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if articles_so_far(engine) > 0:
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.01)
        assert process.wait(timeout=30) == -signal.SIGKILL, "the ingest ended before it could be killed"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return articles_so_far(engine)
