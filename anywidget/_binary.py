"""Binary values arriving from the front end: fitted to the traits that receive them."""

from __future__ import annotations

import weakref
from typing import Any

import traitlets

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
