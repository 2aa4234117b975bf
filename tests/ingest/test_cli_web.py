"""`kharita ingest --url/--urls` and `kharita watch` end to end: a real HTTP server on 127.0.0.1, the real
pipeline, a SQLite database in tmp_path. The reports are invented; the places are real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from local_server import LocalServer, Reply, html

from kharita.cli import cli

QUETTA_PATH = "/pakistan/2024/05/20/quetta-patrol-attack"
QUETTA = f"""<!DOCTYPE html><html><head>
<title>Gunmen kill two policemen in Quetta | Frontier Ledger</title>
<meta property="og:site_name" content="Frontier Ledger">
<meta property="article:published_time" content="2024-05-21T06:00:00Z">
<link rel="canonical" href="{QUETTA_PATH}">
</head><body><article>
<h1>Gunmen kill two policemen in Quetta</h1>
<p>Unidentified gunmen opened fire on a police patrol in Quetta on Monday, killing two constables and
wounding a passer-by, police said.</p>
<p>The attackers escaped on motorcycles. No group has claimed responsibility for the attack.</p>
</article></body></html>
"""
GARISSA_PATH = "/kenya/2024/05/21/garissa-protest"
GARISSA = """<!DOCTYPE html><html><head><title>Traders protest in Garissa | Frontier Ledger</title>
<meta property="article:published_time" content="2024-05-21T16:00:00Z"></head><body><article>
<h1>Traders protest in Garissa</h1>
<p>Hundreds of traders protested outside the county offices in Garissa on Tuesday against new market fees.
The protest ended peacefully in the afternoon.</p>
</article></body></html>
"""


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def rss(server: LocalServer, *paths: str) -> Reply:
    items = "".join(f"<item><title>{p}</title><link>{server.url(p)}</link><guid>{p}</guid></item>" for p in paths)
    body = f"<rss version='2.0'><channel><title>Frontier Ledger</title>{items}</channel></rss>"
    return Reply(body=body.encode(), content_type="application/rss+xml")


@pytest.fixture
def pages(server: LocalServer) -> LocalServer:
    server.route(QUETTA_PATH, html(QUETTA))
    server.route(GARISSA_PATH, html(GARISSA))
    return server


def test_ingest_urls_then_watch_a_feed(pages: LocalServer, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'k.db'}"
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# evening run\n{pages.url('/gone')}\n")

    first = invoke("ingest", "--url", pages.url(QUETTA_PATH + "?utm_source=x"), "--urls", str(listing), "--db", db)

    assert first.exit_code == 1, first.output
    assert "2 article(s) read: 1 stored, 0 already stored, 1 failed" in first.stderr
    assert f"error: {pages.url('/gone')} [ingest]: " in first.stderr and "HTTP 404" in first.stderr
    events = json.loads(invoke("events", "--db", db, "--format", "json").stdout)
    assert [(e["location"]["name"], e["fatalities"]) for e in events] == [("Quetta", 2)]

    again = invoke("ingest", "--url", pages.url(QUETTA_PATH), "--db", db)
    assert again.exit_code == 0, again.output
    assert "1 article(s) read: 0 stored, 1 already stored, 0 failed" in again.stderr

    feed = pages.route("/rss.xml", rss(pages, QUETTA_PATH, GARISSA_PATH))
    watched = invoke("watch", feed, "--once", "--db", db)
    assert watched.exit_code == 0, watched.output
    assert "2 entries, 1 new, 1 already stored from elsewhere" in watched.stderr
    assert pages.hits[QUETTA_PATH] == 2 and pages.hits[GARISSA_PATH] == 1

    quiet = invoke("watch", feed, "--once", "--db", db)
    assert quiet.exit_code == 0 and "2 entries, nothing new." in quiet.stderr
    assert len(json.loads(invoke("events", "--db", db, "--format", "json").stdout)) == 2


def test_watch_stops_cleanly_on_ctrl_c(server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("kharita.watch._pause", interrupted)
    result = invoke("watch", server.url("/no-feed"), "--every", "30s", "--db", f"sqlite:///{tmp_path / 'k.db'}")

    assert result.exit_code == 0, result.output
    assert "feed not read" in result.stderr
    assert "stopped: 1 poll(s): 0 new entr(ies)" in result.stderr


@pytest.mark.parametrize("command", ["ingest", "watch"])
def test_help_has_example(command: str) -> None:
    result = invoke(command, "--help")

    assert result.exit_code == 0 and "Example" in result.stdout
    assert ("--url" if command == "ingest" else "--every") in result.stdout


def test_bad_duration_and_missing_inputs_are_usage_errors(tmp_path: Path) -> None:
    bad = CliRunner().invoke(cli, ["watch", "https://example.org/rss", "--every", "5x"])
    assert bad.exit_code == 2 and "not a duration" in bad.output

    empty = CliRunner().invoke(cli, ["ingest", "--db", f"sqlite:///{tmp_path / 'k.db'}"])
    assert empty.exit_code == 2 and "--url URL or --urls FILE" in empty.output
