"""read_sources: files, directories and stdin → Article or Failure; one bad source never stops the rest."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from kharita.errors import InputError
from kharita.ingest.articles import ingest_failure, make_article
from kharita.ingest.files import SUPPORTED_LIST, file_kind, read_limited, too_big_message, walk_directory
from kharita.ingest.htmltext import decode_html, extract_html
from kharita.ingest.jsonl import read_jsonl
from kharita.ingest.text import check_text_not_binary, decode_text
from kharita.models import Article, Failure

STDIN_SOURCE = "<stdin>"
DEFAULT_MAX_BYTES = 5_000_000

Result = Article | Failure


@dataclass(frozen=True)
class _Options:
    published_at: date | None
    stdin: TextIO | None
    max_bytes: int


def read_sources(
    paths: Sequence[str],
    *,
    published_at: date | None = None,
    stdin: TextIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Result]:
    """Articles from files (.txt, .html, .htm, .jsonl, .json-lines), directories (recursively,
    sorted, hidden files skipped) and `-` (stdin, one article).

    Every problem with an input becomes a Failure(stage="ingest") in the stream; nothing is raised
    while iterating. Only misuse of the function itself (a bare string, max_bytes < 1) raises, at once.
    """
    if isinstance(paths, (str, bytes)):
        raise TypeError("paths must be a sequence of paths, e.g. read_sources([path]), not a single string")
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be at least 1, got {max_bytes}")
    return _iter_sources([str(p) for p in paths], _Options(published_at, stdin, max_bytes))


def _iter_sources(paths: list[str], options: _Options) -> Iterator[Result]:
    for raw in paths:
        yield from _guarded(STDIN_SOURCE if raw == "-" else raw, _read_path(raw, options))


def _guarded(source: str, results: Iterator[Result]) -> Iterator[Result]:
    """Pass results through; turn an error raised while producing them into a Failure."""
    try:
        yield from results
    except InputError as exc:
        yield ingest_failure(source, str(exc), source)
    except OSError as exc:
        yield ingest_failure(source, _os_error_message(source, exc), source)
    except Exception as exc:  # noqa: BLE001 — a bug or a library choking on odd input: report, go on
        message = (
            f"unexpected {type(exc).__name__} while reading {source}: {exc}; "
            "this is probably a bug in kharita, please report it together with the input"
        )
        yield ingest_failure(source, message, source)


def _read_path(raw: str, options: _Options) -> Iterator[Result]:
    if raw == "-":
        yield _read_stdin(options)
        return
    path = Path(raw)
    if path.is_dir():
        yield from _read_directory(path, options)
    elif path.exists():
        yield from _read_file(path, options)
    else:
        raise InputError(
            f"{raw}: no such file or directory; check the path (or pass '-' to read one article from stdin)"
        )


def _read_directory(root: Path, options: _Options) -> Iterator[Result]:
    files, errors = walk_directory(root)
    for error in errors:
        where = str(error.filename or root)
        yield ingest_failure(where, _os_error_message(where, error), where)
    if not files and not errors:
        raise InputError(
            f"{root} contains no {SUPPORTED_LIST} files (hidden files are skipped); "
            "check the directory, or name the files directly"
        )
    for path in files:
        yield from _guarded(str(path), _read_file(path, options))


def _read_file(path: Path, options: _Options) -> Iterator[Result]:
    kind = file_kind(path)
    if kind == "jsonl":
        yield from read_jsonl(path, default_date=options.published_at, max_bytes=options.max_bytes)
        return
    data = read_limited(path, options.max_bytes)
    if kind == "html":
        yield _html_article(data, str(path), options.published_at)
    else:
        yield make_article(decode_text(data, str(path)), source=str(path), default_date=options.published_at)


def _html_article(data: bytes, source: str, published_at: date | None) -> Article:
    content = extract_html(decode_html(data, source), source)
    return make_article(content.text, source=source, title=content.title, published_at=content.published_at,
                        default_date=published_at)


def _read_stdin(options: _Options) -> Article:
    stream = options.stdin if options.stdin is not None else sys.stdin
    try:
        text = stream.read(options.max_bytes + 1)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"stdin is not valid UTF-8 ({exc.reason} at byte {exc.start}); re-encode it, "
            "e.g. `iconv -f latin1 -t utf-8 article.txt | kharita ...`"
        ) from exc
    if len(text) > options.max_bytes:
        raise InputError(
            too_big_message("stdin", f"more than {options.max_bytes:,} characters", options.max_bytes)
        )
    if not text:
        raise InputError("stdin is empty; pipe an article's text in, e.g. `cat article.txt | kharita ... -`")
    check_text_not_binary(text, "stdin")
    return make_article(text, source=STDIN_SOURCE, default_date=options.published_at)


def _os_error_message(source: str, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        return f"{source}: cannot read it ({reason}); check the file permissions"
    return f"{source}: cannot read it ({reason}); check that it is a readable file or directory"
