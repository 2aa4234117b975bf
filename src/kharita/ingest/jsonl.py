"""JSON Lines: one article per line; a bad line becomes a Failure and the other lines go on."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from kharita.errors import InputError
from kharita.ingest.articles import ingest_failure, make_article
from kharita.ingest.htmltext import extract_html
from kharita.ingest.text import check_not_binary
from kharita.models import Article, Failure

_HEAD_SIZE = 8192
_SKIP_CHUNK = 1 << 20
_JSON_OVERHEAD_BYTES = 65_536
_BYTES_PER_ESCAPED_CHAR = 6  # a character written as \uXXXX


@dataclass(frozen=True)
class _Context:
    source: str
    default_date: date | None
    max_chars: int


def read_jsonl(path: Path, *, default_date: date | None, max_bytes: int) -> Iterator[Article | Failure]:
    """Articles (or per-line Failures) from a JSON Lines file, reading one line at a time."""
    ctx = _Context(str(path), default_date, max_bytes)
    line_limit = _BYTES_PER_ESCAPED_CHAR * max_bytes + _JSON_OVERHEAD_BYTES
    count = 0
    with path.open("rb") as handle:
        _check_head(handle, ctx.source)
        for lineno, raw in _lines(handle, line_limit):
            if raw is not None and not raw.strip():
                continue
            count += 1
            yield _line_result(raw, lineno, ctx, line_limit)
    if count == 0:
        raise InputError(
            f'{path} has only blank lines; put one JSON object per line, e.g. {{"id": "a1", "text": "..."}}'
        )


def parse_date(value: str) -> date:
    """YYYY-MM-DD or an ISO 8601 datetime (e.g. 2024-03-15T08:00:00Z) → date."""
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError as exc:
        raise InputError(
            f'"published_at" {value!r} is not a date; use YYYY-MM-DD or an ISO datetime '
            "such as 2024-03-15T08:00:00Z"
        ) from exc


def _check_head(handle: BinaryIO, source: str) -> None:
    head = handle.read(_HEAD_SIZE)
    handle.seek(0)
    if not head:
        raise InputError(f"{source} is empty (0 bytes); add one JSON object per line or leave the file out")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(
            f"{source} is UTF-16 but JSON Lines must be UTF-8; re-encode it, "
            f"e.g. `iconv -f utf-16 -t utf-8 {source} > fixed.jsonl`"
        )
    check_not_binary(head, source)


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) pairs; None for a line over `limit` bytes, which is skipped unread."""
    lineno = 0
    while line := handle.readline(limit + 1):
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            _skip_rest_of_line(handle)
            yield lineno, None
        else:
            yield lineno, line.removeprefix(codecs.BOM_UTF8) if lineno == 1 else line


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while chunk := handle.readline(_SKIP_CHUNK):
        if chunk.endswith(b"\n"):
            return


def _line_result(raw: bytes | None, lineno: int, ctx: _Context, line_limit: int) -> Article | Failure:
    article_id = f"{ctx.source}:{lineno}"
    try:
        if raw is None:
            raise InputError(
                f"the line is longer than {line_limit:,} bytes; "
                "split the article or raise the limit with --max-bytes"
            )
        record = _load_object(raw)
        article_id = _record_id(record)
        return _record_article(record, article_id, ctx)
    except InputError as exc:
        return ingest_failure(article_id, f"{ctx.source} line {lineno}: {exc}", ctx.source)


def _load_object(raw: bytes) -> dict[str, Any]:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start} of the line); "
            "re-encode the file as UTF-8, e.g. `iconv -f latin1 -t utf-8 in.jsonl > out.jsonl`"
        ) from exc
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON ({exc.msg} at column {exc.colno}); "
            'each line must be one JSON object, e.g. {"id": "a1", "text": "..."}'
        ) from exc
    if not isinstance(value, dict):
        raise InputError(
            f"expected a JSON object, got {type(value).__name__}; "
            'write each article as {"id": ..., "text": ...}'
        )
    return value


def _record_id(record: dict[str, Any]) -> str:
    value = record.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    if value is None or value == "":
        raise InputError('"id" is missing; give every line a unique "id" (a string or an integer)')
    raise InputError(f'"id" must be a string or an integer, not {type(value).__name__}')


def _record_article(record: dict[str, Any], article_id: str, ctx: _Context) -> Article:
    body, field = _body(record, ctx.max_chars)
    published = _optional_date(record) or ctx.default_date
    title = _optional_str(record, "title")
    url = _optional_str(record, "url")
    source = _optional_str(record, "source") or ctx.source
    if field == "html":
        content = extract_html(body, f'the "html" of {article_id!r}')
        body, title = content.text, title or content.title
        published = published or content.published_at
    return make_article(body, id=article_id, title=title, url=url, published_at=published, source=source)


def _body(record: dict[str, Any], max_chars: int) -> tuple[str, str]:
    field = "text" if record.get("text") is not None else "html"
    value = record.get(field)
    if value is None:
        raise InputError('has neither "text" nor "html"; add the article as "text" (plain) or "html"')
    if not isinstance(value, str):
        raise InputError(f'"{field}" must be a string, not {type(value).__name__}')
    if not value.strip():
        raise InputError(f'"{field}" is empty; put the article in it or drop the line')
    if len(value) > max_chars:
        raise InputError(
            f'"{field}" is {len(value):,} characters, over the limit of {max_chars:,}; '
            "split the article or raise the limit with --max-bytes"
        )
    return value, field


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f'"{key}" must be a string, not {type(value).__name__}')
    return value.strip() or None


def _optional_date(record: dict[str, Any]) -> date | None:
    value = record.get("published_at")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f'"published_at" must be a string like "2024-03-15", not {type(value).__name__}')
    return parse_date(value)
