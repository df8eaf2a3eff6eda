"""`ReprMimeBundle`: one object's widget comm, opened on first display, syncing the object with its views."""

from __future__ import annotations

import uuid
import warnings
from typing import TYPE_CHECKING, Any, Callable

from traitlets.log import get_logger
from typing_extensions import Protocol

from .._core.compat import create_comm
from .._core.endpoint import Endpoint
from .._core.placeholders import MISSING_ESM
from .._core.references import register_widget_kind, with_references
from .._wire.buffers import put_buffers, split_buffers
from .._wire.protocol import (
    CSS_KEY,
    ESM_KEY,
    ID_KEY,
    MODEL_NAME,
    MODULE_NAME,
    MODULE_VERSION_RANGE,
    VIEW_NAME,
    WIDGET_PROTOCOL_VERSION,
    WIDGET_TARGET,
)
from .state_sources import RefusedKeysError, StateSource, follow_changes, state_source

if TYPE_CHECKING:
    from collections.abc import Collection

    from comm.base_comm import BaseComm

    from .._sources.source import Source

_PROTOCOL_STATE = {
    "_model_module": MODULE_NAME,
    "_model_name": MODEL_NAME,
    "_model_module_version": MODULE_VERSION_RANGE,
    "_view_module": MODULE_NAME,
    "_view_name": VIEW_NAME,
    "_view_module_version": MODULE_VERSION_RANGE,
}

# Classes already told that they have no change notifier (told once per class).
_warned_unfollowed: set[str] = set()


class Options(Protocol):
    """What a connection reads from the `MimeBundleDescriptor` it was made by."""

    widget_id: str
    name: str
    no_view: bool
    follow_changes: bool
    autodetect_observer: bool
    sources: dict[str, Source]
    extra_state: dict[str, Any]


class ReprMimeBundle:
    """What ``obj._repr_mimebundle_`` is for an object whose class uses `MimeBundleDescriptor`.

    Calling it (as Jupyter does to display the object) opens the widget comm if needed and
    returns the widget view's mime bundle.
    """

    def __init__(
        self,
        ref: Callable[[], object | None],
        descriptor: Options,
        forget: Callable[[], object],
    ) -> None:
        self._ref = ref
        self._descriptor = descriptor
        self._forget = forget
        self._comm: BaseComm | None = None
        self._source: StateSource | None = None
        self._unfollow: Callable[[], None] | None = None
        self._unwatch: list[Callable[[], None]] = []
        self._js_to_py = False
        # State being applied from the front end: changes it causes are not echoed back.
        self._applying: dict[str, Any] | None = None
        self._opening_id: str | None = None
        # Reports go where widgets' go: the kernel application's log, as `AnyWidget.log`.
        self._endpoint = Endpoint(descriptor.widget_id, self._send_raw, get_logger)

    def __call__(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        obj = self._ref()
        if obj is None:
            return None
        opened = self._open(obj)
        if self._descriptor.no_view:
            return None
        return Endpoint.bundle(opened.comm_id, repr(obj))

    @property
    def model_id(self) -> str:
        """The id of the object's widget model (its comm), opening the comm if needed."""
        if self._comm is not None:
            return self._comm.comm_id
        if self._opening_id is not None:
            return self._opening_id
        obj = self._ref()
        if obj is None:
            raise ReferenceError("the object of this widget has been garbage-collected")
        return self._open(obj).comm_id

    @property
    def comm(self) -> BaseComm | None:
        """The open widget comm, if the object has been displayed."""
        return self._comm

    def send_state(self, include: str | Collection[str] | None = None) -> None:
        """Send the object's state (or the named parts of it) to its views."""
        obj = self._ref()
        if self._comm is None or obj is None:
            return
        names = [include] if isinstance(include, str) else include
        state = self._state_source(obj).get(obj, names)
        if names is not None:
            # A custom `_get_anywidget_state` may return more than it was asked for.
            state = {name: value for name, value in state.items() if name in names}
        self._send_update(state)

    def sync_object_with_view(self, py_to_js: bool = True, js_to_py: bool = True) -> None:
        """Follow the object's changes (`py_to_js`) and apply the views' changes (`js_to_py`)."""
        obj = self._ref()
        if obj is None:
            return
        self._js_to_py = js_to_py
        if py_to_js and self._unfollow is None:
            self._unfollow = follow_changes(obj, self._on_change)
            if self._unfollow is None:
                _warn_unfollowed(type(obj), self._descriptor)

    def unsync_object_with_view(self) -> None:
        """Stop syncing in both directions (the comm stays open)."""
        self._js_to_py = False
        unfollow, self._unfollow = self._unfollow, None
        if unfollow is not None:
            unfollow()

    def close(self) -> None:
        """Close the comm (views are removed) and stop syncing; displaying again reopens it."""
        self.unsync_object_with_view()
        for unwatch in self._unwatch:
            unwatch()
        self._unwatch.clear()
        self._endpoint.flush()
        closing, self._comm = self._comm, None
        if closing is not None:
            closing.close()
        self._endpoint.release()
        self._forget()

    def _handle_msg(self, msg: dict[str, Any]) -> None:
        """Every message the front end sends on this object's comm comes through here."""
        # Chunks put back together, malformed messages dropped, kernel-owned keys ignored.
        admitted = self._endpoint.receive(msg)
        if admitted is None:
            return
        msg = admitted
        data = msg["content"]["data"]
        method = data.get("method")
        if method == "update":
            state = dict(data.get("state", {}))
            # Buffers arrive as memoryviews of the message; objects keep their own bytes.
            buffers = [bytes(buffer) for buffer in msg.get("buffers") or []]
            put_buffers(state, data.get("buffer_paths", []), buffers)
            self._apply(state)
        elif method == "request_state":
            obj = self._ref()
            if obj is not None:
                self._send_update(self._full_state(obj))
        elif method == "custom":
            obj = self._ref()
            if obj is not None:
                self._endpoint.call(obj, data.get("content"), list(msg.get("buffers") or []))

    # --- internals

    def _state_source(self, obj: object) -> StateSource:
        if self._source is None:
            self._source = state_source(obj)
        return self._source

    def _open(self, obj: object) -> BaseComm:
        if self._comm is not None:
            return self._comm
        # The id is chosen first: objects that refer to each other (through references in their
        # state) open one another while reading their state, and need this one's id meanwhile.
        self._opening_id = self._opening_id or uuid.uuid4().hex
        try:
            state, paths, buffers = split_buffers(with_references(self._full_state(obj)))
            opened: BaseComm = create_comm(
                target_name=WIDGET_TARGET,
                data={"state": state, "buffer_paths": paths},
                metadata={"version": WIDGET_PROTOCOL_VERSION},
                buffers=buffers,
                comm_id=self._opening_id,
            )
        finally:
            self._opening_id = None
        self._endpoint.settle()
        opened.on_msg(self._handle_msg)
        opened.on_close(self._on_comm_closed)
        self._comm = opened
        self._watch_sources()
        if self._descriptor.follow_changes:
            self.sync_object_with_view(py_to_js=self._descriptor.autodetect_observer)
        return opened

    def _full_state(self, obj: object) -> dict[str, Any]:
        descriptor = self._descriptor
        sources = {
            key: source.live.text if source.live is not None else source.text
            for key, source in descriptor.sources.items()
        }
        code = {ESM_KEY: sources.get(ESM_KEY, MISSING_ESM), CSS_KEY: sources.get(CSS_KEY, "")}
        # As for AnyWidget: the text travels once per distinct content, in its module model.
        state: dict[str, Any] = {
            **_PROTOCOL_STATE,
            **self._endpoint.hold_modules(code),
            ID_KEY: descriptor.widget_id,
        }
        state.update(self._state_source(obj).get(obj, None))
        state.update(descriptor.extra_state)
        return state

    def _watch_sources(self) -> None:
        # File-backed `_esm`/`_css` (hot reload) and `%%vfile` cells update open views.
        for key, source in self._descriptor.sources.items():
            if source.live is not None:
                self._unwatch.append(source.live.subscribe(self._source_changed(key)))

    def _source_changed(self, key: str) -> Callable[[str, str], None]:
        def changed(old: str, new: str) -> None:
            if self._comm is not None:
                self._send_update(self._endpoint.hold_modules({key: new}))
                # Out now, not merged for later: the module it replaces may close only after.
                self._endpoint.flush()
                self._endpoint.settle()

        return changed

    def _on_change(self, name: str) -> None:
        obj = self._ref()
        if obj is None or self._comm is None:
            return
        state = self._state_source(obj).get(obj, [name])
        if name not in state:
            return
        applying = self._applying
        if applying is not None and name in applying and _same(applying[name], state[name]):
            return
        self._send_update(state)

    def _apply(self, state: dict[str, Any]) -> None:
        obj = self._ref()
        if obj is None or not self._js_to_py:
            return
        self._applying = state
        try:
            self._state_source(obj).set(obj, state)
        except RefusedKeysError as error:
            self._endpoint.report("unknown key", str(error))
        except Exception as error:  # a value the object refuses must not break the comm
            self._endpoint.warn(
                "%s rejected a change from the front end: %s", type(obj).__qualname__, error
            )
        finally:
            self._applying = None

    def _send_update(self, state: dict[str, Any]) -> None:
        if self._comm is None or not state:
            return
        stripped, paths, buffers = split_buffers(with_references(state))
        self._endpoint.send({"method": "update", "state": stripped, "buffer_paths": paths}, buffers)

    def _send_raw(self, data: dict[str, Any], buffers: list[Any] | None) -> None:
        if self._comm is not None:
            self._comm.send(data, buffers=buffers)

    def _on_comm_closed(self, msg: object) -> None:
        # The front end closed the comm: nothing is left to sync with until displayed again.
        self._comm = None
        self.unsync_object_with_view()
        self._endpoint.release()


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:  # e.g. arrays, whose comparison has no single truth value
        return False


def _warn_unfollowed(cls: type, descriptor: Options) -> None:
    name = f"{cls.__module__}.{cls.__qualname__}"
    if name in _warned_unfollowed:
        return
    _warned_unfollowed.add(name)
    warnings.warn(
        f"{cls.__qualname__} has no change notifier (a psygnal SignalGroup or traitlets "
        "`observe`), so its views show changes made in Python only after "
        f"obj.{descriptor.name}.send_state(); use anywidget.experimental.dataclass or "
        "psygnal.evented to follow them",
        stacklevel=2,
    )


# Values holding one of these are widgets to `WidgetTrait` and in references (see `_core.references`).
register_widget_kind(ReprMimeBundle)
