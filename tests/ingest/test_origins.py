"""Origins: where each article and failure was read from, and what `--retry-failed` reads again."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kharita.ingest.origins import read_paths, retry_plan, retry_target, web_inputs
from kharita.models import Article, Failure

TEXT = "Police fired tear gas at traders protesting in Kisumu on Monday and arrested 9 of them.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    root.mkdir()
    (root / "kisumu.txt").write_text(TEXT, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "wire.jsonl").write_text(
        json.dumps({"id": "w1", "text": TEXT.replace("Kisumu", "Kano"), "source": "Daily Wire"}) + "\n"
        + json.dumps({"id": "w2", "text": TEXT.replace("Kisumu", "Jos")}) + "\n{broken\n",
        encoding="utf-8",
    )
    return root


def test_files_in_a_directory_are_their_own_origins(folder: Path) -> None:
    inputs = read_paths([str(folder)])
    by_id = {a.id: a for a in inputs.articles}
    kisumu = next(a for a in inputs.articles if a.source == str(folder / "kisumu.txt"))
    assert inputs.origins[kisumu.id] == str(folder / "kisumu.txt")
    assert inputs.origins["w2"] == str(folder / "wire.jsonl")  # its source is the file
    assert inputs.origins["w1"] == str(folder)  # its source is an outlet: the directory is read again
    assert set(by_id) == set(inputs.origins)
    origins = sorted((Path(f.article_id).name, f.origin) for f in inputs.failures)
    assert origins == [("empty.txt", str(folder / "empty.txt")), ("wire.jsonl:3", str(folder / "wire.jsonl"))]


def test_relative_paths_get_absolute_origins(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder.parent)
    inputs = read_paths(["news/kisumu.txt", "news/missing.txt"])
    [article] = inputs.articles
    [failure] = inputs.failures
    assert inputs.origins[article.id] == str(folder / "kisumu.txt")
    assert (failure.article_id, failure.origin) == ("news/missing.txt", str(folder / "missing.txt"))


def test_stdin_has_no_origin() -> None:
    inputs = read_paths(["-"], stdin=io.StringIO(TEXT))
    assert len(inputs.articles) == 1
    assert inputs.origins == {}


def test_web_pages_are_read_again_by_url() -> None:
    page = Article("p1", TEXT, url="https://news.example.org/story", source="Example News")
    gone = Failure("https://news.example.org/gone", "ingest", "HTTP 404", "https://news.example.org/gone")
    inputs = web_inputs([page, gone])
    assert inputs.origins == {"p1": "https://news.example.org/story"}
    assert inputs.failures[0].origin == "https://news.example.org/gone"


def test_a_path_is_retried_as_first_spelled_while_it_names_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failure = Failure("in/a.txt", "ingest", "no such file", "in/a.txt", str(tmp_path / "in" / "a.txt"))
    monkeypatch.chdir(tmp_path)
    assert retry_target(failure) == "in/a.txt"  # same id when read again: one more attempt, same row
    monkeypatch.chdir(tmp_path / "..")
    assert retry_target(failure) == str(tmp_path / "in" / "a.txt")


def test_failures_recorded_before_origins_fall_back_to_their_source(tmp_path: Path) -> None:
    existing = tmp_path / "a.txt"
    existing.write_text(TEXT, encoding="utf-8")
    assert retry_target(Failure("x", "ingest", "empty", str(tmp_path / "gone.txt"))) == str(tmp_path / "gone.txt")
    assert retry_target(Failure("x", "language", "not English", str(existing))) == str(existing)
    assert retry_target(Failure("x", "records", "boom", "Daily Wire")) is None
    assert retry_target(Failure("x", "ingest", "HTTP 503", "https://a.example/1")) == "https://a.example/1"
    assert retry_target(Failure("<stdin>", "ingest", "empty", "<stdin>")) is None


def test_retry_plan_reads_each_input_once(tmp_path: Path) -> None:
    origin = str(tmp_path / "wire.jsonl")
    plan = retry_plan([
        Failure("wire.jsonl:2", "ingest", "invalid JSON", origin, origin),
        Failure("w9", "records", "boom", "Daily Wire", origin),
        Failure("https://a.example/1", "ingest", "HTTP 503", "https://a.example/1", "https://a.example/1"),
        Failure("<stdin>", "language", "not English", "<stdin>"),
    ])
    assert plan.paths == (origin,)
    assert plan.urls == ("https://a.example/1",)
    assert [f.article_id for f in plan.unreadable] == ["<stdin>"]
