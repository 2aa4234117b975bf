"""read_sources over many inputs: directories, size limits, bad files, and that nothing escapes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ingest_helpers import HTML_PAGE, STORY, articles, failures

from kharita.ingest import read_sources, reader
from kharita.models import Article, Failure


def _only_failure(path: Path, **kwargs: Any) -> Failure:
    (result,) = read_sources([str(path)], **kwargs)
    assert isinstance(result, Failure), result
    assert (result.article_id, result.stage, result.source) == (str(path), "ingest", str(path))
    return result


def test_directory_recursion_is_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden_dir").mkdir()
    (tmp_path / "b" / "deeper" / "z.TXT").write_text("Riot in Orlin.", encoding="utf-8")
    (tmp_path / "b" / "page.htm").write_text(HTML_PAGE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"id": "c1", "text": "Shelling hit Dovra."}\n', encoding="utf-8")
    (tmp_path / ".secret.txt").write_text("hidden file", encoding="utf-8")
    (tmp_path / ".hidden_dir" / "x.txt").write_text("hidden dir", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    results = list(read_sources([str(tmp_path)]))
    assert all(isinstance(r, Article) for r in results), results
    assert [r.source for r in results] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "deeper" / "z.TXT"),
        str(tmp_path / "b" / "page.htm"),
        str(tmp_path / "c.jsonl"),
    ]


def test_directory_without_supported_files_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    failure = _only_failure(tmp_path)
    assert "contains no .txt, .html, .htm, .jsonl, .json-lines files" in failure.error


def test_bad_file_in_directory_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_good.txt").write_text(STORY, encoding="utf-8")
    results = list(read_sources([str(tmp_path)]))
    assert [f.article_id for f in failures(results)] == [str(tmp_path / "a_empty.txt")]
    assert [a.source for a in articles(results)] == [str(tmp_path / "b_good.txt")]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert (
        _only_failure(path).error == f"{path} is empty (0 bytes); add the article text or leave the file out"
    )


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\r\n  ", encoding="utf-8")
    assert (
        _only_failure(path).error == f"{path} contains only whitespace; there is no article text to process"
    )


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary stream")
    error = _only_failure(path).error
    assert error.startswith(f"{path} looks like a binary file (it contains NUL bytes), not article text")
    assert "convert PDF or Word documents to plain text first" in error


def test_binary_file_without_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 256)) * 40)
    assert "looks like a binary file (most of its bytes are not text)" in _only_failure(path).error


def test_file_over_max_bytes_is_rejected_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="ascii") as handle:
        handle.write("a " * 10_500_000)
    opened: list[Path] = []
    real_open = Path.open

    def spy_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy_open)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the whole file"))
    error = _only_failure(path).error
    assert opened == []
    assert error == (
        f"{path} is 21.0 MB, over the limit of 5.0 MB (5,000,000 bytes); "
        "split it into one article per file, or raise the limit with --max-bytes"
    )


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text(STORY, encoding="utf-8")
    assert "over the limit of 0.0 MB (10 bytes)" in _only_failure(path, max_bytes=10).error
    assert isinstance(next(iter(read_sources([str(path)], max_bytes=len(STORY)))), Article)


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "article.docx"
    path.write_bytes(b"PK\x03\x04")
    assert _only_failure(path).error == (
        f"{path}: unsupported file type '.docx'; supported are .txt, .html, .htm, .jsonl, .json-lines — "
        "rename a plain-text article to .txt, or convert the file to one of these"
    )


def test_missing_path(tmp_path: Path) -> None:
    error = _only_failure(tmp_path / "gone" / "x.txt").error
    assert error.endswith(
        "no such file or directory; check the path (or pass '-' to read one article from stdin)"
    )


def test_unexpected_error_becomes_failure_and_later_sources_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(html: str, name: str) -> None:
        raise RuntimeError("parser blew up")

    monkeypatch.setattr(reader, "extract_html", explode)
    page, text = tmp_path / "p.html", tmp_path / "t.txt"
    page.write_text(HTML_PAGE, encoding="utf-8")
    text.write_text(STORY, encoding="utf-8")
    failure, article = read_sources([str(page), str(text)])
    assert isinstance(failure, Failure)
    assert failure.error.startswith(f"unexpected RuntimeError while reading {page}: parser blew up;")
    assert isinstance(article, Article)


def test_misuse_raises_at_call_time() -> None:
    with pytest.raises(TypeError, match="not a single string"):
        read_sources("article.txt")
    with pytest.raises(ValueError, match="max_bytes must be at least 1"):
        read_sources([], max_bytes=0)


def test_import_does_no_io_and_loads_no_trafilatura() -> None:
    code = (
        "import sys, builtins\n"
        "opened = []\n"
        "real = builtins.open\n"
        "builtins.open = lambda *a, **k: opened.append(a) or real(*a, **k)\n"
        "import kharita.ingest\n"
        "print('trafilatura' in sys.modules, opened)\n"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONPATH": src}
    )
    assert out.stdout.strip() == "False []"
