"""`MimeBundleDescriptor`: any class becomes a widget; each displayed instance gets one comm to its view."""

from __future__ import annotations

import warnings
import weakref
from typing import TYPE_CHECKING, Any, Callable, overload

from .._sources.source import Source, resolve_source
from .._wire.protocol import CSS_KEY, ESM_KEY
from .connection import ReprMimeBundle

if TYPE_CHECKING:
    from collections.abc import Iterable

    from typing_extensions import Self

# One connection per live object, by id: a weak-key mapping would need hashable objects, and
# mutable dataclasses are not. An entry leaves when its object is garbage-collected.
_connections: dict[int, ReprMimeBundle] = {}


class MimeBundleDescriptor:
    """Assign as ``_repr_mimebundle_`` on any class to display its instances as widgets.

    Displaying an instance opens a widget comm (once per instance) carrying the object's state,
    `_esm` and `_css`; changes are synced both ways while the object lives, and the comm closes
    when the object is garbage-collected.

    Parameters
    ----------
    follow_changes
        Keep the object and its views in sync after the first display (otherwise call
        ``obj._repr_mimebundle_.sync_object_with_view()``).
    autodetect_observer
        Follow the object's changes through its psygnal `SignalGroup` or traitlets
        ``observe``; without one, Python-side changes need ``send_state()``.
    no_view
        Open the comm when displayed but show no view.
    **extra_state
        ``_esm`` and ``_css`` (inline source, a file path or a URL, as for `AnyWidget`) and any
        other values sent once with the state.

    Examples
    --------
    >>> @dataclasses.dataclass
    ... class Counter:
    ...     value: int = 0
    ...     _repr_mimebundle_ = MimeBundleDescriptor(_esm="export default { render() {} }")
    """

    def __init__(
        self,
        *,
        follow_changes: bool = True,
        autodetect_observer: bool = True,
        no_view: bool = False,
        **extra_state: Any,
    ) -> None:
        self.follow_changes = follow_changes
        self.autodetect_observer = autodetect_observer
        self.no_view = no_view
        self._raw_sources = {key: extra_state.pop(key, None) for key in (ESM_KEY, CSS_KEY)}
        self.extra_state = extra_state
        self.sources: dict[str, Source] = {}
        self.widget_id = "anywidget.experimental.MimeBundleDescriptor"
        self.name = "_repr_mimebundle_"
        self._named = False

    def __set_name__(self, owner: type, name: str) -> None:
        self._named = True
        self.name = name
        self.widget_id = f"{owner.__module__}.{owner.__qualname__}"
        for key, value in self._raw_sources.items():
            if value is not None:
                self.sources[key] = resolve_source(value, owner=owner.__qualname__, key=key)

    @overload
    def __get__(self, instance: None, owner: type) -> Self: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> ReprMimeBundle: ...
    def __get__(self, instance: object, owner: type | None = None) -> Self | ReprMimeBundle:
        if instance is None:
            return self
        if not self._named:
            # Assigned to the class after its creation, where Python does not call __set_name__.
            self.__set_name__(type(instance), self.name)
        return connection_for(instance, self)


def connection_for(obj: object, descriptor: MimeBundleDescriptor) -> ReprMimeBundle:
    """`obj`'s connection, made on first use; it is forgotten (and its comm closed) when `obj` goes."""
    key = id(obj)
    existing = _connections.get(key)
    if existing is not None:
        return existing
    try:
        ref: Callable[[], object | None] = weakref.ref(obj)
    except TypeError:
        warnings.warn(
            f"{type(obj).__qualname__} objects cannot be weakly referenced, so each one's widget "
            f"(and the object with it) is kept until closed with obj.{descriptor.name}.close(); "
            "add '__weakref__' to the class's __slots__ to let them go together",
            stacklevel=3,
        )
        ref = _strong(obj)
        connection = ReprMimeBundle(ref, descriptor, forget=lambda: _connections.pop(key, None))
    else:
        connection = ReprMimeBundle(ref, descriptor, forget=lambda: None)
        weakref.finalize(obj, _collected, key)
    _connections[key] = connection
    return connection


def _strong(obj: object) -> Callable[[], object | None]:
    return lambda: obj


def _collected(key: int) -> None:
    connection = _connections.pop(key, None)
    if connection is not None:
        connection.close()


def open_connections() -> Iterable[ReprMimeBundle]:
    """ReprMimeBundles of objects still alive (for tests and diagnostics)."""
    return list(_connections.values())
