"""Bytes → text: decoding with clear errors, binary detection, normalisation, an English check."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import PurePath

from kharita.errors import InputError
from kharita.resources.lexicon import word_class

_SAMPLE_SIZE = 8192
_CONTROL_CHARS = frozenset(chr(c) for c in (*range(0x09), *range(0x0E, 0x20), 0x7F))
_MAX_CONTROL_SHARE = 0.05
_MAX_UNDECODABLE_SHARE = 0.30
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_WORD_RE = re.compile(r"[^\W\d_]+")
FUNCTION_WORDS = "function_words.tsv"
OTHER_LANGUAGES = ("fr", "es", "pt", "de", "it", "id")
_MIN_WORDS_FOR_ENGLISH_CHECK = 20
_MAX_WORDS_FOR_ENGLISH_CHECK = 2000
_MIN_ENGLISH_SHARE = 0.05
_MIN_LATIN_SHARE = 0.5


# Inline formatting left in pasted text ('was <b>killed</b>' from a search-results page) and quotes escaped
# twice by an export ('\\"Five people were killed,\\" he said'): neither is part of what the article says.
_INLINE_TAG = re.compile(r"</?(?:b|i|u|em|strong|span|font|mark|sup|sub|small|big|a)(?:\s[^<>]{0,200})?>",
                         re.IGNORECASE)
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ESCAPED_QUOTE = re.compile(r"\\([\"'])")
_STRAY_BACKSLASH = re.compile(r"(?:^|(?<=\s))\\(?=[A-Za-z])|(?<=[\w.,;:!?])\\(?=\s|$)", re.MULTILINE)


def normalise_text(text: str) -> str:
    """NFC, `\\r\\n`/`\\r` → `\\n`, inline tags and escaped quotes undone, no trailing whitespace on any line,
    no blank lines at either end.

    Character offsets computed later refer to the string this returns.
    """
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INLINE_TAG.sub("", _LINE_BREAK_TAG.sub("\n", text))
    text = _STRAY_BACKSLASH.sub("", _ESCAPED_QUOTE.sub(r"\1", text))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file: UTF-8 (BOM optional) or UTF-16/UTF-32 with a BOM; reject binary data."""
    if data.startswith(_UTF32_BOMS):
        return _decode_with_bom(data, "utf-32", name)
    if data.startswith(_UTF16_BOMS):
        return _decode_with_bom(data, "utf-16", name)
    check_not_binary(data, name)
    return decode_utf8(data, name)


def decode_utf8(data: bytes, name: str) -> str:
    """Strict UTF-8; the error says the byte offset and line, and how to re-encode."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(_utf8_error_message(data, exc, name)) from exc


def check_not_binary(data: bytes, name: str) -> None:
    """Raise InputError when the first bytes look like a binary file rather than text."""
    sample = data[:_SAMPLE_SIZE]
    if b"\x00" in sample:
        raise InputError(binary_message(name, "it contains NUL bytes"))
    check_text_not_binary(sample.decode("utf-8", errors="replace"), name)


def check_text_not_binary(text: str, name: str) -> None:
    """Raise InputError when decoded text is mostly control or undecodable characters."""
    sample = text[:_SAMPLE_SIZE]
    if "\x00" in sample:
        raise InputError(binary_message(name, "it contains NUL characters"))
    if not sample:
        return
    controls = sum(1 for ch in sample if ch in _CONTROL_CHARS) / len(sample)
    undecodable = sample.count("\ufffd") / len(sample)
    if controls > _MAX_CONTROL_SHARE or undecodable > _MAX_UNDECODABLE_SHARE:
        raise InputError(binary_message(name, "most of its bytes are not text"))


def binary_message(name: str, why: str) -> str:
    return (
        f"{name} looks like a binary file ({why}), not article text; "
        "pass a .txt, .html or .jsonl file (convert PDF or Word documents to plain text first)"
    )


def looks_english(text: str) -> bool:
    """Cheap guess: is the text in Latin script, with English function words commoner than those of French,
    Spanish, Portuguese, German, Italian or Indonesian (or none of them showing, as in a terse list of names)?

    Texts shorter than 20 words are given the benefit of the doubt (True).
    """
    words = _WORD_RE.findall(text.lower())[:_MAX_WORDS_FOR_ENGLISH_CHECK]
    if len(words) < _MIN_WORDS_FOR_ENGLISH_CHECK:
        return True
    if sum(1 for word in words if word.isascii()) / len(words) < _MIN_LATIN_SHARE:
        return False  # Arabic, Cyrillic, Chinese ... script
    english = _share(words, word_class("en", FUNCTION_WORDS))
    other = max(_share(words, word_class(code, FUNCTION_WORDS)) for code in OTHER_LANGUAGES)
    if other >= english:
        return other < _MIN_ENGLISH_SHARE / 2  # no language shows: a name-heavy wire summary
    return english >= _MIN_ENGLISH_SHARE or other < _MIN_ENGLISH_SHARE / 2


def _share(words: list[str], vocabulary: frozenset[str]) -> float:
    return sum(1 for word in words if word in vocabulary) / len(words)


def _decode_with_bom(data: bytes, codec: str, name: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()} "
            f"(byte offset {exc.start}: {exc.reason}); re-encode it as UTF-8, "
            f"e.g. `iconv -f {codec} -t utf-8 {name} > fixed{_suffix(name)}`"
        ) from exc
    check_text_not_binary(text, name)
    return text


def _utf8_error_message(data: bytes, exc: UnicodeDecodeError, name: str) -> str:
    line = data.count(b"\n", 0, exc.start) + 1
    return (
        f"{name} is not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start} "
        f"(line {line}) cannot be decoded; re-encode the file as UTF-8, "
        f"e.g. `iconv -f latin1 -t utf-8 {name} > fixed{_suffix(name)}` if it is Latin-1/Windows-1252"
    )


def _suffix(name: str) -> str:
    return PurePath(name).suffix or ".txt"
