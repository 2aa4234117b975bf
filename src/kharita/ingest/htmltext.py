"""HTML → main text, title and date: trafilatura first, a cleaned <body> as the fallback.

trafilatura and lxml_html_clean are imported lazily so that importing kharita.ingest does no I/O.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from kharita.errors import InputError
from kharita.ingest.text import check_not_binary, decode_text, normalise_text

log = logging.getLogger(__name__)

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_INLINE_SPACE = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BOILERPLATE_TAGS = ("nav", "footer", "header", "aside", "noscript", "button")
_BLOCK_TAGS_TEXT = (
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article blockquote pre dd dt dl figcaption"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAGS_TEXT.split())


@dataclass(frozen=True)
class HtmlContent:
    text: str
    title: str | None
    published_at: date | None
    site_name: str | None = None


def decode_html(data: bytes, name: str) -> str:
    """UTF-8/UTF-16 like a text file, or the charset the page declares in a <meta> tag."""
    charset = None if data.startswith(_BOMS) else _declared_charset(data)
    if charset is None:
        return decode_text(data, name)
    check_not_binary(data, name)
    try:
        return data.decode(charset)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} declares charset {charset!r} but byte offset {exc.start} is not valid {charset}; "
            f"fix the <meta charset> declaration or re-encode the file as UTF-8"
        ) from exc


def extract_html(html: str, name: str) -> HtmlContent:
    """Main article text (boilerplate dropped), title and publication date of one HTML page."""
    html = _XML_DECLARATION.sub("", html, count=1)
    content = _with_trafilatura(html, name)
    if content.text:
        return content
    root = _parse(html)
    text = body_text(root) if root is not None else ""
    if not text:
        raise InputError(
            f"{name}: no article text found in the HTML (trafilatura and the plain <body> fallback "
            "both came up empty); check that the file is a complete article page, "
            "or save the article's text as a .txt file"
        )
    return HtmlContent(text=text, title=content.title or _html_title(root), published_at=content.published_at,
                       site_name=content.site_name)


def body_text(root: lxml_html.HtmlElement) -> str:
    """Visible text of <body> without scripts, styles and navigation, one line per block element."""
    body = root.find(".//body")
    target = body if body is not None else root
    for element in target.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in target.text_content().splitlines())
    return normalise_text("\n".join(line for line in lines if line))


def canonical_href(html: str) -> str | None:
    """The href of the page's <link rel="canonical">, as written (it may be relative), or None."""
    try:
        root = lxml_html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.LxmlError, ValueError):
        return None
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rels and href:
            return href
    return None


def _with_trafilatura(html: str, name: str) -> HtmlContent:
    document = _bare_extraction(html, name)
    if document is None:
        return HtmlContent(text="", title=None, published_at=None)
    title = normalise_text(document.title or "") or None
    site_name = normalise_text(document.sitename or "") or None
    return HtmlContent(normalise_text(document.text or ""), title, _parse_iso_date(document.date, name), site_name)


def _bare_extraction(html: str, name: str) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001 — third-party parser on arbitrary input: fall back, loudly
        log.warning(
            "trafilatura failed on %s (%s: %s); using the plain <body> text", name, type(exc).__name__, exc
        )
        return None


def _parse(html: str) -> lxml_html.HtmlElement | None:
    from lxml_html_clean import Cleaner

    cleaner = Cleaner(
        scripts=True,
        javascript=True,
        style=True,
        comments=True,
        page_structure=False,
        kill_tags=list(_BOILERPLATE_TAGS),
    )
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.LxmlError, ValueError) as exc:
        log.info("lxml could not parse the HTML (%s); no <body> text", exc)
        return None
    cleaned: lxml_html.HtmlElement = cleaner.clean_html(root)
    return cleaned


def _html_title(root: lxml_html.HtmlElement | None) -> str | None:
    title = root.findtext(".//title") if root is not None else None
    return normalise_text(title or "") or None


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:4096])
    if match is None:
        return None
    charset = match.group(1).decode("ascii").lower()
    try:
        canonical = codecs.lookup(charset).name
    except LookupError:
        return None
    return None if canonical == "utf-8" else canonical


def _parse_iso_date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        log.warning("ignoring unreadable date %r found in %s", value, name)
        return None
