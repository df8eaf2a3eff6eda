"""How any object's widget state is read and written, and how its changes are followed.

Optional libraries (traitlets aside, which ipywidgets needs) are only consulted when the user's
code has already imported them: an object cannot be a pydantic model unless pydantic is loaded.
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

import traitlets

from .._core.references import model_id_of
from .._wire.buffers import contains_binary

if TYPE_CHECKING:
    from collections.abc import Collection

GET_STATE = "_get_anywidget_state"
SET_STATE = "_set_anywidget_state"

OnChange = Callable[[str], None]
Unfollow = Callable[[], None]


class RefusedKeysError(ValueError):
    """Keys of an update from the front end that the object does not take (the others were set)."""

    def __init__(self, cls: type, names: list[str]) -> None:
        shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
        super().__init__(
            f"ignored {shown}: {cls.__qualname__} has no `{SET_STATE}`, so only the names its "
            f"`{GET_STATE}` returns (and are not methods) can be set from the front end"
        )
        self.names = names


@dataclass(frozen=True)
class StateSource:
    """Reads an object's state (all of it, or the names in `include`) and applies state to it."""

    kind: str
    get: Callable[[Any, Collection[str] | None], dict[str, Any]]
    set: Callable[[Any, dict[str, Any]], None]


def state_source(obj: object) -> StateSource:
    """The first way of reading `obj`'s state that applies, in the documented order.

    Raises
    ------
    TypeError
        When `obj` offers none of them.
    """
    cls = type(obj)
    if callable(getattr(cls, GET_STATE, None)):
        return _CUSTOM
    if dataclasses.is_dataclass(cls):
        return _DATACLASS
    if isinstance(obj, traitlets.HasTraits):
        return _TRAITLETS
    if _is_instance(obj, "pydantic", "BaseModel"):
        return _PYDANTIC
    if _is_instance(obj, "msgspec", "Struct"):
        return _MSGSPEC
    raise TypeError(
        f"{cls.__qualname__} cannot be a widget: give it `{GET_STATE}(include)` and "
        f"`{SET_STATE}(state)` methods, or make it a dataclass, a traitlets HasTraits, a "
        "pydantic model or a msgspec Struct"
    )


def follow_changes(obj: object, on_change: OnChange) -> Unfollow | None:
    """Call `on_change(name)` after each change of `obj`'s state; returns how to stop.

    ``None`` when `obj` has no change notifier: a psygnal `SignalGroup` (under any attribute
    name; ``events`` is looked at first) or traitlets' ``observe``.
    """
    group = _signal_group(obj)
    if group is not None:
        return _follow_signal_group(group, on_change)
    if isinstance(obj, traitlets.HasTraits):
        return _follow_traits(obj, on_change)
    return None


def _signal_group(obj: object) -> Any:
    if "psygnal" not in sys.modules:
        return None
    from psygnal import SignalGroup, SignalGroupDescriptor

    events = getattr(obj, "events", None)
    if isinstance(events, SignalGroup):
        return events
    # `@evented(events_namespace=...)` and hand-made groups: on the instance, or made on first
    # access by a descriptor on the class.
    # (Names first: making a group may add to the class's namespace.)
    names = [
        name
        for klass in type(obj).__mro__
        for name, attribute in list(vars(klass).items())
        if isinstance(attribute, SignalGroupDescriptor)
    ]
    candidates = [*list(getattr(obj, "__dict__", {}).values()), *(getattr(obj, n) for n in names)]
    return next((value for value in candidates if isinstance(value, SignalGroup)), None)


def _is_instance(obj: object, module: str, name: str) -> bool:
    loaded = sys.modules.get(module)
    base = getattr(loaded, name, None) if loaded is not None else None
    return isinstance(base, type) and isinstance(obj, base)


def _follow_signal_group(events: Any, on_change: OnChange) -> Unfollow:
    def relay(info: Any) -> None:
        on_change(info.signal.name)

    events.connect(relay)
    return lambda: events.disconnect(relay)


def _follow_traits(obj: traitlets.HasTraits, on_change: OnChange) -> Unfollow:
    def relay(change: Any) -> None:
        on_change(change["name"])

    names = obj.trait_names(sync=True)
    obj.observe(relay, names=names)
    return lambda: obj.unobserve(relay, names=names)


def _wanted(names: Collection[str], include: Collection[str] | None) -> list[str]:
    return [name for name in names if include is None or name in include]


def _set_known(obj: object, names: Collection[str], state: dict[str, Any]) -> None:
    # Keys the object does not hold (e.g. front-end bookkeeping) are not its state.
    for name, value in state.items():
        if name in names:
            setattr(obj, name, value)


# --- the object's own methods


def _custom_get(obj: Any, include: Collection[str] | None) -> dict[str, Any]:
    # By keyword, as the published anywidget calls it: classes may name the parameter only.
    wanted = None if include is None else set(include)
    state: dict[str, Any] = getattr(obj, GET_STATE)(include=wanted)
    return state


def _custom_set(obj: Any, state: dict[str, Any]) -> None:
    setter = getattr(obj, SET_STATE, None)
    if setter is not None:
        setter(state)
        return
    # Without a setter, values are set as attributes, but only under names the getter gives out:
    # the published anywidget set any name the page sent, methods (the getter itself) included.
    offered = _custom_get(obj, state.keys())
    refused: list[str] = []
    for name, value in state.items():
        if name in offered and _plain_attribute(obj, name):
            setattr(obj, name, value)
        else:
            refused.append(name)
    if refused:
        raise RefusedKeysError(type(obj), refused)


def _plain_attribute(obj: Any, name: str) -> bool:
    # Never a dunder, and never a name whose class attribute or value is callable (a method).
    if name.startswith("__") and name.endswith("__"):
        return False
    for klass in type(obj).__mro__:
        if name in vars(klass):
            attribute = vars(klass)[name]
            if callable(getattr(attribute, "__func__", attribute)):
                return False
            break
    return not callable(getattr(obj, "__dict__", {}).get(name))


_CUSTOM = StateSource("custom", _custom_get, _custom_set)


# --- dataclasses


def _plain(value: Any) -> Any:
    # Nested dataclasses travel as dicts, widgets among them as themselves (sent as references).
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if model_id_of(value) is not None:
            return value
        return {name: _plain(getattr(value, name)) for name in _field_names(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _field_names(obj: Any) -> list[str]:
    return [field.name for field in dataclasses.fields(obj)]


def _dataclass_get(obj: Any, include: Collection[str] | None) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in _wanted(_field_names(obj), include)}


def _dataclass_set(obj: Any, state: dict[str, Any]) -> None:
    _set_known(obj, _field_names(obj), state)


_DATACLASS = StateSource("dataclass", _dataclass_get, _dataclass_set)


# --- traitlets


def _traitlets_get(obj: Any, include: Collection[str] | None) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in _wanted(obj.trait_names(sync=True), include)}


def _traitlets_set(obj: Any, state: dict[str, Any]) -> None:
    with obj.hold_trait_notifications():
        _set_known(obj, obj.trait_names(sync=True), state)


_TRAITLETS = StateSource("traitlets", _traitlets_get, _traitlets_set)


# --- pydantic (v2)


def _pydantic_get(obj: Any, include: Collection[str] | None) -> dict[str, Any]:
    chosen = None if include is None else set(include)
    # JSON mode turns dates, enums and the like into wire values; binary is kept as is so it
    # can travel as buffers (JSON mode would encode it as text).
    python = obj.model_dump(include=chosen)
    binary = {name for name, value in python.items() if contains_binary(value)}
    state: dict[str, Any] = obj.model_dump(mode="json", include=chosen, exclude=binary or None)
    state.update((name, python[name]) for name in binary)
    return state


def _pydantic_set(obj: Any, state: dict[str, Any]) -> None:
    _set_known(obj, type(obj).model_fields, state)


_PYDANTIC = StateSource("pydantic", _pydantic_get, _pydantic_set)


# --- msgspec


def _msgspec_get(obj: Any, include: Collection[str] | None) -> dict[str, Any]:
    import msgspec

    names = _wanted(type(obj).__struct_fields__, include)
    return {
        name: msgspec.to_builtins(getattr(obj, name), builtin_types=(bytes, bytearray, memoryview))
        for name in names
    }


def _msgspec_set(obj: Any, state: dict[str, Any]) -> None:
    _set_known(obj, type(obj).__struct_fields__, state)


_MSGSPEC = StateSource("msgspec", _msgspec_get, _msgspec_set)
