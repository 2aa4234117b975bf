"""Which files to read and how: supported kinds, directory walking, size-limited reads."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from kharita.errors import InputError

FileKind = Literal["text", "html", "jsonl"]

SUPPORTED_SUFFIXES: dict[str, FileKind] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".json-lines": "jsonl",
}
SUPPORTED_LIST = ", ".join(SUPPORTED_SUFFIXES)


def file_kind(path: Path) -> FileKind:
    """The kind of a file by its extension; InputError naming the supported ones otherwise."""
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        what = f"unsupported file type {path.suffix!r}" if path.suffix else "no file extension"
        raise InputError(
            f"{path}: {what}; supported are {SUPPORTED_LIST} — "
            "rename a plain-text article to .txt, or convert the file to one of these"
        )
    return kind


def walk_directory(root: Path) -> tuple[list[Path], list[OSError]]:
    """Supported, non-hidden files below root (hidden directories skipped too), sorted by path,
    and the errors met on the way (an unreadable sub-directory), for the caller to report."""
    found: list[Path] = []
    errors: list[OSError] = []
    for folder, subfolders, names in os.walk(root, onerror=errors.append):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        found.extend(Path(folder, n) for n in names if _is_candidate(n))
    return sorted(found), errors


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; InputError if it is empty or over max_bytes (checked before reading it)."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(too_big_message(str(path), f"{size / 1_000_000:.1f} MB", max_bytes))
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(too_big_message(str(path), f"more than {max_bytes:,} bytes", max_bytes))
    if not data:
        raise InputError(f"{path} is empty (0 bytes); add the article text or leave the file out")
    return data


def too_big_message(name: str, size: str, max_bytes: int) -> str:
    return (
        f"{name} is {size}, over the limit of {max_bytes / 1_000_000:.1f} MB ({max_bytes:,} bytes); "
        "split it into one article per file, or raise the limit with --max-bytes"
    )


def _is_candidate(name: str) -> bool:
    return not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES
