"""HTML sources: main text via trafilatura, metadata, the <body> fallback, encodings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest_helpers import HTML_PAGE

from kharita.ingest import read_sources
from kharita.models import Article, Failure, stable_hash


def _read_html(
    tmp_path: Path, content: str | bytes, name: str = "page.html", **kwargs: object
) -> Article | Failure:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    (result,) = read_sources([str(path)], **kwargs)  # type: ignore[arg-type]
    return result


def test_main_text_extracted_and_boilerplate_dropped(tmp_path: Path) -> None:
    article = _read_html(tmp_path, HTML_PAGE)
    assert isinstance(article, Article)
    assert "At least four people were killed and eleven were injured" in article.text
    for marker in ("NAV-MARKER", "FOOTER-MARKER", "SCRIPT-MARKER", "color: red"):
        assert marker not in article.text
    assert article.title == "Clashes reported near Varnel"
    assert article.published_at == date(2023, 4, 12)
    assert article.id == stable_hash(article.text)
    assert article.source == str(tmp_path / "page.html")


def test_published_at_argument_is_for_pages_that_carry_no_date(tmp_path: Path) -> None:
    dated = _read_html(tmp_path, HTML_PAGE, name="page.htm", published_at=date(2031, 7, 1))
    assert isinstance(dated, Article) and dated.published_at == date(2023, 4, 12)  # the page's own date
    bare = HTML_PAGE.replace('<meta property="article:published_time" content="2023-04-12T08:30:00Z">', "")
    undated = _read_html(tmp_path, bare, name="bare.htm", published_at=date(2031, 7, 1))
    assert isinstance(undated, Article) and undated.published_at == date(2031, 7, 1)


def test_broken_html_with_unclosed_tags_does_not_crash(tmp_path: Path) -> None:
    broken = (
        "<html><body><div><p>Protesters gathered in the square of Orlin <b>on Friday"
        "<p>Police in Orlin used tear gas to disperse the crowd<div><span>"
    )
    article = _read_html(tmp_path, broken)
    assert isinstance(article, Article)
    assert "Protesters gathered in the square of Orlin on Friday" in article.text
    assert "Police in Orlin used tear gas" in article.text


def test_fallback_to_body_text_when_trafilatura_finds_nothing(tmp_path: Path) -> None:
    tiny = (
        "<html><head><title>Dovra</title><script>SCRIPT-MARKER()</script></head>"
        "<body><nav>NAV-MARKER</nav><span>Shelling hit Dovra.</span></body></html>"
    )
    article = _read_html(tmp_path, tiny)
    assert isinstance(article, Article)
    assert article.text == "Shelling hit Dovra."
    assert article.title == "Dovra"


def test_html_without_any_text_is_a_failure(tmp_path: Path) -> None:
    failure = _read_html(tmp_path, "<html><head><script>x()</script></head><body>  </body></html>")
    assert isinstance(failure, Failure)
    assert failure.stage == "ingest"
    assert "no article text found in the HTML" in failure.error
    assert "save the article's text as a .txt file" in failure.error


def test_declared_legacy_charset_is_honoured(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"></head><body>'
        "<p>Caf\xe9 owners in Orlin closed their shops after the riot.</p></body></html>"
    )
    article = _read_html(tmp_path, page.encode("cp1252"))
    assert isinstance(article, Article)
    assert "Caf\u00e9 owners in Orlin" in article.text


def test_undeclared_invalid_utf8_html_is_a_failure(tmp_path: Path) -> None:
    failure = _read_html(tmp_path, b"<html><body><p>Caf\xe9 in Orlin</p></body></html>")
    assert isinstance(failure, Failure)
    assert "not valid UTF-8: byte 0xe9 at byte offset 18 (line 1)" in failure.error


def test_xml_declaration_is_tolerated(tmp_path: Path) -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>Shelling hit Dovra.</p></body></html>'
    article = _read_html(tmp_path, page)
    assert isinstance(article, Article) and article.text == "Shelling hit Dovra."
