"""The dashboard in headless Chromium, offline: markers on the map, the timeline, the table, filtering by date and
by brushing the timeline, an incident's sources with the evidence highlighted, a review with the token, and
hostile article text that must stay text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from web_watch import Watch

from dashboard_records import HOSTILE_TEXT, HOSTILE_TITLE, TOKEN

ROWS = "#events-table tbody tr"


def open_dashboard(page: Page, server: str, markers: int = 4) -> None:
    page.goto(server + "/")
    expect(page.locator(ROWS)).to_have_count(5)
    expect(page.locator("#map")).to_have_attribute("data-markers", str(markers))


def test_map_timeline_and_table(page: Page, server: str, watch: Watch, shoot: Callable[[str], Path]) -> None:
    open_dashboard(page, server)
    drawn = page.locator(".leaflet-overlay-pane path.kharita-marker").count()
    clustered = page.locator(".kharita-cluster").count()
    assert drawn + clustered >= 2 and drawn >= 1
    expect(page.locator("#timeline rect.bar")).to_have_count(5)
    expect(page.locator("#table-title")).to_have_text("5 incidents")
    expect(page.locator(".leaflet-overlay-pane path:not(.kharita-marker)").nth(100)).to_be_attached()  # outlines
    shoot("dashboard")
    assert watch.blocked, "the map should have tried the tile server (and been refused)"
    assert not watch.errors and not watch.dialogs


def test_filter_by_date_and_by_brushing_the_timeline(page: Page, server: str, watch: Watch,
                                                      shoot: Callable[[str], Path]) -> None:
    open_dashboard(page, server)
    page.fill("#f-since", "2024-03-01")
    page.fill("#f-until", "2024-05-31")
    expect(page.locator(ROWS)).to_have_count(3)
    expect(page.locator("#map")).to_have_attribute("data-markers", "2")  # one of the three has no place
    expect(page.locator("#timeline rect.bar")).to_have_count(3)
    first_bar = page.locator("#timeline rect.bar").first.bounding_box()
    assert first_bar is not None
    y = first_bar["y"] + first_bar["height"] / 2
    page.mouse.move(first_bar["x"] - 6, y)
    page.mouse.down()
    page.mouse.move(first_bar["x"] + first_bar["width"] / 2, y, steps=4)
    page.mouse.move(first_bar["x"] + first_bar["width"] + 6, y, steps=4)
    page.mouse.up()
    expect(page.locator("#brush-label")).to_contain_text("Selected: 2024-03")
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS).first).to_contain_text("Armed clash")
    expect(page.locator("#map")).to_have_attribute("data-markers", "1")
    shoot("brushed")
    page.click("#brush-clear")
    expect(page.locator(ROWS)).to_have_count(3)
    assert not watch.errors and not watch.dialogs


def test_event_page_shows_evidence_and_takes_a_review(page: Page, server: str, watch: Watch,
                                                      shoot: Callable[[str], Path]) -> None:
    open_dashboard(page, server)
    page.locator(ROWS, has_text="Attack").click()
    expect(page.locator("#event-view")).to_be_visible()
    expect(page.locator("#ev-sources .source")).to_have_count(2)
    marks = page.locator("#ev-sources mark.evidence")
    expect(marks).to_have_count(2)
    expect(marks.first).to_contain_text("Gunmen on motorcycles attacked worshippers")
    expect(page.locator("#ev-history li[data-action=merge]")).to_have_count(1)
    expect(page.locator("#ev-status")).to_have_text("unreviewed")
    page.fill("#review-token", "wrong-token")
    page.click("#btn-verify")
    expect(page.locator("#review-message")).to_contain_text("wrong token")
    page.fill("#review-token", TOKEN)
    page.click("#btn-verify")
    expect(page.locator("#ev-status")).to_have_text("verified")
    expect(page.locator("#ev-history li[data-action=edit]")).to_contain_text("unreviewed → verified")
    shoot("event")
    page.reload()
    expect(page.locator("#ev-status")).to_have_text("verified")  # stored by the server
    page.click("a.back")
    expect(page.locator(ROWS, has_text="Attack")).to_contain_text("verified")
    assert [e for e in watch.errors if "401" not in e] == [] and not watch.dialogs  # 401: the wrong token


def test_bannu_evidence_offsets_count_code_points(page: Page, server: str, watch: Watch) -> None:
    page.goto(server + "/#/event/ev-bannu")
    marks = page.locator("#ev-sources mark.evidence")
    expect(marks).to_have_count(3)
    expect(marks.nth(2)).to_have_text("Residents said")  # after an emoji: offsets are code points
    assert not watch.errors


def test_hostile_article_text_cannot_run_script(page: Page, server: str, watch: Watch,
                                                shoot: Callable[[str], Path]) -> None:
    open_dashboard(page, server)
    expect(page.locator(ROWS, has_text="<img src=x")).to_have_count(1)  # an actor's name, shown as text
    page.goto(server + "/#/event/ev-hostile")
    text = page.locator("#ev-sources .article-text")
    expect(text).to_have_text(HOSTILE_TEXT)
    expect(page.locator("#ev-sources h3")).to_have_text("1. " + HOSTILE_TITLE)
    expect(page.locator("#ev-sources mark.evidence").first).to_have_text("</script><script>window.__pwned=2"
                                                                         "</script>")
    assert page.locator("#ev-sources img, #ev-sources script, #ev-sources svg").count() == 0
    assert page.locator("#ev-sources a[href^='javascript']").count() == 0  # the javascript: URL is dropped
    expect(page.locator("#ev-subtitle")).to_contain_text('<svg onload="window.__pwned=5">')
    shoot("hostile-event")
    page.goto(server + "/")
    page.fill("#f-text", "mogadishu")
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator("#map")).to_have_attribute("data-markers", "1")
    page.locator(".leaflet-overlay-pane path.kharita-marker").click()
    expect(page.locator(".leaflet-popup-content")).to_contain_text('<svg onload="window.__pwned=5">')
    assert page.locator(".leaflet-popup-content svg, .leaflet-popup-content img").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert not watch.dialogs and not watch.errors


def test_the_server_sends_a_strict_content_security_policy(page: Page, server: str, watch: Watch) -> None:
    response: Any = page.goto(server + "/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe" not in policy
    page.goto(server + "/docs")
    expect(page.locator(".swagger-ui .title")).to_contain_text("kharita")  # Swagger UI, served locally
    assert not watch.errors
