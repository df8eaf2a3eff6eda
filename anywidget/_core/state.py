"""Trait values crossing the wire: child widgets sent as references, binary fitted to its trait."""

from __future__ import annotations

import weakref
from typing import Any

import ipywidgets
import traitlets

from .._wire.protocol import IPY_MODEL_PREFIX

_SCALARS = (str, int, float, bool, bytes, bytearray, memoryview, type(None))

# Per class, computed once: looking traits up on every message would cost more than the message.
_bytes_traits: weakref.WeakKeyDictionary[type, frozenset[str]] = weakref.WeakKeyDictionary()


def _bytes_trait_names(cls: type[traitlets.HasTraits]) -> frozenset[str]:
    names = _bytes_traits.get(cls)
    if names is None:
        names = frozenset(
            name for name, trait in cls.class_traits().items() if isinstance(trait, traitlets.Bytes)
        )
        _bytes_traits[cls] = names
    return names


def fit_binary_state(widget: traitlets.HasTraits, state: dict[str, Any]) -> dict[str, Any]:
    """Turn memoryviews aimed at `traitlets.Bytes` traits into bytes, which those traits require.

    ipywidgets hands binary frames over as memoryviews; other traits keep them as is (no copy).
    """
    if not any(isinstance(value, memoryview) for value in state.values()):
        return state
    names = _bytes_trait_names(type(widget))
    return {
        key: bytes(value) if key in names and isinstance(value, memoryview) else value
        for key, value in state.items()
    }


def to_json(value: Any, widget: object) -> Any:
    """Default serializer for synced traits: widgets anywhere in the value become references.

    Runs on every sync, so scalars return at once and containers are copied only on a change.
    """
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, ipywidgets.Widget):
        # ipywidgets' reference format: front ends resolve it with the widget manager.
        return f"{IPY_MODEL_PREFIX}{value.model_id}"
    if isinstance(value, dict):
        changed: dict[Any, Any] | None = None
        for key, item in value.items():
            converted = to_json(item, widget)
            if converted is not item:
                changed = changed if changed is not None else dict(value)
                changed[key] = converted
        return value if changed is None else changed
    if isinstance(value, (list, tuple)):
        items: list[Any] | None = None
        for index, item in enumerate(value):
            converted = to_json(item, widget)
            if converted is not item:
                items = items if items is not None else list(value)
                items[index] = converted
        return value if items is None else items
    return value


# Binary values the page sent are echoed back (for the page's other views and other clients)
# only up to this size: echoing an upload would send it all back to the page that has it.
ECHO_BINARY_LIMIT = 1024 * 1024


def without_large_binary(
    msg: dict[str, Any], buffers: list[Any], limit: int = ECHO_BINARY_LIMIT
) -> tuple[dict[str, Any], list[Any]]:
    """An `echo_update` message minus the keys whose binary values total more than `limit` bytes."""
    paths: list[list[Any]] = msg.get("buffer_paths") or []
    sizes: dict[Any, int] = {}
    for path, buffer in zip(paths, buffers):
        sizes[path[0]] = sizes.get(path[0], 0) + memoryview(buffer).nbytes
    large = {key for key, size in sizes.items() if size > limit}
    if not large:
        return msg, buffers
    kept = [(path, buffer) for path, buffer in zip(paths, buffers) if path[0] not in large]
    state = {key: value for key, value in msg["state"].items() if key not in large}
    return (
        {**msg, "state": state, "buffer_paths": [path for path, _ in kept]},
        [buffer for _, buffer in kept],
    )
