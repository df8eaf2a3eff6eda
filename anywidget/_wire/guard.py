"""Messages from the page checked before a widget acts on them: malformed ones are dropped and
each kind of problem is reported once per widget.

Anyone who can reach the kernel websocket can send a widget anything; a message ipywidgets would
choke on (raising inside the comm handler, once per message) is refused here instead.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable

from .chunks import Uploads, reassemble
from .protocol import CHUNK_METHOD, CSS_KEY, ESM_KEY, ID_KEY

if TYPE_CHECKING:
    from collections.abc import Container
    from typing import TypeGuard

log = logging.getLogger(__name__)

_METHODS = frozenset({"update", "request_state", "custom", CHUNK_METHOD})

# Keys the kernel owns: what code a widget runs and which classes show it. A page writing them
# would change the code every other page viewing the widget runs.
PROTECTED_KEYS = frozenset(
    {
        ESM_KEY,
        CSS_KEY,
        ID_KEY,
        "_model_name",
        "_model_module",
        "_model_module_version",
        "_view_name",
        "_view_module",
        "_view_module_version",
    }
)

_SHOWN = 200  # characters of a bad value or error quoted in a report


class Problem(ValueError):
    """A message refused before the widget saw it; `kind` names the sort of problem."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def shorten(text: str, limit: int = _SHOWN) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


class Reports:
    """Reports problems with one widget's messages, once per kind."""

    def __init__(
        self, owner: str, logger: logging.Logger | logging.LoggerAdapter[Any] | None = None
    ) -> None:
        self._owner = owner
        self._log = logger or log
        self._seen: set[str] = set()

    def report(self, kind: str, detail: str) -> None:
        if kind in self._seen:
            return
        self._seen.add(kind)
        self._log.warning(
            "anywidget: %s in a message to %s (reported once per widget): %s",
            kind,
            self._owner,
            shorten(detail),
        )


def admit(
    msg: dict[str, Any],
    uploads: Uploads,
    reply: Callable[[dict[str, Any]], None],
    reports: Reports,
    owned: Container[str] = PROTECTED_KEYS,
) -> dict[str, Any] | None:
    """`msg` as its widget should handle it, or None when there is nothing to handle yet.

    Chunks are put back together (None until the last one), malformed messages are dropped, and
    the keys in `owned` (those only the kernel sets) are taken out of updates; each kind of
    problem is reported once.
    """
    try:
        data = check(msg["content"].get("data"), msg.get("buffers") or [])
        if data["method"] == CHUNK_METHOD:
            whole = reassemble(uploads, msg, reply, reports.report)
            if whole is None:
                return None
            msg = whole
            data = check(msg["content"]["data"], msg["buffers"])
            if data["method"] == CHUNK_METHOD:
                raise Problem("malformed message", "a chunk inside a chunked message")
    except Problem as problem:
        reports.report(problem.kind, f"dropped: {problem.detail}")
        return None
    if data["method"] == "update":
        state, refused = without_protected(data["state"], owned)
        if refused:
            reports.report(
                "protected key", f"ignored {', '.join(refused)}: only the kernel sets them"
            )
            msg = {**msg, "content": {**msg["content"], "data": {**data, "state": state}}}
    return msg


def check(data: object, buffers: list[Any]) -> dict[str, Any]:
    """`data` if the widget can act on it; raises `Problem` otherwise."""
    if not isinstance(data, dict):
        raise Problem("malformed message", f"expected an object, got {type(data).__name__}")
    method = data.get("method")
    if not isinstance(method, str) or method not in _METHODS:
        raise Problem("unknown method", repr(method))
    if method != "update":
        return data
    state = data.get("state")
    if not isinstance(state, dict):
        raise Problem("malformed message", f"an update whose state is {type(state).__name__}")
    paths = data.get("buffer_paths", [])
    _check_buffer_paths(state, paths, buffers)
    return data


def _check_buffer_paths(state: dict[str, Any], paths: object, buffers: list[Any]) -> None:
    # ipywidgets puts buffers into the state by walking each path; every step must exist.
    if not isinstance(paths, list) or len(paths) != len(buffers):
        raise Problem("bad buffer paths", f"{shorten(repr(paths))} for {len(buffers)} buffer(s)")
    for path in paths:
        if not isinstance(path, list) or not path:
            raise Problem("bad buffer paths", f"path {shorten(repr(path))}")
        container: Any = state
        for step in path[:-1]:
            container = _step(container, step, path)
        last = path[-1]
        if not (
            (isinstance(container, dict) and isinstance(last, str))
            or (isinstance(container, list) and _index_in(last, container))
        ):
            raise Problem("bad buffer paths", f"path {shorten(repr(path))}")


def _step(container: Any, step: object, path: list[Any]) -> Any:
    if isinstance(container, dict) and isinstance(step, str) and step in container:
        return container[step]
    if isinstance(container, list) and _index_in(step, container):
        return container[step]
    raise Problem("bad buffer paths", f"path {shorten(repr(path))}")


def _index_in(value: object, items: list[Any]) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(items)


def without_protected(
    state: dict[str, Any], owned: Container[str] = PROTECTED_KEYS
) -> tuple[dict[str, Any], list[str]]:
    """`state` minus the keys only the kernel may set (`owned`), and the names of those it had."""
    refused = [key for key in state if key in owned]
    if not refused:
        return state, refused
    return {key: value for key, value in state.items() if key not in owned}, refused
