"""End-to-end tests of the `kharita` command line (extract, ingest, events, failures).

The articles below are short, fictional reports written for these tests: real place names,
invented events. spaCy loads once per process, so the set of distinct texts is kept small.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kharita.cli import cli

# A Wednesday; "on Tuesday" in PROTEST_TEXT is therefore 2024-03-12.
PUBLISHED = "2024-03-13"
PROTEST_TEXT = (
    "Police fired tear gas at protesters in Nairobi on Tuesday and arrested 12 of them. "
    "The demonstrators had gathered outside parliament to oppose a new fuel tax.\n"
)
# Published on a Sunday (2024-03-17); "on Friday" is 2024-03-15.
ATTACK_TEXT = (
    "Gunmen attacked a minibus near Maiduguri on Friday, killing four passengers. "
    "Police said the attackers fled into the bush."
)
ATTACK_LINE = json.dumps({"id": "wire-ng-1", "text": ATTACK_TEXT, "published_at": "2024-03-17"})
FLOOD_TEXT = (
    "Heavy rains flooded parts of Mombasa on Monday, forcing hundreds of families from their homes. "
    "The county government opened three shelters and said no one had been hurt.\n"
)

ACLED_HEAD = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,country,admin1,"
    "admin2,location,latitude,longitude,geo_precision,source,notes,fatalities"
)


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def events_json(db: str, *extra: str) -> list[dict[str, Any]]:
    result = invoke("events", "--db", db, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    records: list[dict[str, Any]] = json.loads(result.stdout)
    return records


@pytest.fixture
def protest_file(tmp_path: Path) -> Path:
    path = tmp_path / "nairobi.txt"
    path.write_text(PROTEST_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def attack_feed(tmp_path: Path) -> Path:
    path = tmp_path / "wire.jsonl"
    path.write_text(ATTACK_LINE + "\n", encoding="utf-8")
    return path


# --- 1. extract: one ACLED-style event --------------------------------------------------------------


def test_extract_protest_json(protest_file: Path) -> None:
    result = invoke("extract", str(protest_file), "--published-at", PUBLISHED, "--format", "json")

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    events = json.loads(result.stdout)
    assert len(events) == 1
    event = events[0]
    assert event["event_type"] == "Protests"
    assert event["sub_event_type"] == "Protest with intervention"
    assert event["event_date"] == "2024-03-12"
    assert event["date_precision"] == "day"
    assert event["location"]["name"] == "Nairobi"
    assert event["location"]["country_code"] == "KE"
    assert event["actor1"]["name"] == "Protesters (Kenya)"
    assert event["actor1"]["type"] == "Protesters"
    assert event["evidence"]
    for span in event["evidence"]:
        assert PROTEST_TEXT[span["start"] : span["end"]] == span["text"]


def test_extract_attack_near_small_town(tmp_path: Path) -> None:
    path = tmp_path / "mandera.txt"
    path.write_text(
        "Gunmen attacked a bus near Mandera on Friday, killing four passengers.\n", encoding="utf-8"
    )

    result = invoke("extract", str(path), "--published-at", "2024-03-17", "--format", "json")

    assert result.exit_code == 0, result.output
    [event] = json.loads(result.stdout)
    assert (event["sub_event_type"], event["event_date"], event["fatalities"]) == ("Attack", "2024-03-15", 4)
    assert event["actor1"]["name"] == "Unidentified Armed Group (Kenya)"
    assert event["location"] is not None
    assert (event["location"]["name"], event["location"]["country_code"]) == ("Mandera", "KE")
    assert event["location"]["geo_precision"] == 2


# --- 2. extract: stdin, jsonl, csv, --output --------------------------------------------------------


def test_extract_stdin_jsonl() -> None:
    result = invoke("extract", "-", "--published-at", PUBLISHED, "--format", "jsonl", input=PROTEST_TEXT)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    event = json.loads(lines[0])
    assert event["sub_event_type"] == "Protest with intervention"
    assert event["event_date"] == "2024-03-12"
    for span in event["evidence"]:
        assert PROTEST_TEXT[span["start"] : span["end"]] == span["text"]


def test_extract_csv_has_acled_columns(protest_file: Path) -> None:
    result = invoke("extract", str(protest_file), "--published-at", PUBLISHED, "--format", "csv")

    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0]
    assert header.startswith(ACLED_HEAD)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1
    row = rows[0]
    assert row["event_date"] == "2024-03-12"
    assert row["year"] == "2024"
    assert row["time_precision"] == "1"
    assert row["disorder_type"] == "Demonstrations"
    assert row["event_type"] == "Protests"
    assert row["sub_event_type"] == "Protest with intervention"
    assert row["actor1"] == "Protesters (Kenya)"
    assert row["country"] == "Kenya"
    assert row["location"] == "Nairobi"
    assert row["fatalities"] == "0"


def test_extract_output_file(protest_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    result = invoke(
        "extract", str(protest_file), "--published-at", PUBLISHED, "--format", "jsonl", "--output", str(out)
    )

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["location"]["name"] == "Nairobi"


# --- 3. a report with no political violence ---------------------------------------------------------


def test_extract_non_event_yields_nothing(tmp_path: Path) -> None:
    path = tmp_path / "flood.txt"
    path.write_text(FLOOD_TEXT, encoding="utf-8")

    result = invoke("extract", str(path), "--published-at", PUBLISHED, "--format", "json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


# --- 4. ingest is idempotent ------------------------------------------------------------------------


def _ingest_twice(db: str, *paths: Path) -> None:
    args = ["ingest", *map(str, paths), "--db", db, "--published-at", PUBLISHED]
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    assert "2 article(s) read: 2 stored, 0 already stored, 0 failed; 2 event(s)" in first.stderr
    stored = events_json(db)
    assert len(stored) == 2

    second = invoke(*args)
    assert second.exit_code == 0, second.output
    assert "2 article(s) read: 0 stored, 2 already stored, 0 failed; 0 event(s)" in second.stderr
    assert events_json(db) == stored


def test_ingest_twice_sqlite(tmp_path: Path, protest_file: Path, attack_feed: Path) -> None:
    _ingest_twice(f"sqlite:///{tmp_path}/k.db", protest_file, attack_feed)


@pytest.mark.postgres
def test_ingest_twice_postgres(pg_url: str, protest_file: Path, attack_feed: Path) -> None:
    _ingest_twice(pg_url, protest_file, attack_feed)


# --- 5. bad inputs next to good ones ----------------------------------------------------------------


@pytest.fixture
def mixed_inputs(tmp_path: Path, protest_file: Path) -> dict[str, Path]:
    inputs = tmp_path / "in"
    inputs.mkdir()
    empty = inputs / "empty.txt"
    empty.write_bytes(b"")
    binary = inputs / "scan.txt"
    binary.write_bytes(b"%PDF-1.4\x00\x01\x02\x00binary\x00")
    latin1 = inputs / "latin1.txt"
    latin1.write_bytes(b"caf\xe9 bomb")
    huge = inputs / "huge.txt"
    with huge.open("wb") as handle:
        handle.write(b"Riot police dispersed a crowd in Lagos. " * 500_000)  # 20 MB
    feed = inputs / "feed.jsonl"
    feed.write_text(ATTACK_LINE + '\n{"id": "broken", "text": \n', encoding="utf-8")
    return {
        "good": protest_file,
        "empty": empty,
        "binary": binary,
        "latin1": latin1,
        "huge": huge,
        "feed": feed,
    }


def _check_failure_messages(stderr: str, files: dict[str, Path]) -> None:
    lines = stderr.splitlines()

    def line_for(path: Path, *words: str) -> None:
        assert any(str(path) in line and all(w in line for w in words) for line in lines), (
            path,
            words,
            stderr,
        )

    line_for(files["empty"], "empty")
    line_for(files["binary"], "binary")
    line_for(files["latin1"], "UTF-8")
    line_for(files["huge"], "over the limit", "--max-bytes")
    line_for(files["feed"], "line 2", "invalid JSON")
    assert str(files["good"]) not in stderr


def test_extract_bad_inputs_reported_good_ones_extracted(mixed_inputs: dict[str, Path]) -> None:
    result = invoke(
        "extract", *map(str, mixed_inputs.values()), "--published-at", PUBLISHED, "--format", "json"
    )

    assert result.exit_code == 1
    _check_failure_messages(result.stderr, mixed_inputs)
    assert "5 of 7 input(s) failed; the others were processed." in result.stderr
    events = json.loads(result.stdout)
    assert sorted(e["location"]["name"] for e in events) == ["Maiduguri", "Nairobi"]


def test_ingest_bad_inputs_recorded(mixed_inputs: dict[str, Path], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/k.db"
    result = invoke("ingest", *map(str, mixed_inputs.values()), "--db", db, "--published-at", PUBLISHED)

    assert result.exit_code == 1
    assert "7 article(s) read: 2 stored, 0 already stored, 5 failed; 2 event(s)" in result.stderr
    _check_failure_messages(result.stderr, mixed_inputs)
    assert sorted(e["location"]["name"] for e in events_json(db)) == ["Maiduguri", "Nairobi"]

    listed = invoke("failures", "--db", db)
    assert listed.exit_code == 0, listed.output
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert len(rows) == 5
    assert {row[1] for row in rows} == {"ingest"}
    text = listed.stdout
    for name in ("empty", "binary", "latin1", "huge", "feed"):
        assert str(mixed_inputs[name]) in text, name
    assert "invalid JSON" in text
    assert str(mixed_inputs["good"]) not in text


def test_ingest_exit_code_zero_without_failures(tmp_path: Path, protest_file: Path) -> None:
    result = invoke(
        "ingest", str(protest_file), "--db", f"sqlite:///{tmp_path}/k.db", "--published-at", PUBLISHED
    )

    assert result.exit_code == 0, result.output
    assert "0 failed" in result.stderr
    assert "error:" not in result.stderr


# --- 6. events filters ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stored_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Two stored events: a protest in Nairobi (KE, 2024-03-12) and an attack near Maiduguri (NG, 2024-03-15)."""
    root = tmp_path_factory.mktemp("events")
    (root / "nairobi.txt").write_text(PROTEST_TEXT, encoding="utf-8")
    (root / "wire.jsonl").write_text(ATTACK_LINE + "\n", encoding="utf-8")
    db = f"sqlite:///{root}/k.db"
    result = invoke(
        "ingest", str(root / "nairobi.txt"), str(root / "wire.jsonl"), "--db", db, "--published-at", PUBLISHED
    )
    assert result.exit_code == 0, result.output
    return db


def _places(db: str, *filters: str) -> list[str]:
    return sorted(e["location"]["name"] for e in events_json(db, *filters))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ((), ["Maiduguri", "Nairobi"]),
        (("--country", "KE"), ["Nairobi"]),
        (("--country", "NG"), ["Maiduguri"]),
        (("--country", "Kenya"), ["Nairobi"]),
        (("--country", "SO"), []),
        (("--type", "Protests"), ["Nairobi"]),
        (("--type", "Violence against civilians"), ["Maiduguri"]),
        (("--type", "Attack"), ["Maiduguri"]),
        (("--type", "Battles"), []),
        (("--since", "2024-03-13"), ["Maiduguri"]),
        (("--until", "2024-03-12"), ["Nairobi"]),
        (("--since", "2024-03-12", "--until", "2024-03-15"), ["Maiduguri", "Nairobi"]),
        (("--since", "2024-03-13", "--until", "2024-03-14"), []),
        (("--country", "KE", "--type", "Protests", "--since", "2024-03-12"), ["Nairobi"]),
    ],
)
def test_events_filters(stored_db: str, filters: tuple[str, ...], expected: list[str]) -> None:
    assert _places(stored_db, *filters) == expected


def test_events_csv(stored_db: str, tmp_path: Path) -> None:
    result = invoke("events", "--db", stored_db, "--country", "KE", "--format", "csv")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(ACLED_HEAD)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["event_date"], r["event_type"], r["location"], r["country"]) for r in rows] == [
        ("2024-03-12", "Protests", "Nairobi", "Kenya")
    ]

    out = tmp_path / "ng.csv"
    written = invoke("events", "--db", stored_db, "--type", "Attack", "--format", "csv", "--output", str(out))
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["sub_event_type"], r["location"], r["fatalities"]) for r in rows] == [
        ("Attack", "Maiduguri", "4")
    ]


# --- 7./8. help -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["extract"], ["ingest"], ["events"], ["failures"]])
def test_help_has_example(command: list[str]) -> None:
    result = invoke(*command, "--help")

    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout


def test_python_m_kharita_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kharita", "--help"], capture_output=True, text=True, timeout=60, check=False
    )

    assert done.returncode == 0, done.stderr
    assert "Example" in done.stdout
    for command in ("extract", "ingest", "events", "failures", "actors"):
        assert command in done.stdout


def test_reading_commands_do_not_create_a_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    for command in (["events"], ["failures"], ["actors", "list"]):
        result = CliRunner().invoke(cli, [*command, "--db", f"sqlite:///{missing}"])
        assert result.exit_code != 0 and "there is no kharita database" in result.output, command
    assert not missing.exists()


def test_outlet_homes_need_every_article_in_one_process(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Gunmen shot dead a clerk at a store in Dublin on Friday.", encoding="utf-8")
    result = invoke("extract", str(article), "--outlet-homes", "--engine", "dask")
    assert result.exit_code == 2
    assert "--outlet-homes needs every article in one process" in result.output
