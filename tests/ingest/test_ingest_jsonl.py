"""JSON Lines sources: one article per line, a bad line is a Failure and the rest go on."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ingest_helpers import HTML_PAGE, STORY, articles, failures

from kharita.ingest import read_sources
from kharita.models import Article, Failure


def _write_lines(path: Path, lines: list[str | dict[str, object]]) -> Path:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_good_and_malformed_lines(tmp_path: Path) -> None:
    path = _write_lines(
        tmp_path / "batch.jsonl",
        [
            {
                "id": "a1",
                "text": STORY,
                "title": "Varnel clashes",
                "url": "https://example.org/a1",
                "published_at": "2031-02-03",
                "source": "Daily Lantern",
            },
            {"id": 42, "text": "Shelling hit Dovra.", "published_at": "2031-02-04T23:30:00+00:00"},
            "",
            "{not json",
            {"text": "A line without an id."},
            {"id": "a5", "title": "no body"},
            {"id": "a6", "text": "Riot in Orlin.", "published_at": "04/02/2031"},
            {"id": "a7", "text": "Protest in Orlin."},
            '["a", "list"]',
        ],
    )
    results = list(read_sources([str(path)], published_at=date(2031, 1, 1)))
    source = str(path)
    assert articles(results) == [
        Article(
            id="a1",
            text=STORY,
            title="Varnel clashes",
            url="https://example.org/a1",
            published_at=date(2031, 2, 3),
            source="Daily Lantern",
        ),
        Article(id="42", text="Shelling hit Dovra.", published_at=date(2031, 2, 4), source=source),
        Article(id="a7", text="Protest in Orlin.", published_at=date(2031, 1, 1), source=source),
    ]
    found = {f.article_id: f.error for f in failures(results)}
    assert list(found) == [f"{source}:4", f"{source}:5", "a5", "a6", f"{source}:9"]
    assert found[f"{source}:4"].startswith(f"{source} line 4: invalid JSON (")
    assert found[f"{source}:5"] == (
        f'{source} line 5: "id" is missing; give every line a unique "id" (a string or an integer)'
    )
    assert 'line 6: has neither "text" nor "html"' in found["a5"]
    assert "line 7: \"published_at\" '04/02/2031' is not a date; use YYYY-MM-DD" in found["a6"]
    assert "line 9: expected a JSON object, got list" in found[f"{source}:9"]
    assert all(f.stage == "ingest" and f.source == source for f in failures(results))


def test_html_field_is_extracted_and_line_fields_win(tmp_path: Path) -> None:
    path = _write_lines(
        tmp_path / "pages.json-lines",
        [
            {"id": "h1", "html": HTML_PAGE},
            {"id": "h2", "html": HTML_PAGE, "title": "Own title", "published_at": "2031-06-30"},
        ],
    )
    first, second = read_sources([str(path)])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert "At least four people were killed" in first.text and "NAV-MARKER" not in first.text
    assert (first.title, first.published_at) == ("Clashes reported near Varnel", date(2023, 4, 12))
    assert (second.title, second.published_at) == ("Own title", date(2031, 6, 30))


def test_text_over_max_bytes_fails_only_that_line(tmp_path: Path) -> None:
    path = _write_lines(
        tmp_path / "big.jsonl",
        [
            {"id": "long", "text": "word " * 100},
            {"id": "short", "text": "Shelling hit Dovra."},
        ],
    )
    failure, article = read_sources([str(path)], max_bytes=200)
    assert isinstance(failure, Failure) and failure.article_id == "long"
    assert '"text" is 500 characters, over the limit of 200' in failure.error
    assert "--max-bytes" in failure.error
    assert isinstance(article, Article) and article.id == "short"


def test_overlong_line_is_skipped_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    path.write_text(
        '{"id": "x", "text": "' + "a" * 70_000 + '"}\n{"id": "y", "text": "Riot in Orlin."}\n',
        encoding="utf-8",
    )
    failure, article = read_sources([str(path)], max_bytes=20)
    assert isinstance(failure, Failure) and failure.article_id == f"{path}:1"
    assert "line 1: the line is longer than 65,656 bytes" in failure.error
    assert isinstance(article, Article) and article.id == "y"


def test_invalid_utf8_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Caf\xe9"}\n{"id": "b", "text": "Riot in Orlin."}\n')
    failure, article = read_sources([str(path)])
    assert isinstance(failure, Failure) and failure.article_id == f"{path}:1"
    assert "line 1: not valid UTF-8 (byte 0xe9 at byte 24 of the line)" in failure.error
    assert "iconv -f latin1 -t utf-8" in failure.error
    assert isinstance(article, Article) and article.id == "b"


def test_bom_and_crlf_and_wrong_types(tmp_path: Path) -> None:
    path = tmp_path / "win.jsonl"
    path.write_bytes(
        b'\xef\xbb\xbf{"id": "w1", "text": "Riot in Orlin."}\r\n'
        b'{"id": "w2", "text": 7}\r\n{"id": true, "text": "x"}\r\n'
    )
    article, bad_text, bad_id = read_sources([str(path)])
    assert isinstance(article, Article) and article.id == "w1"
    assert isinstance(bad_text, Failure) and '"text" must be a string, not int' in bad_text.error
    assert isinstance(bad_id, Failure) and '"id" must be a string or an integer, not bool' in bad_id.error


def test_blank_only_jsonl_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n  \n\n", encoding="utf-8")
    (failure,) = read_sources([str(path)])
    assert isinstance(failure, Failure) and failure.article_id == str(path)
    assert "has only blank lines; put one JSON object per line" in failure.error


def test_utf16_jsonl_is_a_failure_with_iconv_hint(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes('{"id": "a", "text": "x"}\n'.encode("utf-16"))
    (failure,) = read_sources([str(path)])
    assert isinstance(failure, Failure)
    assert "JSON Lines must be UTF-8" in failure.error and "iconv -f utf-16 -t utf-8" in failure.error
