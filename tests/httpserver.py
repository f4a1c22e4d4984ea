"""A real HTTP server on 127.0.0.1 for tests: register routes, read back the requests it got.

    server = LocalHTTPServer()            # or the `local_http` fixture (tests/verify/conftest.py)
    server.route("/doc.json", b'{"a": 1}', headers={"Content-Type": "application/json"})
    server.route("/old", status=301, headers={"Location": "/doc.json"})
    server.route("/slow", lambda handler: server.sleep(5))   # dynamic: the callable answers
    fetch(server.url("/doc.json"))
    assert server.requests == ["/doc.json"]
    server.stop()

Every connection is closed after one response (HTTP/1.0), so stopping never waits on a client.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

Handler = Callable[[BaseHTTPRequestHandler], None]


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the handler threads: nothing outlives a test
    block_on_close = True
    owner: LocalHTTPServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that give up early (timeouts, size caps) are what the tests provoke.
        pass


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 10  # a stuck client cannot keep a handler thread (and stop()) waiting forever

    def do_GET(self) -> None:
        self.server.owner._answer(self)

    do_POST = do_GET
    do_HEAD = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


class LocalHTTPServer:
    """A threaded HTTP server bound to 127.0.0.1 on a free port, serving registered routes."""

    host = "127.0.0.1"

    def __init__(self, *, tls: ssl.SSLContext | None = None) -> None:
        """Start serving at once; with `tls` (a server-side context) it speaks https."""
        self.requests: list[str] = []  # the request target (path and query) of every request
        self._routes: dict[str, tuple[int, dict[str, str], bytes] | Handler] = {}
        self._stopping = threading.Event()
        self._server = _Server((self.host, 0), _RequestHandler)
        self._server.owner = self
        self._scheme = "https" if tls else "http"
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        # A short poll interval keeps stop() (and so every test's teardown) fast.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/") -> str:
        """The absolute URL of `path` on this server."""
        return f"{self._scheme}://{self.host}:{self.port}{path}"

    def route(
        self,
        path: str,
        body: bytes | str | Handler = b"",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer `path` (query ignored) with status, headers and body, or let a callable answer."""
        # A callable `body` gets the BaseHTTPRequestHandler and writes the whole answer itself;
        # byte bodies get a Content-Length unless `headers` has one.
        if callable(body):
            self._routes[path] = body
        else:
            data = body.encode() if isinstance(body, str) else body
            self._routes[path] = (status, dict(headers or {}), data)

    def sleep(self, seconds: float) -> None:
        """Wait in a handler, cut short when the server stops (so teardown never hangs)."""
        self._stopping.wait(seconds)

    def stop(self) -> None:
        """Stop serving and join every thread; idempotent."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> LocalHTTPServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append(handler.path)
        route = self._routes.get(handler.path.split("?", 1)[0])
        if route is None:
            route = (404, {"Content-Type": "text/plain"}, b"not found")
        if callable(route):
            route(handler)
            return
        status, headers, body = route
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        if not any(name.lower() == "content-length" for name in headers):
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)
