"""`Endpoint`: the kernel side of one widget model's comm, written once for `AnyWidget` and descriptor objects.

In: messages admitted by an `Inbox` (chunks, guard, reports), command calls answered. Out: plain
state through an `Outbox`, anything else after it, `_esm`/`_css` held in the module store, and
the mime bundle that displays the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Optional

from .._wire.commands import answer, command_request, malformed_request
from .._wire.inbox import Inbox
from .._wire.outbox import Outbox
from .._wire.protocol import CSS_KEY, ESM_KEY, REJECTED_KEY, WIDGET_VIEW_MIMETYPE
from .modules import held_by, host_resolves_modules, store
from .state import without_large_binary

if TYPE_CHECKING:
    import logging

    from .modules import ModuleModel

    Logger = logging.Logger | logging.LoggerAdapter[Any]

# Sends one comm message as it is: (data, buffers).
RawSend = Callable[[dict[str, Any], Optional[list[Any]]], None]
Bundle = tuple[dict[str, Any], dict[str, Any]]

_MODULE_KEYS = (ESM_KEY, CSS_KEY)


class Endpoint:
    """One widget model's wire: what the page sends it, and what it sends the page, in order.

    `send` puts a message on the comm as it is; `log` gives the logger problems are reported to
    (called when the first one is); `owner` names the model in those reports.
    """

    def __init__(self, owner: str, send: RawSend, log: Callable[[], Logger]) -> None:
        self.owner = owner
        self._raw = send
        self._log = log
        self._inbox: Inbox | None = None
        self._outbox: Outbox | None = None
        self._rejected: set[str] = set()

    # --- from the page

    @property
    def inbox(self) -> Inbox:
        """Chunked uploads in progress and the problems reported so far (made on first use)."""
        if self._inbox is None:
            self._inbox = Inbox(self.owner, self._reply, self._log())
        return self._inbox

    def receive(self, msg: dict[str, Any]) -> dict[str, Any] | None:
        """`msg` as the model should handle it, or None when there is nothing to handle (yet)."""
        return self.inbox.admit(msg)

    def report(self, kind: str, detail: str) -> None:
        """Report a problem with the page's messages (once per kind)."""
        self.inbox.reports.report(kind, detail)

    def call(self, obj: object, content: object, buffers: list[Any]) -> bool:
        """Answer `content` if it calls one of `obj`'s commands; False when it is no command call."""
        request = command_request(content)
        if request is None:
            return False
        problem = malformed_request(request)
        if problem is not None:
            self.report("bad command", problem)
        answer(obj, request, buffers, self._send_custom)
        return True

    def warn(self, message: str, *args: object) -> None:
        """Log a warning where this model's reports go."""
        self._log().warning(message, *args)

    def reject(self, rejected: dict[str, str]) -> None:
        """Report values the object refused, by name (once per name), and tell the page."""
        fresh = {name: text for name, text in rejected.items() if name not in self._rejected}
        if not fresh:
            return
        self._rejected.update(fresh)
        for name, text in fresh.items():
            self.warn("%s.%s rejected a value from the front end: %s", self.owner, name, text)
        self.send({"method": "custom", "content": {REJECTED_KEY: fresh}})

    # --- to the page

    @property
    def outbox(self) -> Outbox:
        """The model's plain-state updates, merged in a burst (made on first use)."""
        if self._outbox is None:
            self._outbox = Outbox(self.send_state)
        return self._outbox

    @outbox.setter
    def outbox(self, outbox: Outbox) -> None:
        self._outbox = outbox

    def send(self, msg: dict[str, Any], buffers: list[Any] | None = None) -> None:
        """Send `msg`: plain state may be merged with what follows in a burst; anything else
        leaves after the state merged so far, in the order sent."""
        if msg.get("method") == "update" and not buffers and not msg.get("buffer_paths"):
            self.outbox.update(msg["state"])
            return
        self.flush()
        self._send_now(msg, buffers)

    def send_state(self, state: dict[str, Any]) -> None:
        """Send plain `state` now, unmerged."""
        self._send_now({"method": "update", "state": state, "buffer_paths": []}, None)

    def flush(self) -> None:
        """Send merged state now (before another message, or when the model closes)."""
        if self._outbox is not None:
            self._outbox.flush()

    def _send_now(self, msg: dict[str, Any], buffers: list[Any] | None) -> None:
        if buffers and msg.get("method") == "echo_update":
            msg, buffers = without_large_binary(msg, buffers)
            if not msg["state"] and not buffers:
                return
        self._raw(msg, buffers)
        # The state naming new modules is out: the modules it replaced may close now.
        store.settle(self)

    def _reply(self, data: dict[str, Any]) -> None:
        self.flush()
        self._raw(data, None)

    def _send_custom(self, content: dict[str, Any], buffers: list[Any]) -> None:
        self.send({"method": "custom", "content": content}, buffers)

    # --- the model's code

    def hold_modules(self, state: dict[str, Any]) -> dict[str, Any]:
        """`state` (changed in place) with its `_esm`/`_css` text as references to module models,
        where the front ends showing widgets here resolve them."""
        if not host_resolves_modules():
            return state
        for key in _MODULE_KEYS:
            text = state.get(key)
            if isinstance(text, str):
                state[key] = store.hold(self, key, text)
        return state

    def settle(self) -> None:
        """Let go of the modules replaced by state that has been sent."""
        store.settle(self)

    def release(self) -> None:
        """Let go of every module the model holds (when it closes)."""
        store.release(self)

    @property
    def modules(self) -> dict[str, ModuleModel]:
        """The module models the model refers to now, by state key."""
        return held_by(self)

    # --- display

    @staticmethod
    def bundle(model_id: str, plain: str, html: str | None = None) -> Bundle:
        """The mime bundle (data, metadata) that displays the model's view."""
        data: dict[str, Any] = {"text/plain": plain}
        if html is not None:
            data["text/html"] = html
        data[WIDGET_VIEW_MIMETYPE] = {"version_major": 2, "version_minor": 1, "model_id": model_id}
        return data, {}
