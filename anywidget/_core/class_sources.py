"""The class a widget class's instances are made of: that class with the `_esm`/`_css` it has *now* as synced traits.

The published anywidget reads `_esm`/`_css` from each new instance, so a value assigned to a class
(or a parent) after its definition, such as altair's `JupyterChart.enable_offline()`, applies to the
instances created afterwards, and a property is evaluated per instance. Here each value is resolved
once (file read, virtual file looked up) into the default of a trait on a subclass made for it, and
rebuilt only when the class's value changes; the class keeps the value as it was set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, TypeVar, cast

import traitlets

from .._sources.source import Source, resolve_source
from .._wire.protocol import CSS_KEY, ESM_KEY

if TYPE_CHECKING:
    from .._sources.live import LiveText

_C = TypeVar("_C", bound=type)

KEYS = (ESM_KEY, CSS_KEY)
# In the namespace of every class made here for a widget class's instances.
MADE_MARK = "_anywidget_synced"
# In a widget class's own __dict__: (its `_esm`, its `_css`, the class made for them).
_MADE = "_anywidget_instance_class"
# In the own __dict__ of a class that sets `_esm`/`_css`: {key: (value, its Source)}.
_RESOLVED = "_anywidget_resolved"


def instance_class(cls: _C) -> _C:
    """The class `cls()` makes its instance of (built again only after `cls._esm`/`_css` change)."""
    made = cls.__dict__.get(_MADE)
    # The values as `getattr` sees them (inherited, or a descriptor's class-level value) are the
    # cheap check that nothing was assigned since: two cached lookups per widget created.
    if made is not None and made[0] is getattr(cls, ESM_KEY) and made[1] is getattr(cls, CSS_KEY):
        made_class: _C = made[2]
        return made_class
    return _make(cls)


def check_class_attributes(cls: type) -> None:
    """Resolve the `_esm`/`_css` values `cls` has, so one that cannot be used fails where it is set."""
    for key in KEYS:
        owner, value = _defined(cls, key)
        if not isinstance(value, traitlets.TraitType) and not _per_instance(value):
            _resolved(owner, key, value)


def _make(cls: _C) -> _C:
    if cls.__dict__.get(MADE_MARK):
        # `type(widget)()`: an instance of the origin class, with the origin's current code.
        return instance_class(cast("_C", cls.__bases__[0]))
    seen = (getattr(cls, ESM_KEY), getattr(cls, CSS_KEY))
    namespace: dict[str, Any] = {}
    live: dict[str, LiveText] = {}
    for key in KEYS:
        owner, value = _defined(cls, key)
        if isinstance(value, traitlets.TraitType):
            continue  # a declared trait (AnyWidget's own included) applies as is
        if _per_instance(value):
            namespace[key] = traitlets.Unicode().tag(sync=True)
            namespace[f"_{key}_default"] = _evaluated(value, owner, key)
            continue
        source = _resolved(owner, key, value)
        if source.live is None:
            namespace[key] = traitlets.Unicode(source.text).tag(sync=True)
        else:
            # New instances get the latest text, e.g. after a hot reload.
            namespace[key] = traitlets.Unicode().tag(sync=True)
            namespace[f"_{key}_default"] = _latest(source.live)
            live[key] = source.live
    made = cls if not namespace else _subclass(cls, namespace, live)
    type.__setattr__(cls, _MADE, (*seen, made))
    return made


def _subclass(cls: _C, namespace: dict[str, Any], live: dict[str, LiveText]) -> _C:
    namespace.update(
        {
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__,
            MADE_MARK: True,
            # Sources that can change later (watched files, virtual files): instances follow them.
            "_anywidget_live": live,
        }
    )
    metaclass: Any = type(cls)
    made: _C = metaclass(cls.__name__, (cls,), namespace)
    return made


def _defined(cls: type, key: str) -> tuple[type, object]:
    """The first class in `cls`'s MRO that sets `key`, and the value it sets."""
    for owner in cls.__mro__:
        if key in owner.__dict__:
            return owner, owner.__dict__[key]
    raise AttributeError(f"{cls.__qualname__} has no {key}: it is not an AnyWidget")


def _per_instance(value: object) -> bool:
    # A property (or any descriptor but a trait), read from each instance as published.
    return hasattr(type(value), "__get__")


def _resolved(owner: type, key: str, value: object) -> Source:
    record: dict[str, tuple[object, Source]] = owner.__dict__.get(_RESOLVED, {})
    known = record.get(key)
    if known is not None and known[0] is value:
        return known[1]
    source = resolve_source(value, owner=owner.__qualname__, key=key)
    type.__setattr__(owner, _RESOLVED, {**record, key: (value, source)})
    return source


def _evaluated(descriptor: Any, owner: type, key: str) -> Callable[[Any], str]:
    def default(self: Any) -> str:
        value = descriptor.__get__(self, type(self))
        return resolve_source(value, owner=owner.__qualname__, key=key).text

    return default


def _latest(live: LiveText) -> Callable[[Any], str]:
    def default(self: Any) -> str:
        return live.text

    return default
