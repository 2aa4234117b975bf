"""Who may read and write, and the headers that keep article text from running as script.

Writes (reviews, ingest) need ``Authorization: Bearer TOKEN`` with the operator's token, compared in constant
time; without a configured token they are refused (403). Reads are public unless the server is started with
private reads, then they need the token too (401 without it).

Every response carries a Content-Security-Policy that allows scripts from the server itself only (no inline
script, no eval), so text from an article can never run as script even if it reached the page as markup.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
bearer = HTTPBearer(auto_error=False, scheme_name="token",
                    description="The token given to `kharita serve --token` (or KHARITA_API_TOKEN).")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


@dataclass(frozen=True)
class Access:
    token: str | None
    public_reads: bool

    @property
    def writes_enabled(self) -> bool:
        return self.token is not None


def content_security_policy(tile_url: str | None) -> str:
    """Scripts, styles and data from this server only; images also from the tile server."""
    images = " ".join(["'self'", "data:", *([tile_source(tile_url)] if tile_url else [])])
    return ("default-src 'none'; script-src 'self'; style-src 'self'; "
            f"img-src {images}; connect-src 'self'; font-src 'self'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def tile_source(tile_url: str) -> str:
    """The CSP source of a Leaflet tile URL template: its scheme and host, '{s}' subdomains as '*'."""
    parts = urlsplit(tile_url.replace("{s}", "x-subdomain"))
    if not parts.scheme or not parts.netloc:
        return "'self'"
    host = parts.netloc.replace("x-subdomain", "*")
    return f"{parts.scheme}://{host}"


def security_headers(csp: str) -> Callable[[Request, Callable[[Request], Awaitable[Response]]],
                                           Awaitable[Response]]:
    async def add_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in {**SECURITY_HEADERS, "Content-Security-Policy": csp}.items():
            if name not in response.headers:
                response.headers[name] = value
        return response

    return add_headers


def _access(request: Request) -> Access:
    access = request.app.state.access
    assert isinstance(access, Access)
    return access


def _check_token(access: Access, credentials: HTTPAuthorizationCredentials | None) -> None:
    if access.token is None:
        return
    if credentials is None:
        raise HTTPException(401, "this needs the server's token: send `Authorization: Bearer TOKEN`",
                            headers={"WWW-Authenticate": "Bearer"})
    given, expected = credentials.credentials.encode("utf-8"), access.token.encode("utf-8")
    if not hmac.compare_digest(given, expected):
        raise HTTPException(401, "wrong token: send the token the server was started with",
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def require_reader(request: Request, credentials: Credentials) -> None:
    access = _access(request)
    if not access.public_reads:
        _check_token(access, credentials)


def require_writer(request: Request, credentials: Credentials) -> None:
    access = _access(request)
    if access.token is None:
        raise HTTPException(403, "writes are disabled on this server: start it with `kharita serve --token "
                                 "TOKEN` (or KHARITA_API_TOKEN) to allow reviews and ingest")
    _check_token(access, credentials)
