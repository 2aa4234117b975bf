"""Plain-text sources: .txt files, stdin, encodings, normalisation, read_article_text, looks_english."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from ingest_helpers import STORY, articles, failures

from kharita.errors import InputError
from kharita.ingest import STDIN_SOURCE, looks_english, normalise_text, read_article_text, read_sources
from kharita.models import Article, Failure, stable_hash


def _one(paths: list[str], **kwargs: object) -> Article | Failure:
    results = list(read_sources(paths, **kwargs))  # type: ignore[arg-type]
    assert len(results) == 1, results
    return results[0]


def test_txt_file_becomes_article_with_content_hash_id(tmp_path: Path) -> None:
    path = tmp_path / "varnel.txt"
    path.write_text(STORY + "\n", encoding="utf-8")
    article = _one([str(path)], published_at=date(2031, 5, 2))
    assert article == Article(
        id=stable_hash(STORY),
        text=STORY,
        title=None,
        url=None,
        published_at=date(2031, 5, 2),
        source=str(path),
    )


def test_same_text_same_id_regardless_of_line_endings(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"Line one.  \r\nLine two.\r\n")
    (tmp_path / "b.txt").write_bytes(b"Line one.\nLine two.")
    first, second = articles(read_sources([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]))
    assert first.text == second.text == "Line one.\nLine two."
    assert first.id == second.id == stable_hash("Line one.\nLine two.")


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + STORY.encode("utf-8"))
    article = _one([str(path)])
    assert isinstance(article, Article) and article.text == STORY


def test_utf16_with_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(("Protesters marched in Orlin on Friday.").encode("utf-16"))  # adds a BOM
    article = _one([str(path)])
    assert isinstance(article, Article) and article.text == "Protesters marched in Orlin on Friday."


def test_invalid_utf8_names_offset_line_and_iconv(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"First line.\nCaf\xe9 attacked in Orlin.\n")
    failure = _one([str(path)])
    assert isinstance(failure, Failure)
    assert (failure.article_id, failure.stage, failure.source) == (str(path), "ingest", str(path))
    assert "not valid UTF-8" in failure.error
    assert "byte 0xe9 at byte offset 15 (line 2)" in failure.error
    assert "iconv -f latin1 -t utf-8" in failure.error


def test_text_is_nfc_normalised_and_trailing_space_stripped(tmp_path: Path) -> None:
    path = tmp_path / "nfc.txt"
    path.write_text("Cafe\u0301 in Orlin   \n\n  \nSecond paragraph.\t\n\n", encoding="utf-8")
    article = _one([str(path)])
    assert isinstance(article, Article)
    assert article.text == "Caf\u00e9 in Orlin\n\n\nSecond paragraph."


def test_normalise_text_lone_carriage_returns_and_bom() -> None:
    assert normalise_text("\ufeffa\rb \r\nc") == "a\nb\nc"


def test_stdin_is_one_article() -> None:
    article = _one(["-"], stdin=io.StringIO(STORY + "\n"), published_at=date(2031, 1, 9))
    assert article == Article(
        id=stable_hash(STORY), text=STORY, published_at=date(2031, 1, 9), source=STDIN_SOURCE
    )


def test_empty_stdin_is_a_failure() -> None:
    failure = _one(["-"], stdin=io.StringIO(""))
    assert isinstance(failure, Failure)
    assert failure.article_id == STDIN_SOURCE
    assert failure.error.startswith("stdin is empty; pipe an article's text in")


def test_stdin_over_limit_is_a_failure() -> None:
    failure = _one(["-"], stdin=io.StringIO("word " * 100), max_bytes=50)
    assert isinstance(failure, Failure)
    assert "stdin is more than 50 characters" in failure.error
    assert "--max-bytes" in failure.error


def test_read_article_text_defaults_and_explicit_id() -> None:
    article = read_article_text("  Shelling hit Dovra.  \r\n", title=" Dovra ", published_at=date(2031, 3, 3))
    assert article == Article(
        id=stable_hash("Shelling hit Dovra."),
        text="Shelling hit Dovra.",
        title="Dovra",
        published_at=date(2031, 3, 3),
    )
    assert read_article_text("x", id="mine").id == "mine"


def test_read_article_text_rejects_blank_text() -> None:
    with pytest.raises(InputError, match="only whitespace"):
        read_article_text(" \n\t ")


def test_looks_english() -> None:
    assert looks_english(STORY)
    assert looks_english("Orlin Varnel Dovra")  # too short to judge
    terse = (
        "Gunmen killed five villagers in Tarsa district late Sunday, police spokesman Jon Amir said. "
        "Two suspects arrested. Security forces deployed to Tarsa and nearby Molo village after attack."
    )
    assert looks_english(terse)
    names = ("Two masked gunmen shot dead cleric Sheikh Abdirahman Yusuf Warsame Hassan near Baidoa's Isha "
             "District market late Friday night (July 4th), Radio Bay Online Somali service reported today.")
    assert looks_english(names)
    spanish = ("Tres hombres armados mataron a un maestro en la ciudad de Varnel el sábado por la noche, según "
               "informó la policía local, que citó a varios testigos del ataque.")
    french = ("Trois hommes armés ont tué un enseignant dans la ville de Varnel samedi soir, selon la police "
              "locale qui cite des témoins de l'attaque.")
    assert not looks_english(spanish) and not looks_english(french)
    german = (
        "Am Dienstag brachen in der Nähe der Stadt Varnel Kämpfe zwischen der Nordgarde und einer "
        "örtlichen Miliz aus, wie Behörden mitteilten. Mindestens vier Menschen wurden getötet."
    )
    assert not looks_english(german)
    french = (
        "Des affrontements ont éclaté mardi près de la ville de Varnel entre la garde du nord "
        "et une milice locale, selon les autorités. Au moins quatre personnes sont mortes "
        "pendant les combats, qui ont duré plusieurs heures dans la région."
    )
    assert not looks_english(french)


def test_missing_file_then_good_file_still_processed(tmp_path: Path) -> None:
    good = tmp_path / "ok.txt"
    good.write_text(STORY, encoding="utf-8")
    results = list(read_sources([str(tmp_path / "nope.txt"), str(good)]))
    (failure,) = failures(results)
    assert failure.error == (
        f"{tmp_path / 'nope.txt'}: no such file or directory; check the path "
        "(or pass '-' to read one article from stdin)"
    )
    assert [a.source for a in articles(results)] == [str(good)]


def test_normalise_text_drops_inline_tags_and_escaped_quotes() -> None:
    assert normalise_text('Six were <b>killed</b> on<br>Monday') == "Six were killed on\nMonday"
    assert normalise_text('\\"Two were shot,\\" he said.') == '"Two were shot," he said.'
    assert normalise_text("\\Gunmen attacked") == "Gunmen attacked"
    assert normalise_text("a < b and c > d in C:\\data") == "a < b and c > d in C:\\data"
