"""A real HTTP server on 127.0.0.1 (a random free port) for the web and feed tests, with canned answers.

Each path answers with a list of Replies, one per request in turn (the last one repeats); hits are counted per
path. Unknown paths, robots.txt included, answer 404.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    send_length: bool = True


def html(body: str, **kwargs: object) -> Reply:
    return Reply(body=body.encode("utf-8"), **kwargs)  # type: ignore[arg-type]


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status=status, content_type=None, headers={"Location": location})


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.hits: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, *replies: Reply) -> str:
        """Answer requests for ``path`` with ``replies`` in turn (the last repeats); returns its URL."""
        self.routes[path] = list(replies)
        return self.url(path)

    def _next_reply(self, path: str, user_agent: str) -> Reply:
        with self._lock:
            self.hits[path] += 1
            self.user_agents.append(user_agent)
            replies = self.routes.get(path)
            if not replies:
                return Reply(status=404, body=b"not found", content_type="text/plain")
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                reply = server._next_reply(urlsplit(self.path).path, self.headers.get("User-Agent", ""))
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.send_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                try:
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (size limit, timeout): what the test wanted

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler

    @contextmanager
    def running(self) -> Iterator[LocalServer]:
        thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._httpd.shutdown()
            self._httpd.server_close()
            thread.join(timeout=5)
