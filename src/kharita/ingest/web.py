"""Web pages → Article | Failure, fetched politely: timeouts, retries with backoff, a size limit, robots.txt,
a redirect limit, a User-Agent that names kharita. Main text, title and date come from ingest/htmltext.py;
the site name and <link rel="canonical"> from the page too.

    with WebClient(WebOptions(read_timeout=20)) as client:
        for item in read_urls(["https://news.example.org/2024/03/attack"], client=client):
            ...  # an Article (id from its canonical URL) or a Failure saying what went wrong and what to do

Importing this module opens no connection; a WebClient opens them as it fetches.
"""

from __future__ import annotations

import codecs
import email.utils
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from kharita import __version__
from kharita.errors import FetchError, InputError
from kharita.ingest.articles import ingest_failure, make_article
from kharita.ingest.htmltext import canonical_href, decode_html, extract_html
from kharita.ingest.reader import DEFAULT_MAX_BYTES
from kharita.ingest.text import check_not_binary, decode_text
from kharita.models import Article, Failure, stable_hash

log = logging.getLogger(__name__)

PROJECT_URL = "https://pypi.org/project/kharita/"
ROBOTS_AGENT = "kharita"
CONTACT_ENV = "KHARITA_CONTACT"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
PAGE_TYPES = HTML_TYPES | TEXT_TYPES
ROBOTS_MAX_BYTES = 512_000
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id",
    "ocid", "cmpid", "ncid", "ito", "s_cid", "sr_share", "ref_src", "ref_url", "smid", "spm",
})
_TRACKING_PREFIXES = ("utm_", "pk_", "hsa_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_GIVE_UP_STATUSES = frozenset({501, 505})
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_XML_START = re.compile(rb"^\s*<(\?xml|rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML_START = re.compile(rb"<(!doctype html|html|head|body)\b", re.IGNORECASE)


@dataclass(frozen=True)
class WebOptions:
    """How a WebClient fetches. ``retries`` are the tries after the first; waits double from ``backoff``
    seconds, and neither they nor a server's Retry-After exceed ``max_wait``."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 2
    backoff: float = 1.0
    max_wait: float = 60.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    user_agent: str | None = None
    robots: bool = True
    robots_ttl: float = 24 * 3600.0

    def __post_init__(self) -> None:
        if min(self.connect_timeout, self.read_timeout) <= 0:
            raise ValueError("timeouts must be positive numbers of seconds")
        if self.retries < 0 or self.max_redirects < 0 or self.max_bytes < 1:
            raise ValueError("retries and max_redirects must be >= 0, max_bytes >= 1")


@dataclass(frozen=True)
class Page:
    """A fetched response body: ``url`` as asked for, ``final_url`` after redirects, the media type
    (lower case, no parameters) and the charset the server declared."""

    url: str
    final_url: str
    content_type: str
    charset: str | None
    body: bytes


@dataclass(frozen=True)
class PageHint:
    """What a feed entry says about its page, used where the page itself says nothing."""

    title: str | None = None
    published_at: date | None = None


@dataclass(frozen=True)
class _Reply:
    url: str
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes = b""
    redirect: str | None = None
    attempts: int = 1


def default_user_agent(contact: str | None = None) -> str:
    """`kharita/VERSION (+URL)`, with `; contact: ...` from ``contact`` or $KHARITA_CONTACT when given."""
    contact = contact or os.environ.get(CONTACT_ENV, "").strip() or None
    extra = f"; contact: {contact}" if contact else ""
    return f"kharita/{__version__} (+{PROJECT_URL}{extra})"


# --- URLs ---------------------------------------------------------------------------------------------------


def canonical_url(url: str) -> str:
    """The URL normalised for identity: scheme and host in lower case, default port, fragment, user info and
    tracking parameters (utm_*, fbclid, gclid, ...) dropped, the query sorted, an empty path as '/'.

    FetchError for anything but an absolute http(s) URL.
    """
    parts = _split_http(url)
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    port = _port(parts, url)
    netloc = host if port is None or port == _DEFAULT_PORTS[parts.scheme.lower()] else f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))


def article_id(url: str) -> str:
    """The id of the article at ``url``: a hash of its canonical URL."""
    return stable_hash(canonical_url(url))


def read_url_list(path: Path) -> list[str]:
    """URLs from a file, one per line; blank lines and lines starting with '#' are skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"URL list {path} does not exist; check the path given to --urls") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read URL list {path} ({exc}); it must be a UTF-8 text file, one URL per line") from exc
    urls = [line.strip() for line in text.splitlines()]
    return [url for url in urls if url and not url.startswith("#")]


def _split_http(url: str) -> SplitResult:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        raise FetchError(url, f"{url!r} is not an http(s) URL; give a full address such as "
                              "https://news.example.org/2024/03/story (a local file goes without --url)")
    return parts


def _port(parts: SplitResult, url: str) -> int | None:
    try:
        port: int | None = parts.port
    except ValueError as exc:
        raise FetchError(url, f"{url!r} has an invalid port ({exc}); check the address") from exc
    return port


def _is_tracking(key: str) -> bool:
    lowered = key.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


# --- the client -----------------------------------------------------------------------------------------------


class WebClient:
    """A polite HTTP client for kharita. One client keeps its connections and robots.txt rules (per host, for
    ``robots_ttl`` seconds) between fetches; close it, or use it as a context manager."""

    def __init__(self, options: WebOptions | None = None, *, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.options = options or WebOptions()
        self._sleep = sleep
        timeout = httpx.Timeout(self.options.read_timeout, connect=self.options.connect_timeout)
        headers = {"User-Agent": self.options.user_agent or default_user_agent()}
        self._http = httpx.Client(timeout=timeout, headers=headers, follow_redirects=False, transport=transport)
        self._robots: dict[str, tuple[float, RobotFileParser]] = {}

    def fetch(self, url: str, *, accept: frozenset[str] = PAGE_TYPES, max_bytes: int | None = None) -> Page:
        """The body of ``url`` after redirects; FetchError saying what went wrong and what to do otherwise.
        A media type outside ``accept`` is refused before the body is read."""
        url = url.strip()
        _split_http(url)
        reply = self._follow(url, accept, max_bytes or self.options.max_bytes, check_robots=True)
        if not 200 <= reply.status < 300:
            raise FetchError(url, _status_message(url, reply), retryable=_retryable(reply.status))
        media, charset = _content_type(reply.headers)
        return Page(url, reply.url, media or _sniff(reply.body), charset, reply.body)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _follow(self, url: str, accept: frozenset[str] | None, max_bytes: int, *, check_robots: bool) -> _Reply:
        chain = [url]
        while True:
            if check_robots:
                self._check_robots(chain[-1], asked=url)
            reply = self._with_retries(chain[-1], accept, max_bytes)
            if reply.redirect is None:
                return reply
            _check_redirect(url, chain, reply.redirect, self.options.max_redirects)
            chain.append(reply.redirect)

    def _with_retries(self, url: str, accept: frozenset[str] | None, max_bytes: int) -> _Reply:
        attempt = 0
        while True:
            attempt += 1
            try:
                reply = replace(self._attempt(url, accept, max_bytes), attempts=attempt)
            except httpx.TransportError as exc:
                if attempt > self.options.retries:
                    raise FetchError(url, _transport_message(url, exc, attempt), retryable=True) from exc
                wait = self._backoff(attempt)
                log.info("%s: %s; retrying in %.1f s", url, _describe_transport(exc), wait)
            else:
                if not _retryable(reply.status) or attempt > self.options.retries:
                    return reply
                asked = _retry_after(reply.headers, self.options.max_wait)
                wait = self._backoff(attempt) if asked is None else asked
                log.info("%s: HTTP %d; retrying in %.1f s", url, reply.status, wait)
            self._sleep(wait)

    def _attempt(self, url: str, accept: frozenset[str] | None, max_bytes: int) -> _Reply:
        try:
            return self._stream(url, accept, max_bytes)
        except httpx.DecodingError as exc:
            raise FetchError(url, f"{url}: the server sent a body that cannot be decompressed ({exc}); "
                                  "try again later, or save the page from a browser and ingest the file") from exc
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"{url!r} is not a valid URL ({exc}); check the address") from exc

    def _stream(self, url: str, accept: frozenset[str] | None, max_bytes: int) -> _Reply:
        with self._http.stream("GET", url, headers={"Accept": _accept_header(accept)}) as response:
            reply = _Reply(url, response.status_code, response.reason_phrase, response.headers)
            if response.has_redirect_location and response.next_request is not None:
                return replace(reply, redirect=str(response.next_request.url))
            if not response.is_success:
                return reply
            if accept is not None:
                _check_type(url, response.headers, accept)
            return replace(reply, body=_read_body(url, response, max_bytes))

    def _backoff(self, attempt: int) -> float:
        return float(min(self.options.backoff * 2 ** (attempt - 1), self.options.max_wait))

    # --- robots.txt ---

    def _check_robots(self, url: str, *, asked: str) -> None:
        if not self.options.robots:
            return
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if not self._rules(origin).can_fetch(ROBOTS_AGENT, url):
            raise FetchError(asked, (
                f"{url} is closed to crawlers by {origin}/robots.txt, and kharita respects robots.txt; "
                "open the page in a browser, save it as .html and ingest that file instead"))

    def _rules(self, origin: str) -> RobotFileParser:
        cached = self._robots.get(origin)
        now = time.monotonic()
        if cached is not None and now - cached[0] < self.options.robots_ttl:
            return cached[1]
        rules = self._read_robots(origin)
        self._robots[origin] = (now, rules)
        return rules

    def _read_robots(self, origin: str) -> RobotFileParser:
        """RFC 9309: a 4xx answer (a missing robots.txt) allows everything; a server error closes the site."""
        robots_url = f"{origin}/robots.txt"
        reply = self._follow(robots_url, None, ROBOTS_MAX_BYTES, check_robots=False)
        rules = RobotFileParser(robots_url)
        if 400 <= reply.status < 500:
            rules.parse([])  # no rules: everything allowed
        elif reply.status >= 500:
            raise FetchError(robots_url, (
                f"{robots_url} answered HTTP {reply.status} {reply.reason} on {reply.attempts} attempt(s); "
                "until it can be read the site counts as closed to crawlers (RFC 9309), try again later"),
                retryable=True)
        else:
            rules.parse(reply.body.decode("utf-8", errors="replace").splitlines())
        return rules


def _check_redirect(url: str, chain: list[str], target: str, limit: int) -> None:
    if target in chain:
        loop = " → ".join([*chain[chain.index(target):], target])
        raise FetchError(url, f"{url}: redirect loop ({loop}); the site keeps sending kharita round in a "
                              "circle — open the URL in a browser and give the address it ends up at")
    if len(chain) > limit:
        raise FetchError(url, f"{url}: more than {limit} redirects ({' → '.join([*chain, target])}); "
                              "give the address the page ends up at")
    _split_http(target)


def _accept_header(accept: frozenset[str] | None) -> str:
    return "*/*" if accept is None else ", ".join(sorted(accept)) + ", */*;q=0.1"


def _content_type(headers: httpx.Headers) -> tuple[str, str | None]:
    value = headers.get("content-type", "")
    media, _, params = value.partition(";")
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", params, re.IGNORECASE)
    return media.strip().lower(), match.group(1).lower() if match else None


def _check_type(url: str, headers: httpx.Headers, accept: frozenset[str]) -> None:
    media, _ = _content_type(headers)
    if media and media not in accept:
        raise FetchError(url, (
            f"{url} is {media}, not a web page or plain text; kharita reads HTML and text — convert the "
            "document to text (e.g. `pdftotext file.pdf article.txt`) and ingest the file"))


def _read_body(url: str, response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, _too_big(url, f"{int(declared):,} bytes", max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, _too_big(url, f"more than {max_bytes:,} bytes", max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(url: str, size: str, max_bytes: int) -> str:
    return (f"{url} is {size}, over the limit of {max_bytes:,} bytes; stopped reading it. If it really is one "
            "article, raise the limit with --max-bytes")


def _sniff(body: bytes) -> str:
    head = body[:2048]
    if _XML_START.search(head):
        return "application/xml"
    return "text/html" if _HTML_START.search(head) else "text/plain"


def _retryable(status: int) -> bool:
    return status == 429 or (status >= 500 and status not in _GIVE_UP_STATUSES)


def _retry_after(headers: httpx.Headers, cap: float) -> float | None:
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), cap)


def _status_message(url: str, reply: _Reply) -> str:
    status = f"HTTP {reply.status} {reply.reason}".rstrip()
    tries = f" on all {reply.attempts} attempts" if reply.attempts > 1 else ""
    if reply.status in (404, 410):
        advice = "the page does not exist (any more); check the URL, or drop it if the article was taken down"
    elif reply.status in (401, 403):
        advice = ("the site refused access (a login or a block on automated clients); save the article from a "
                  "browser as .html and ingest that file")
    elif reply.status == 429:
        advice = "the site is rate-limiting kharita; wait a while and try again, or fetch fewer pages at a time"
    elif reply.status >= 500:
        advice = "the server failed; try again later"
    else:
        advice = "open the URL in a browser to see what the site answers"
    return f"{url} answered {status}{tries}: {advice}"


def _transport_message(url: str, exc: httpx.TransportError, attempts: int) -> str:
    return (f"{url}: {_describe_transport(exc)} on all {attempts} attempt(s); check the address and your "
            "connection, try again later, or allow more time with --timeout")


def _describe_transport(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "connecting timed out"
    if isinstance(exc, httpx.TimeoutException):
        return "the server was too slow to answer (read timed out)"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({exc})"
    return f"the connection failed ({type(exc).__name__}: {exc})"


# --- pages → articles -----------------------------------------------------------------------------------------


def fetch_article(client: WebClient, url: str, *, published_at: date | None = None,
                  hint: PageHint | None = None) -> Article:
    """The article at ``url``: main text, title, date and site name, id and url from its canonical URL (the
    page's <link rel="canonical"> when it gives one). ``published_at`` is the date for a page that gives none;
    ``hint`` (a feed entry) fills in what the page lacks. Raises FetchError or InputError."""
    page = client.fetch(url)
    hint = hint or PageHint()
    if page.content_type in TEXT_TYPES:
        text, title, page_date, site = _decode(page), hint.title, None, None
        canonical = canonical_url(page.final_url)
    else:
        html = _decode(page)
        content = extract_html(html, page.final_url)
        text, title, page_date, site = content.text, content.title or hint.title, content.published_at, \
            content.site_name
        canonical = _preferred_canonical(page.final_url, canonical_href(html))
    return make_article(text, id=stable_hash(canonical), source=site or _host(canonical), title=title,
                        url=canonical, published_at=page_date or hint.published_at, default_date=published_at)


def read_urls(urls: Iterable[str], *, client: WebClient,
              published_at: date | None = None) -> Iterator[Article | Failure]:
    """Articles from web pages, one per URL (a URL given twice, up to tracking parameters, is fetched once).
    Every problem becomes a Failure(stage="ingest") whose error says what happened and what to do."""
    seen: set[str] = set()
    for url in urls:
        try:
            key = canonical_url(url)
            if key in seen:
                log.info("%s: given twice; fetched once", url)
                continue
            seen.add(key)
            yield fetch_article(client, url, published_at=published_at)
        except InputError as exc:
            yield ingest_failure(url, str(exc), url)
        except Exception as exc:  # noqa: BLE001 — a bug or a library choking on an odd page: report, go on
            yield ingest_failure(url, unexpected_message(url, exc), url)


def unexpected_message(url: str, exc: Exception) -> str:
    return (f"unexpected {type(exc).__name__} while fetching {url}: {exc}; this is probably a bug in kharita, "
            "please report it together with the URL")


def _decode(page: Page) -> str:
    name = page.final_url
    html = page.content_type not in TEXT_TYPES
    if page.charset and not page.body.startswith(_BOMS):
        if not page.charset.startswith(("utf-16", "utf-32")):
            check_not_binary(page.body, name)
        try:
            return page.body.decode(page.charset)
        except (LookupError, UnicodeDecodeError):
            log.info("%s: not valid %s as declared; decoding it as a file", name, page.charset)
    return decode_html(page.body, name) if html else decode_text(page.body, name)


def _preferred_canonical(final_url: str, href: str | None) -> str:
    if href:
        try:
            return canonical_url(urljoin(final_url, href))
        except FetchError:
            log.info("%s: ignoring <link rel=canonical href=%r>, not an http(s) URL", final_url, href)
    return canonical_url(final_url)


def _host(url: str) -> str:
    return urlsplit(url).netloc
