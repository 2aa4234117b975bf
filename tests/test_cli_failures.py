"""`kharita failures`, `kharita ingest --retry-failed` and `kharita db upgrade|current`.

The reports are short texts written for these tests; the small spaCy model keeps them quick.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kharita.cli import cli
from kharita.store.engine import make_engine, parse_url
from kharita.store.migrate import head_revision, upgrade

REPORT = ("Police fired tear gas at traders protesting in Kisumu on Monday and arrested 9 of them. "
          "The traders had marched to the market to oppose a new levy.\n")
FRENCH = ("La police a dispersé les manifestants dans le centre de la ville avec des gaz lacrymogènes et a "
          "arrêté une dizaine de personnes selon les autorités locales qui ont confirmé les faits.\n")


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def ingest(db: str, *args: str, input: str | None = None) -> Result:
    return invoke("ingest", *args, "--db", db, "--model", "sm", "--published-at", "2024-03-13", input=input)


def listed(db: str) -> list[list[str]]:
    """`kharita failures` rows: id, stage, attempts, last failed, where from, error."""
    result = invoke("failures", "--db", db)
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.stdout.splitlines()]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'k.db'}"


def test_a_missing_file_is_retried_until_it_comes(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("kisumu.txt").write_text(REPORT, encoding="utf-8")
    assert ingest(db, "kisumu.txt", "later.txt").exit_code == 1
    assert [row[:3] for row in listed(db)] == [["later.txt", "ingest", "1"]]

    again = ingest(db, "--retry-failed")
    assert again.exit_code == 1
    [row] = listed(db)
    assert row[:3] == ["later.txt", "ingest", "2"]
    assert row[4] == str(tmp_path / "later.txt")
    assert "retry them with `kharita ingest --retry-failed" in invoke("failures", "--db", db).stderr

    Path("later.txt").write_text(REPORT.replace("Kisumu", "Nakuru"), encoding="utf-8")
    fixed = ingest(db, "--retry-failed")
    assert fixed.exit_code == 0, fixed.output
    assert "1 article(s) read: 1 stored" in fixed.stderr and "1 earlier failure(s) cleared" in fixed.stderr
    assert listed(db) == []
    assert sorted(e["location"]["name"] for e in _events(db)) == ["Kisumu", "Nakuru"]


def test_an_article_failing_again_is_counted_not_duplicated(db: str, tmp_path: Path) -> None:
    article = tmp_path / "report.txt"
    article.write_text(FRENCH, encoding="utf-8")
    for _ in range(2):
        assert ingest(db, str(article)).exit_code == 1
    assert ingest(db, "--retry-failed").exit_code == 1
    [row] = listed(db)
    assert row[1:3] == ["language", "3"] and row[4] == str(article)

    article.write_text(REPORT, encoding="utf-8")  # translated: a new text, so a new article id
    fixed = ingest(db, "--retry-failed")
    assert fixed.exit_code == 0, fixed.output
    assert listed(db) == []
    assert [e["location"]["name"] for e in _events(db)] == ["Kisumu"]


def test_a_broken_jsonl_line_is_retried_from_its_file(db: str, tmp_path: Path) -> None:
    wire = tmp_path / "wire.jsonl"
    good = json.dumps({"id": "w1", "text": REPORT})
    wire.write_text(good + '\n{"id": "w2", "text": \n', encoding="utf-8")
    assert ingest(db, str(wire)).exit_code == 1
    assert [row[0] for row in listed(db)] == [f"{wire}:2"]

    wire.write_text(good + "\n" + json.dumps({"id": "w2", "text": REPORT.replace("Kisumu", "Eldoret")}) + "\n",
                    encoding="utf-8")
    fixed = ingest(db, "--retry-failed")
    assert fixed.exit_code == 0, fixed.output
    assert "2 article(s) read: 1 stored, 1 already stored" in fixed.stderr
    assert listed(db) == []


def test_stdin_cannot_be_read_again(db: str) -> None:
    assert ingest(db, "-", input=FRENCH).exit_code == 1
    result = ingest(db, "--retry-failed")
    assert result.exit_code == 0
    assert "1 failure(s) cannot be read again (<stdin>)" in result.stderr
    assert "no recorded failure to retry" in result.stderr
    [row] = listed(db)
    assert (row[1], row[2], row[4]) == ("language", "1", "<stdin>")


def test_retry_failed_needs_a_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--retry-failed", "--db", f"sqlite:///{tmp_path}/none.db"])
    assert result.exit_code == 2
    assert "there is no kharita database" in result.stderr


def test_ingest_without_inputs_names_retry_failed() -> None:
    result = CliRunner().invoke(cli, ["ingest"])
    assert result.exit_code == 2
    assert "--retry-failed" in result.output


def _events(db: str) -> list[dict[str, Any]]:
    result = invoke("events", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    records: list[dict[str, Any]] = json.loads(result.stdout)
    return records


# --- kharita db ---------------------------------------------------------------------------------------------


def test_db_upgrade_creates_then_has_nothing_to_do(db: str) -> None:
    head = head_revision()
    first = invoke("db", "upgrade", "--db", db)
    assert first.exit_code == 0, first.output
    assert f"upgraded from an empty database to revision {head} (the latest)" in first.stdout
    again = invoke("db", "upgrade", "--db", db)
    assert f"already at revision {head}" in again.stdout
    assert invoke("db", "current", "--db", db).stdout == f"{head} (the latest)\n"


def test_db_current_says_an_older_database_needs_upgrading(db: str) -> None:
    engine = make_engine(parse_url(db))
    upgrade(engine, "0004")
    engine.dispose()
    current = invoke("db", "current", "--db", db)
    assert current.stdout == f"0004 (the latest is {head_revision()}; run `kharita db upgrade --db {db}`)\n"
    upgraded = invoke("db", "upgrade", "--db", db)
    assert f"upgraded from revision 0004 to revision {head_revision()}" in upgraded.stdout


def test_db_current_of_a_missing_database_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["db", "current", "--db", f"sqlite:///{tmp_path}/none.db"])
    assert result.exit_code == 2
    assert "there is no kharita database" in result.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.mark.postgres
def test_db_upgrade_postgres(pg_url: str) -> None:
    result = invoke("db", "upgrade", "--db", pg_url)
    assert result.exit_code == 0, result.output
    assert invoke("db", "current", "--db", pg_url).stdout == f"{head_revision()} (the latest)\n"


def test_db_help_has_an_example() -> None:
    result = invoke("db", "upgrade", "--help")
    assert "kharita db upgrade --db postgresql+psycopg://" in result.stdout
