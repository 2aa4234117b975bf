"""Feeds (kharita.ingest.feeds) and polling them (kharita.watch) against a real HTTP server on 127.0.0.1.

Extraction is replaced by a stub that stores each article without events, so no spaCy model is loaded: what
is tested here is which entries are fetched and stored, and which are remembered. The stories are invented.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest
from local_server import LocalServer, Reply, html
from sqlalchemy import create_engine, inspect

from kharita.errors import FetchError, InputError
from kharita.ingest.feeds import fetch_feed, parse_feed
from kharita.ingest.web import WebClient, WebOptions, canonical_url
from kharita.models import Article, Extraction
from kharita.store import FeedItem, Store, open_store
from kharita.store.engine import parse_url
from kharita.store.migrate import downgrade, upgrade
from kharita.watch import FeedPoll, WatchTotals, parse_duration, poll_feed, watch

STORIES = {
    "/news/kelso-bridge-blast": (
        "Blast damages bridge near Kelso Ford",
        ("An explosive device damaged a road bridge near the village of Kelso Ford early on Saturday, cutting "
         "the main supply route to three hill districts. No one was hurt, the provincial police chief said."),
    ),
    "/news/amberly-protest": (
        "Teachers march in Amberly over unpaid wages",
        ("Several hundred teachers marched to the governor's office in Amberly on Friday to demand four months "
         "of unpaid wages. The march ended peacefully after a delegation was received by officials."),
    ),
    "/news/tarn-valley-clash": (
        "Herders and farmers clash in Tarn Valley",
        ("Two people were killed when herders and farmers clashed over grazing land in the Tarn Valley on "
         "Thursday night, a local councillor said. Soldiers were sent to the area on Friday morning."),
    ),
}


def page(path: str) -> Reply:
    title, text = STORIES[path]
    return html(f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p>"
                "</article></body></html>")


def rss(server: LocalServer, paths: Iterable[str]) -> Reply:
    items = "".join(
        f"<item><title>{STORIES[p][0]}</title><link>{server.url(p)}?utm_source=rss</link>"
        f"<guid isPermaLink='false'>story-{p.rsplit('/', 1)[1]}</guid>"
        "<pubDate>Sat, 06 Apr 2024 07:30:00 +0000</pubDate></item>"
        for p in paths)
    body = (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Borderlands Wire</title>"
            f"<link>{server.base}/</link><description>Latest</description>{items}</channel></rss>")
    return Reply(body=body.encode(), content_type="application/rss+xml; charset=utf-8")


def atom(server: LocalServer, paths: Iterable[str]) -> Reply:
    entries = "".join(
        f"<entry><title>{STORIES[p][0]}</title><link rel='alternate' href='{p}'/>"
        f"<id>tag:wire.example.org,2024:{p}</id><updated>2024-04-05T18:00:00Z</updated></entry>"
        for p in paths)
    body = (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom' "
            f"xml:base='{server.base}/'><title>Valley Courier</title><id>urn:vc</id>"
            f"<updated>2024-04-05T18:00:00Z</updated>{entries}</feed>")
    return Reply(body=body.encode(), content_type="application/atom+xml")


FIRST_TWO = list(STORIES)[:2]
ALL_THREE = list(STORIES)


class NoWait:
    def __call__(self, seconds: float) -> None:
        return None


@pytest.fixture
def web() -> Iterator[WebClient]:
    options = WebOptions(connect_timeout=2.0, read_timeout=2.0, retries=1, backoff=0.01)
    with WebClient(options, sleep=NoWait()) as client:
        yield client


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    def stub_extract(articles: Iterable[Article], model: str | None = None) -> Iterator[Extraction]:
        return (Extraction(article) for article in articles)

    monkeypatch.setattr("kharita.ingest_run.extract", stub_extract)
    with open_store(f"sqlite:///{tmp_path / 'k.db'}") as opened:
        yield opened


def stored_titles(store: Store, tmp_path: Path) -> list[str]:
    engine = create_engine(parse_url(f"sqlite:///{tmp_path / 'k.db'}"))
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT title FROM articles ORDER BY title").all()
    engine.dispose()
    return [row[0] for row in rows]


# --- parsing ----------------------------------------------------------------------------------------------


def test_rss_entries(server: LocalServer, web: WebClient) -> None:
    url = server.route("/feed.xml", rss(server, FIRST_TWO))

    feed = fetch_feed(web, url)

    assert feed.title == "Borderlands Wire"
    assert [e.entry_id for e in feed.entries] == ["story-kelso-bridge-blast", "story-amberly-protest"]
    first = feed.entries[0]
    assert first.link == server.url("/news/kelso-bridge-blast") + "?utm_source=rss"
    assert (first.title, first.published_at) == ("Blast damages bridge near Kelso Ford", date(2024, 4, 6))


def test_atom_entries_with_relative_links(server: LocalServer, web: WebClient) -> None:
    url = server.route("/feed.atom", atom(server, FIRST_TWO))

    feed = fetch_feed(web, url)

    assert feed.title == "Valley Courier"
    assert [e.link for e in feed.entries] == [server.url(p) for p in FIRST_TWO]
    assert feed.entries[1].entry_id == "tag:wire.example.org,2024:/news/amberly-protest"
    assert feed.entries[1].published_at == date(2024, 4, 5)


def test_a_web_page_is_not_a_feed(server: LocalServer, web: WebClient) -> None:
    url = server.route("/news/kelso-bridge-blast", page("/news/kelso-bridge-blast"))

    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        fetch_feed(web, url)


def test_feed_bytes_never_taken_for_a_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "feed").write_text("<rss version='2.0'><channel><item><link>https://x.example/1</link></item>"
                                   "</channel></rss>")
    with pytest.raises(FetchError):
        parse_feed(b"feed", "https://example.org/feed")


# --- polling: only new entries ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_second_poll_ingests_only_the_new_item(server: LocalServer, web: WebClient, store: Store,
                                               tmp_path: Path, kind: str) -> None:
    make = rss if kind == "rss" else atom
    feed_url = server.route("/feed", make(server, FIRST_TWO))
    for path in STORIES:
        server.route(path, page(path))

    first = poll_feed(store, web, feed_url)
    again = poll_feed(store, web, feed_url)
    server.route("/feed", make(server, ALL_THREE))
    third = poll_feed(store, web, feed_url)

    assert (first.entries, first.new, first.summary.stored) == (2, 2, 2)
    assert (again.entries, again.new, again.summary.read) == (2, 0, 0)
    assert (third.entries, third.new, third.summary.stored) == (3, 1, 1)
    assert [server.hits[p] for p in STORIES] == [1, 1, 1]
    assert stored_titles(store, tmp_path) == sorted(title for title, _ in STORIES.values())
    assert "nothing new" in again.describe() and "1 new" in third.describe()


def test_the_same_story_in_two_feeds_is_fetched_once(server: LocalServer, web: WebClient, store: Store) -> None:
    rss_url = server.route("/feed.xml", rss(server, FIRST_TWO))
    atom_url = server.route("/feed.atom", atom(server, ALL_THREE))
    for path in STORIES:
        server.route(path, page(path))

    poll_feed(store, web, rss_url)
    other = poll_feed(store, web, atom_url)

    assert (other.new, other.known_elsewhere, other.summary.stored) == (1, 2, 1)
    assert [server.hits[p] for p in STORIES] == [1, 1, 1]
    assert poll_feed(store, web, atom_url).new == 0


def test_failed_for_now_is_retried_failed_for_good_is_not(server: LocalServer, web: WebClient,
                                                          store: Store) -> None:
    feed_url = server.route("/feed", rss(server, ALL_THREE))
    server.route("/news/kelso-bridge-blast", page("/news/kelso-bridge-blast"))
    server.route("/news/amberly-protest", Reply(status=503, content_type="text/plain"))
    # /news/tarn-valley-clash is not routed: 404, gone for good

    first = poll_feed(store, web, feed_url)
    assert (first.summary.stored, len(first.summary.failures), len(first.retry_later)) == (1, 1, 1)
    assert "HTTP 404" in first.summary.failures[0].error and "HTTP 503" in first.retry_later[0].error

    server.route("/news/amberly-protest", page("/news/amberly-protest"))
    second = poll_feed(store, web, feed_url)

    assert (second.new, second.summary.stored, second.failures) == (1, 1, [])
    assert server.hits["/news/tarn-valley-clash"] == 1
    assert len(store.failures()) == 1  # the 404, recorded once; the 503 was never stored


def test_an_unreadable_feed_is_reported(server: LocalServer, web: WebClient, store: Store) -> None:
    poll = poll_feed(store, web, server.url("/missing-feed"))

    assert poll.error is not None and "HTTP 404" in poll.error
    assert poll.describe().startswith(f"{server.url('/missing-feed')}: feed not read: ")


def test_watch_polls_until_interrupted(server: LocalServer, web: WebClient, store: Store) -> None:
    feed_url = server.route("/feed", rss(server, FIRST_TWO))
    for path in STORIES:
        server.route(path, page(path))
    reports: list[list[FeedPoll]] = []
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt

    totals = WatchTotals()
    with pytest.raises(KeyboardInterrupt):
        watch(store, web, [feed_url], every=60, once=False, report=reports.append, totals=totals, sleep=sleep)

    assert [[p.new for p in polls] for polls in reports] == [[2], [0]]
    assert 59 < waits[0] <= 60
    assert totals.describe().startswith("2 poll(s): 2 new entr(ies), 2 article(s) stored")


def test_watch_once(server: LocalServer, web: WebClient, store: Store) -> None:
    feed_url = server.route("/feed", rss(server, FIRST_TWO))
    for path in STORIES:
        server.route(path, page(path))

    totals = watch(store, web, [feed_url], every=60, once=True, report=lambda polls: None)

    assert (totals.polls, totals.stored) == (1, 2)


# --- the store and its migration ---------------------------------------------------------------------------


def test_feed_items_are_recorded_once(store: Store) -> None:
    item = FeedItem("https://wire.example.org/rss", "story-1", canonical_url("https://wire.example.org/1?utm_x=1"))

    assert store.record_feed_items([item, item]) == 1
    assert store.record_feed_items([item]) == 0
    assert store.known_feed_entries(item.feed_url, ["story-1", "story-2"]) == {"story-1"}
    assert store.known_feed_entries("https://other.example.org/rss", ["story-1"]) == set()
    assert store.known_feed_urls(["https://wire.example.org/1", "https://wire.example.org/2"]) == {
        "https://wire.example.org/1"}


def test_migration_0004_up_and_down(tmp_path: Path) -> None:
    engine = create_engine(parse_url(f"sqlite:///{tmp_path / 'm.db'}"))
    upgrade(engine)
    assert "feed_items" in inspect(engine).get_table_names()
    downgrade(engine, "0003")
    assert "feed_items" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert {c["name"] for c in inspect(engine).get_columns("feed_items")} == {
        "feed_url", "entry_id", "canonical_url", "first_seen"}
    engine.dispose()


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("1h30m", 5400),
                                              ("2d", 172800), ("45", 45), (" 1.5m ", 90)])
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "15 minutes", "m", "0s", "1h 30", "-5m", "5x"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(InputError, match="duration|no time"):
        parse_duration(text)
