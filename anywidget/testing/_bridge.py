"""A local HTTP bridge between a browser page and a live widget in this process (through `FrontEnd`).

The page (page.html, page.js) fetches the widget's state, long-polls for what the kernel sends,
and posts what widget code does. Model updates are posted with a synchronous request, so by
the time a browser action (a click) returns, the widget in Python has the new value.
Binary values cross as ``{"__anywidget_bytes__": "<base64>"}`` in both directions. Only the
bridge's own page is served (see `_access`).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from ._access import Access, Refused, body_length, event_index, require_json
from ._frontend import CommandError, FrontEnd

if TYPE_CHECKING:
    from ..widget import AnyWidget

BYTES_KEY = "__anywidget_bytes__"
# How long one long-poll waits for news before answering empty (the page then asks again).
POLL_SECONDS = 5.0
_ASSETS = {
    "": ("page.html", "text/html; charset=utf-8"),
    "page.js": ("page.js", "text/javascript; charset=utf-8"),
}
_ACTIONS = frozenset({"update", "send", "invoke", "error"})


def encode(value: Any) -> Any:
    """`value` as JSON the page decodes, binary marked."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {BYTES_KEY: base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    return value


def decode(value: Any) -> Any:
    """JSON from the page with its marked binary as bytes."""
    if isinstance(value, dict):
        if set(value) == {BYTES_KEY}:
            return base64.b64decode(value[BYTES_KEY])
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


class Bridge:
    """Serves one widget to browser pages on 127.0.0.1 until `close`."""

    def __init__(self, widget: AnyWidget) -> None:
        self.widget = widget
        self.front_end = FrontEnd(widget)
        self.errors: list[str] = []
        self._events: list[dict[str, Any]] = []
        self._news = threading.Condition()
        self._act = threading.Lock()
        self._unsubscribe = self.front_end.subscribe(self._record)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self.access = Access(int(self._server.server_address[1]))
        # A short poll interval: `close` (which waits for the loop to notice) stays quick.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """The page showing the widget (its path holds the secret every request must carry)."""
        return f"http://127.0.0.1:{self.access.port}{self.access.prefix}"

    def close(self) -> None:
        """Stop serving (the widget stays open)."""
        self._unsubscribe()
        with self._news:
            self._events.append({"kind": "close"})
            self._news.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def _record(self, kind: str, payload: Any, buffers: list[bytes]) -> None:
        with self._news:
            self._events.append(
                {"kind": kind, "payload": encode(payload), "buffers": encode(buffers)}
            )
            self._news.notify_all()

    def snapshot(self) -> dict[str, Any]:
        """The state the page starts from, and the count of events it already includes."""
        with self._news:
            return {"state": encode(self.front_end.state), "next": len(self._events)}

    def events_after(self, start: int) -> dict[str, Any]:
        """Events from index `start`, waiting up to POLL_SECONDS for one."""
        deadline = time.monotonic() + POLL_SECONDS
        with self._news:
            while len(self._events) <= start:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._news.wait(left)
            return {"events": self._events[start:], "next": len(self._events)}

    def act(self, action: str, body: dict[str, Any]) -> Any:
        """Do what the page's widget code did."""
        with self._act:
            if action == "update":
                self.front_end.update(decode(body["state"]))
                return {}
            if action == "send":
                self.front_end.send(decode(body.get("content")), decode(body.get("buffers") or []))
                return {}
            if action == "invoke":
                try:
                    response, buffers = self.front_end.invoke(
                        str(body["name"]),
                        decode(body.get("msg")),
                        decode(body.get("buffers") or []),
                    )
                except CommandError as error:
                    return {"error": {"type": error.kind, "message": error.message}}
                return {"response": encode(response), "buffers": encode(buffers)}
            if action == "error":
                self.errors.append(str(body.get("message")))
                return {}
        raise LookupError(f"unknown action {action!r}")


def _handler_for(bridge: Bridge) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            try:
                url = urlparse(self.path)
                route = self._route(url.path)
                if route in _ASSETS:
                    name, kind = _ASSETS[route]
                    text = resources.files(__package__).joinpath(name).read_bytes()
                    self._reply(HTTPStatus.OK, text, kind)
                elif route == "state":
                    self._json(bridge.snapshot())
                elif route == "events":
                    self._json(bridge.events_after(event_index(url.query)))
                else:
                    raise Refused(HTTPStatus.NOT_FOUND, "not found")
            except Refused as refused:
                self._refuse(refused)

        def do_POST(self) -> None:
            try:
                action = self._route(urlparse(self.path).path)
                require_json(self.headers.get("content-type"))
                length = body_length(self.headers.get("content-length"))
                if action not in _ACTIONS:
                    raise Refused(HTTPStatus.NOT_FOUND, f"no action {action!r}")
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except (ValueError, RecursionError):
                    body = None
                if not isinstance(body, dict):
                    raise Refused(HTTPStatus.BAD_REQUEST, "the body must be a JSON object")
            except Refused as refused:
                self._refuse(refused)
                return
            try:
                result = bridge.act(action, body)
            except Exception as error:  # reported to the page, which throws it in widget code
                message = f"{type(error).__name__}: {error}".encode()
                self._reply(HTTPStatus.INTERNAL_SERVER_ERROR, message, "text/plain")
                return
            self._json(result)

        def _route(self, path: str) -> str:
            return bridge.access.route(self.headers.get("host"), self.headers.get("origin"), path)

        def _refuse(self, refused: Refused) -> None:
            # The connection closes: a refused POST's body is not read.
            self.close_connection = True
            self._reply(refused.status, refused.reason.encode(), "text/plain; charset=utf-8")

        def _json(self, value: Any) -> None:
            self._reply(HTTPStatus.OK, json.dumps(value).encode(), "application/json")

        def _reply(self, status: HTTPStatus, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(body)))
            self.send_header("cache-control", "no-store")
            self.send_header("x-content-type-options", "nosniff")
            # Requests the widget's code makes elsewhere do not carry the secret in a Referer.
            self.send_header("referrer-policy", "no-referrer")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    return Handler
