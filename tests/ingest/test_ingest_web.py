"""kharita.ingest.web against a real HTTP server on 127.0.0.1: pages, canonical URLs, retries, limits, robots.

The pages are short reports of invented incidents written for these tests. Timeouts and waits are tiny (the
waits between retries are recorded by a fake sleep, not slept), so the whole file runs in a few seconds.
"""

from __future__ import annotations

import socket
import time
from datetime import date
from pathlib import Path

import pytest
from local_server import LocalServer, Reply, html, redirect

from kharita import __version__
from kharita.errors import FetchError
from kharita.ingest.web import (
    PageHint,
    WebClient,
    WebOptions,
    article_id,
    canonical_url,
    default_user_agent,
    fetch_article,
    read_url_list,
    read_urls,
)
from kharita.models import Article, Failure, stable_hash

ARTICLE_PATH = "/world/2024/05/21/dorvik-grenade-attack"
ARTICLE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Grenade attack on election office in Dorvik injures seven | The Meridian Courier</title>
<meta property="og:title" content="Grenade attack on election office in Dorvik injures seven">
<meta property="og:site_name" content="The Meridian Courier">
<meta property="article:published_time" content="2024-05-21T09:15:00Z">
<link rel="canonical" href="{ARTICLE_PATH}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> NAV-MARKER</nav>
<article>
<h1>Grenade attack on election office in Dorvik injures seven</h1>
<p>Unidentified attackers on a motorcycle threw a grenade at a district election office in the town of
Dorvik on Monday evening, injuring six staff members and a police guard, officials said.</p>
<p>The office had been preparing ballot papers for next month's local elections. No group has said it
carried out the attack, and police have set up checkpoints on the roads leading out of the town.</p>
<p>A spokesperson for the election commission said voting would go ahead as planned.</p>
</article>
<footer>FOOTER-MARKER Copyright The Meridian Courier</footer>
</body></html>
"""
PLAIN_TEXT = (
    "Police in the port city of Saltmere detained fourteen dock workers on Thursday after a strike "
    "meeting turned into a scuffle with private security guards, a union official said."
)


class FakeSleep:
    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleep() -> FakeSleep:
    return FakeSleep()


def client(sleep: FakeSleep, **options: object) -> WebClient:
    defaults: dict[str, object] = {"connect_timeout": 2.0, "read_timeout": 2.0, "backoff": 0.5, "max_wait": 3.0}
    return WebClient(WebOptions(**{**defaults, **options}), sleep=sleep)  # type: ignore[arg-type]


def only_failure(results: list[Article | Failure]) -> Failure:
    [failure] = results
    assert isinstance(failure, Failure), failure
    assert failure.stage == "ingest"
    return failure


# --- canonical URLs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTPS://News.Example.ORG:443/World/Story?b=2&a=1#comments", "https://news.example.org/World/Story?a=1&b=2"),
    ("http://example.org:80", "http://example.org/"),
    ("http://example.org:8080/a", "http://example.org:8080/a"),
    ("https://example.org/a?utm_source=rss&utm_medium=feed&id=7&fbclid=XyZ&gclid=1",
     "https://example.org/a?id=7"),
    ("https://example.org/a?MC_CID=1&_ga=2&page=", "https://example.org/a?page="),
    ("  https://user:secret@example.org/a  ", "https://example.org/a"),
    ("https://[2001:db8::1]:443/x", "https://[2001:db8::1]/x"),
])
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize("url", ["ftp://example.org/a", "news/story.html", "https://", "mailto:desk@example.org"])
def test_canonical_url_refuses_what_is_not_http(url: str) -> None:
    with pytest.raises(FetchError, match="not an http"):
        canonical_url(url)


def test_user_agent_names_kharita_version_and_contact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KHARITA_CONTACT", raising=False)
    assert default_user_agent().startswith(f"kharita/{__version__} (+https://")
    monkeypatch.setenv("KHARITA_CONTACT", "desk@example.org")
    assert default_user_agent().endswith("; contact: desk@example.org)")


def test_url_list_skips_comments_and_blank_lines(tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text("# morning run\nhttps://a.example.org/1\n\n  https://b.example.org/2  \n#https://c\n")

    assert read_url_list(listing) == ["https://a.example.org/1", "https://b.example.org/2"]


# --- a normal page ----------------------------------------------------------------------------------------


def test_article_page_text_metadata_and_canonical_id(server: LocalServer, sleep: FakeSleep) -> None:
    server.route(ARTICLE_PATH, html(ARTICLE))
    asked = server.url(ARTICLE_PATH + "?utm_source=rss&utm_campaign=may&fbclid=abc")

    with client(sleep) as web:
        article = fetch_article(web, asked)

    canonical = server.url(ARTICLE_PATH)
    assert article.url == canonical
    assert article.id == stable_hash(canonical) == article_id(asked)
    assert article.title == "Grenade attack on election office in Dorvik injures seven"
    assert article.published_at == date(2024, 5, 21)
    assert article.source == "The Meridian Courier"
    assert "Unidentified attackers on a motorcycle threw a grenade" in article.text
    assert "NAV-MARKER" not in article.text and "FOOTER-MARKER" not in article.text
    assert all(agent.startswith(f"kharita/{__version__} (+http") for agent in server.user_agents)


def test_rel_canonical_is_preferred_over_the_address_fetched(server: LocalServer, sleep: FakeSleep) -> None:
    """The same story at an AMP address and at its own: one id."""
    server.route(ARTICLE_PATH, html(ARTICLE))
    server.route("/amp" + ARTICLE_PATH, html(ARTICLE))

    with client(sleep) as web:
        first = fetch_article(web, server.url(ARTICLE_PATH))
        second = fetch_article(web, server.url("/amp" + ARTICLE_PATH + "#top"))

    assert first.id == second.id and first.url == second.url == server.url(ARTICLE_PATH)


def test_a_url_given_twice_is_fetched_once(server: LocalServer, sleep: FakeSleep) -> None:
    url = server.route(ARTICLE_PATH, html(ARTICLE))

    with client(sleep) as web:
        results = list(read_urls([url, url + "?utm_source=newsletter", url + "#comments"], client=web))

    assert [type(r) for r in results] == [Article]
    assert server.hits[ARTICLE_PATH] == 1


def test_plain_text_is_accepted_and_hints_fill_gaps(server: LocalServer, sleep: FakeSleep) -> None:
    url = server.route("/wire/saltmere.txt", Reply(body=PLAIN_TEXT.encode(), content_type="text/plain"))
    hint = PageHint(title="Dock workers detained in Saltmere", published_at=date(2024, 2, 8))

    with client(sleep) as web:
        article = fetch_article(web, url, hint=hint)

    assert article.text == PLAIN_TEXT
    assert (article.title, article.published_at, article.source) == (hint.title, hint.published_at,
                                                                      server.base.removeprefix("http://"))


def test_published_at_is_for_pages_that_carry_no_date(server: LocalServer, sleep: FakeSleep) -> None:
    url = server.route(ARTICLE_PATH, html(ARTICLE))
    page = ARTICLE.replace('<meta property="article:published_time" content="2024-05-21T09:15:00Z">', "")
    bare = server.route("/world/undated", html(page.replace(ARTICLE_PATH, "/world/undated")))

    with client(sleep) as web:
        dated = fetch_article(web, url, published_at=date(2024, 5, 30))
        undated = fetch_article(web, bare, published_at=date(2024, 5, 30))

    assert (dated.published_at, undated.published_at) == (date(2024, 5, 21), date(2024, 5, 30))


def test_charset_from_the_content_type_header(server: LocalServer, sleep: FakeSleep) -> None:
    page = ARTICLE.replace('<meta charset="utf-8">', "").replace("Dorvik on Monday", "Dorvik on Monday (café)")
    url = server.route(ARTICLE_PATH, Reply(body=page.encode("latin-1"), content_type="text/html; charset=ISO-8859-1"))

    with client(sleep) as web:
        article = fetch_article(web, url)

    assert "(café)" in article.text


def test_redirect_is_followed(server: LocalServer, sleep: FakeSleep) -> None:
    server.route(ARTICLE_PATH, html(ARTICLE))
    old = server.route("/story/1234", redirect(ARTICLE_PATH, 301))

    with client(sleep) as web:
        article = fetch_article(web, old)

    assert article.url == server.url(ARTICLE_PATH)


# --- failures: each one a Failure record that says what happened and what to do ---------------------------


def test_slow_server_times_out_and_is_retried(server: LocalServer, sleep: FakeSleep) -> None:
    url = server.route("/slow", html(ARTICLE, delay=1.0))

    started = time.monotonic()
    with client(sleep, read_timeout=0.1, retries=1) as web:
        failure = only_failure(list(read_urls([url], client=web)))

    assert time.monotonic() - started < 0.9
    assert server.hits["/slow"] == 2
    assert "too slow to answer" in failure.error and "--timeout" in failure.error
    assert (failure.article_id, failure.source) == (url, url)


def test_404_is_not_retried(server: LocalServer, sleep: FakeSleep) -> None:
    url = server.url("/world/no-such-story")

    with client(sleep) as web:
        failure = only_failure(list(read_urls([url], client=web)))

    assert server.hits["/world/no-such-story"] == 1
    assert "HTTP 404" in failure.error and "check the URL" in failure.error
    assert sleep.waits == []


def test_500_is_retried_with_backoff_then_fails(server: LocalServer, sleep: FakeSleep) -> None:
    url = server.route("/broken", Reply(status=500, body=b"oops", content_type="text/plain"))

    with client(sleep, retries=2) as web:
        failure = only_failure(list(read_urls([url], client=web)))

    assert server.hits["/broken"] == 3
    assert sleep.waits == [0.5, 1.0]
    assert "HTTP 500" in failure.error and "on all 3 attempts" in failure.error and "try again later" in failure.error


def test_503_then_200_succeeds_honouring_retry_after_within_the_cap(server: LocalServer, sleep: FakeSleep) -> None:
    busy = Reply(status=503, body=b"busy", content_type="text/plain", headers={"Retry-After": "120"})
    url = server.route(ARTICLE_PATH, busy, html(ARTICLE))

    with client(sleep, max_wait=3.0) as web:
        article = fetch_article(web, url)

    assert server.hits[ARTICLE_PATH] == 2
    assert sleep.waits == [3.0]
    assert article.title == "Grenade attack on election office in Dorvik injures seven"


@pytest.mark.parametrize(("retry_after", "wait"), [("2", 2.0), ("0", 0.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)])
def test_429_waits_as_asked(server: LocalServer, sleep: FakeSleep, retry_after: str, wait: float) -> None:
    slow_down = Reply(status=429, body=b"", content_type="text/plain", headers={"Retry-After": retry_after})
    url = server.route(ARTICLE_PATH, slow_down, html(ARTICLE))

    with client(sleep) as web:
        fetch_article(web, url)

    assert sleep.waits == [wait]


def test_redirect_loop(server: LocalServer, sleep: FakeSleep) -> None:
    url = server.route("/loop-a", redirect("/loop-b"))
    server.route("/loop-b", redirect("/loop-a"))

    with client(sleep) as web:
        failure = only_failure(list(read_urls([url], client=web)))

    assert "redirect loop" in failure.error
    assert f"{url} → {server.url('/loop-b')} → {url}" in failure.error
    assert server.hits["/loop-a"] == 1 and server.hits["/loop-b"] == 1


def test_too_many_redirects(server: LocalServer, sleep: FakeSleep) -> None:
    for hop in range(4):
        server.route(f"/hop{hop}", redirect(f"/hop{hop + 1}"))

    with client(sleep, max_redirects=2) as web, pytest.raises(FetchError, match="more than 2 redirects"):
        web.fetch(server.url("/hop0"))


@pytest.mark.parametrize("send_length", [True, False], ids=["content-length", "streamed"])
def test_huge_response_is_cut_off(server: LocalServer, sleep: FakeSleep, send_length: bool) -> None:
    body = b"<html><body><p>" + b"Crowds gathered in the square. " * 100_000 + b"</p></body></html>"
    url = server.route("/huge", Reply(body=body, send_length=send_length))

    with client(sleep, max_bytes=50_000) as web:
        failure = only_failure(list(read_urls([url], client=web)))

    assert "over the limit of 50,000 bytes" in failure.error and "--max-bytes" in failure.error
    assert server.hits["/huge"] == 1


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png"])
def test_non_html_is_refused(server: LocalServer, sleep: FakeSleep, content_type: str) -> None:
    url = server.route("/report", Reply(body=b"%PDF-1.7\x00\x01binary", content_type=content_type))

    with client(sleep) as web:
        failure = only_failure(list(read_urls([url], client=web)))

    assert f"is {content_type}, not a web page" in failure.error and "convert" in failure.error


def test_robots_txt_is_respected_and_read_once(server: LocalServer, sleep: FakeSleep) -> None:
    server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    private = server.route("/private/leak", html(ARTICLE))
    public = server.route(ARTICLE_PATH, html(ARTICLE))

    with client(sleep) as web:
        results = list(read_urls([private, public], client=web))

    failure, article = results
    assert isinstance(failure, Failure) and isinstance(article, Article)
    assert "closed to crawlers" in failure.error and "robots.txt" in failure.error
    assert server.hits["/private/leak"] == 0
    assert server.hits["/robots.txt"] == 1


def test_robots_txt_rules_for_kharita_by_name(server: LocalServer, sleep: FakeSleep) -> None:
    rules = b"User-agent: otherbot\nDisallow:\n\nUser-agent: kharita\nDisallow: /\n"
    server.route("/robots.txt", Reply(body=rules, content_type="text/plain"))
    url = server.route(ARTICLE_PATH, html(ARTICLE))

    with client(sleep) as web, pytest.raises(FetchError, match="closed to crawlers"):
        web.fetch(url)


def test_robots_txt_can_be_switched_off(server: LocalServer, sleep: FakeSleep) -> None:
    server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /\n", content_type="text/plain"))
    url = server.route(ARTICLE_PATH, html(ARTICLE))

    with client(sleep, robots=False) as web:
        assert web.fetch(url).body.startswith(b"<!DOCTYPE html>")
    assert server.hits["/robots.txt"] == 0


def test_page_without_text(server: LocalServer, sleep: FakeSleep) -> None:
    url = server.route("/empty", html("<html><head><title>Live</title></head><body><script>x()</script></body></html>"))

    with client(sleep) as web:
        failure = only_failure(list(read_urls([url], client=web)))

    assert "no article text found" in failure.error


def test_connection_refused(sleep: FakeSleep) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/story"

    with client(sleep, retries=1) as web, pytest.raises(FetchError, match="cannot connect") as raised:
        web.fetch(url)

    assert raised.value.retryable and sleep.waits == [0.5]


def test_batch_goes_on_after_failures(server: LocalServer, sleep: FakeSleep) -> None:
    good = server.route(ARTICLE_PATH, html(ARTICLE))
    urls = ["not a url", server.url("/gone"), good]

    with client(sleep) as web:
        results = list(read_urls(urls, client=web))

    assert [type(r) for r in results] == [Failure, Failure, Article]
    assert "not an http(s) URL" in results[0].error  # type: ignore[union-attr]
