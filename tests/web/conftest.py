"""Fixtures for the dashboard tests: `kharita serve` in a subprocess on a free loopback port over the small test
database, and Playwright driving Debian's headless Chromium (never a downloaded browser) with every request
that does not go to loopback aborted (map tiles included: the dashboard must work offline).

Without /usr/bin/chromium the tests are skipped, unless KHARITA_REQUIRE_BROWSER=1 (set by .ci/run): then they
fail. Screenshots go to tests/web/screenshots/ (not committed)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.parse import urlparse
from urllib.request import urlopen

import pytest
from web_watch import Watch

from dashboard_records import TOKEN, fill

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
LOOPBACK = ("127.0.0.1", "localhost")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: apt-get install chromium (Debian's package; never `playwright install`)"
    if os.environ.get("KHARITA_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"{reason}; KHARITA_REQUIRE_BROWSER=1 says the browser tests must run")
    for item in items:
        if "tests/web/" in item.nodeid:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900}}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kharita serve exited with {process.returncode}")
        try:
            with urlopen(url, timeout=1):
                return
        except (URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"kharita serve did not answer at {url} within {seconds} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard's base URL; the default tile server (OpenStreetMap) is unreachable: routes abort it."""
    path = tmp_path_factory.mktemp("web") / "kharita.db"
    fill(f"sqlite:///{path}")
    port = _free_port()
    log = (tmp_path_factory.getbasetemp() / f"serve-{port}.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "kharita", "serve", "--db", f"sqlite:///{path}", "--port",
                                str(port), "--token", TOKEN], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/api/config", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def watch(page: Any) -> Watch:
    seen = Watch()

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if urlparse(url).hostname in LOOPBACK:
            request_route.continue_()
        else:
            seen.blocked.append(url)
            request_route.abort()

    def console(message: Any) -> None:
        if message.type == "error" and "net::ERR_FAILED" not in message.text:  # aborted tiles are expected
            seen.errors.append(message.text)

    def dialog(opened: Any) -> None:
        seen.dialogs.append(opened.message)
        opened.dismiss()

    page.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", lambda error: seen.errors.append(f"page error: {error}"))
    page.on("dialog", dialog)
    return seen


@pytest.fixture
def shoot(page: Any) -> Callable[[str], Path]:
    """Save a full-page screenshot as tests/web/screenshots/NAME.png."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        return target

    return take
