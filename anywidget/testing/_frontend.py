"""`FrontEnd`: a page in Python for unit tests, talking to a live widget through its comm, no kernel needed."""

from __future__ import annotations

import copy
import itertools
from typing import TYPE_CHECKING, Any, Callable

from comm.base_comm import BaseComm

from .._core.modules import store
from .._wire.protocol import (
    CHUNK_BYTES,
    CHUNK_ERROR_METHOD,
    CSS_KEY,
    ESM_KEY,
    REJECTED_KEY,
    WIDGET_PROTOCOL_VERSION,
    WIDGET_TARGET,
)
from ._wire import (
    chunk_messages,
    command_call,
    command_reply,
    put_buffers,
    remove_buffers,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from ..widget import AnyWidget

# Called with ("update", state, []), ("custom", content, buffers) or ("close", None, []).
Listener = Callable[[str, Any, list[bytes]], None]
_uploads = itertools.count(1)


class CommandError(Exception):
    """A command call the kernel answered with an error (`kind` is the Python exception's type name)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


class _PageComm(BaseComm):
    """The widget's end of the comm: what the kernel would publish goes to the page instead."""

    def __init__(self, page: FrontEnd, **kwargs: Any) -> None:
        self._page = page
        super().__init__(**kwargs)

    def publish_msg(
        self,
        msg_type: str,
        data: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        buffers: list[Any] | None = None,
        **keys: Any,
    ) -> None:
        self._page._receive(msg_type, data or {}, [bytes(b) for b in buffers or []])


class FrontEnd:
    """A fake page showing `widget`: it sees what a page would and acts as one does.

    Attaching replaces the widget's comm with one that delivers to this object, so
    everything goes through the widget's real message handling: validation and revert of
    rejected values, chunked messages, commands. No kernel and no browser are involved.

    Parameters
    ----------
    widget
        The widget to show.
    chunk_bytes
        Messages from the page larger than this are sent in chunks, as the real front
        end does (4 MiB there).

    Attributes
    ----------
    state : dict
        The page's view of the widget's synced state (binary values as bytes).
    updates : list of dict
        Each state update the kernel sent, in order.
    messages : list of (content, buffers)
        Custom messages widget code would receive (command replies and rejection
        reports are handled by the front end itself, so they are not here).
    rejected : dict
        Trait name to error message, for values the kernel refused and reverted.
    closed : bool
        Whether the widget closed its comm.

    A widget shows on one `FrontEnd` at a time: attaching another takes its comm over.

    Examples
    --------
    >>> page = FrontEnd(counter)
    >>> page.set("value", 3)
    >>> counter.value
    3
    """

    def __init__(self, widget: AnyWidget, *, chunk_bytes: int = CHUNK_BYTES) -> None:
        self.widget = widget
        self.chunk_bytes = chunk_bytes
        self.state: dict[str, Any] = {}
        self.updates: list[dict[str, Any]] = []
        self.messages: list[tuple[Any, list[bytes]]] = []
        self.rejected: dict[str, str] = {}
        self.chunk_errors: list[str] = []
        self.closed = False
        self._listeners: list[Listener] = []
        self._calling: str | None = None
        self._reply: dict[str, Any] | None = None
        self._calls = itertools.count(1)
        state, paths, buffers = remove_buffers(widget.get_state())
        widget.comm = _PageComm(
            self,
            target_name=WIDGET_TARGET,
            data={"state": state, "buffer_paths": paths},
            buffers=buffers,
            metadata={"version": WIDGET_PROTOCOL_VERSION},
            comm_id=widget.model_id,
        )

    def get(self, name: str) -> Any:
        """The page's value of trait `name` (binary as bytes)."""
        return self.state[name]

    def set(self, name: str, value: Any) -> None:
        """Set one trait as widget code does with `model.set(name, value); model.save_changes()`."""
        self.update({name: value})

    def update(self, values: Mapping[str, Any]) -> None:
        """Set several traits in one message."""
        state, paths, buffers = remove_buffers(dict(values))
        # The page holds its values before the kernel answers (e.g. by reverting one).
        self.state.update(put_buffers(copy.deepcopy(state), paths, buffers))
        self._send({"method": "update", "state": state, "buffer_paths": paths}, buffers)

    def send(self, content: Any, buffers: Iterable[Any] = ()) -> None:
        """Send a custom message, as `model.send(content, callbacks, buffers)` does."""
        self._send({"method": "custom", "content": content}, _views(buffers))

    def invoke(
        self, name: str, msg: Any = None, buffers: Iterable[Any] = ()
    ) -> tuple[Any, list[bytes]]:
        """Call the widget's command `name` as `experimental.invoke` does; returns `(response, buffers)`.

        Raises
        ------
        CommandError
            When the command raised, or the widget has no such command.
        TimeoutError
            When the kernel sent no reply (the real front end would wait for one).
        """
        call_id = f"front-end-{next(self._calls)}"
        self._calling = call_id
        try:
            content = command_call(call_id, name, msg)
            self._send({"method": "custom", "content": content}, _views(buffers))
        finally:
            self._calling = None
        reply = self._reply
        self._reply = None
        if reply is None:
            raise TimeoutError(f"the widget did not answer the call to {name!r}")
        error = reply.get("error")
        if isinstance(error, dict):
            raise CommandError(str(error.get("type")), str(error.get("message")))
        return reply.get("response"), reply["buffers"]

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(kind, payload, buffers)` for what widget code would see; returns the undo.

        `kind` is ``"update"`` (payload: the changed state), ``"custom"`` (payload: the
        message content) or ``"close"``.
        """
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _send(self, data: dict[str, Any], buffers: list[memoryview]) -> None:
        if self.closed:
            raise RuntimeError(f"{type(self.widget).__name__} is closed: its comm is gone")
        if sum(buffer.nbytes for buffer in buffers) <= self.chunk_bytes:
            self._deliver(data, buffers)
            return
        upload = f"{self.widget.model_id}:{next(_uploads)}"
        for chunk, piece in chunk_messages(data, buffers, upload, self.chunk_bytes):
            self._deliver(chunk, piece)

    def _deliver(self, data: dict[str, Any], buffers: list[memoryview]) -> None:
        comm = self.widget.comm
        comm.handle_msg({"content": {"comm_id": comm.comm_id, "data": data}, "buffers": buffers})

    def _receive(self, msg_type: str, data: dict[str, Any], buffers: list[bytes]) -> None:
        if msg_type == "comm_close":
            self.closed = True
            self._notify("close", None, [])
        elif msg_type == "comm_open":
            self._apply(data, buffers, record=False)
        elif data.get("method") == "update":
            self._apply(data, buffers, record=True)
        elif data.get("method") == "custom":
            self._custom(data.get("content"), buffers)
        elif data.get("method") == CHUNK_ERROR_METHOD:
            self.chunk_errors.append(str(data.get("error")))

    def _notify(self, kind: str, payload: Any, buffers: list[bytes]) -> None:
        for listener in list(self._listeners):
            listener(kind, payload, buffers)

    def _apply(self, data: dict[str, Any], buffers: list[bytes], *, record: bool) -> None:
        state = put_buffers(
            copy.deepcopy(data.get("state", {})), data.get("buffer_paths", []), buffers
        )
        # A page resolves `_esm`/`_css` module references to the text their module models hold.
        for key in (ESM_KEY, CSS_KEY):
            if key in state:
                state[key] = store.resolve(state[key])
        self.state.update(state)
        if record:
            self.updates.append(state)
            self._notify("update", state, [])

    def _custom(self, content: Any, buffers: list[bytes]) -> None:
        # What the runtime handles itself never reaches widget code: command replies, rejections.
        reply = None if self._calling is None else command_reply(content, self._calling)
        if reply is not None:
            self._reply = {**reply, "buffers": buffers}
        elif isinstance(content, dict) and REJECTED_KEY in content:
            self.rejected.update(content[REJECTED_KEY])
        else:
            self.messages.append((content, buffers))
            self._notify("custom", content, buffers)


def _views(buffers: Iterable[Any]) -> list[memoryview]:
    return [memoryview(buffer).cast("B") for buffer in buffers]
