"""A local HTTP bridge between a browser page and live widgets in this process (through `FrontEnd`).

The page (page.html, and static/page.js built from js/entries/test-page.ts: the front end that
ships) fetches a widget's state, long-polls for what the kernel sends, and posts what its comm
sends. It asks for the widget shown and for each widget that one refers to (its layout, children
through `host.getWidget`), one `FrontEnd` each. Comm messages are posted with a synchronous
request, so by the time a browser action (a click) returns, the widget in Python has the new
value. Binary values cross as ``{"__anywidget_bytes__": "<base64>"}`` in both directions. Only
the bridge's own page is served (see `_access`).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import urlparse

from .._core.compat import open_widgets
from ._access import Access, Refused, body_length, event_index, model_query, require_json
from ._frontend import CommandError, FrontEnd

if TYPE_CHECKING:
    from ..widget import AnyWidget

BYTES_KEY = "__anywidget_bytes__"
# How long one long-poll waits for news before answering empty (the page then asks again).
POLL_SECONDS = 5.0
_ASSETS = {
    "": ("page.html", "text/html; charset=utf-8"),
    "page.js": ("static/page.js", "text/javascript; charset=utf-8"),
}
_ACTIONS = frozenset({"comm", "update", "send", "invoke", "error"})


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


def _names(value: Any, model_id: str) -> bool:
    """Whether `value` holds a reference to `model_id` (``"IPY_MODEL_<id>"``, ``"anywidget:<id>"``)."""
    if isinstance(value, str):
        return value != model_id and value.endswith(model_id)
    if isinstance(value, dict):
        return any(_names(item, model_id) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_names(item, model_id) for item in value)
    return False


class Bridge:
    """Serves one widget, and the widgets it refers to, to browser pages on 127.0.0.1 until `close`."""

    def __init__(self, widget: AnyWidget) -> None:
        self.widget = widget
        self.front_end = FrontEnd(widget)
        self.errors: list[str] = []
        self._events: list[dict[str, Any]] = []
        self._news = threading.Condition()
        self._act = threading.Lock()
        self._served = {widget.model_id: self.front_end}
        self._unsubscribes = [self.front_end.subscribe(self._recorder(widget.model_id))]
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
        """Stop serving (the widgets stay open)."""
        for unsubscribe in self._unsubscribes:
            unsubscribe()
        with self._news:
            self._events.append({"kind": "close"})
            self._news.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def _recorder(self, model_id: str) -> Callable[[str, Any, list[bytes]], None]:
        def record(kind: str, payload: Any, buffers: list[bytes]) -> None:
            event = {"model": model_id, "kind": kind}
            event.update(payload=encode(payload), buffers=encode(buffers))
            with self._news:
                self._events.append(event)
                self._news.notify_all()

        return record

    def _front_end(self, model_id: str | None) -> FrontEnd:
        """The page of `model_id` (the widget shown if None), made when a served widget refers to it."""
        if model_id is None:
            return self.front_end
        with self._act:
            served = self._served.get(model_id)
            if served is not None:
                return served
            widget = open_widgets().get(model_id)
            if widget is None or not any(
                _names(page.state, model_id) for page in self._served.values()
            ):
                raise LookupError(f"no widget {model_id} among those the page shows")
            served = self._served[model_id] = FrontEnd(widget)
            self._unsubscribes.append(served.subscribe(self._recorder(model_id)))
            return served

    def snapshot(self, model_id: str | None = None) -> dict[str, Any]:
        """A widget's state for the page to start from, and the count of events it already includes."""
        front_end = self._front_end(model_id)
        with self._news:
            return {
                "model": front_end.widget.model_id,
                "state": encode(front_end.state),
                "next": len(self._events),
            }

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
        if action == "comm":
            # What the page's comm sends, as it sends it: updates, custom messages, chunks.
            front_end = self._front_end(str(body.get("model")))
            views = [memoryview(buffer) for buffer in decode(body.get("buffers") or [])]
            with self._act:
                front_end._deliver(decode(body.get("data")), views)
            return {}
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
                    try:
                        self._json(bridge.snapshot(model_query(url.query)))
                    except LookupError as error:
                        raise Refused(HTTPStatus.NOT_FOUND, str(error)) from None
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
