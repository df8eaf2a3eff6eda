"""Widgets inside other widgets' state: `WidgetTrait` and ``"anywidget:<id>"`` references."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import traitlets
from typing_extensions import Protocol

from .._wire.protocol import WIDGET_REF_PREFIX

if TYPE_CHECKING:
    _TraitBase = traitlets.TraitType[Any, Any]
else:
    # Subscriptable only in recent traitlets; the package supports older ones.
    _TraitBase = traitlets.TraitType

_BUNDLE_ATTRIBUTE = "_repr_mimebundle_"
# Values that are never widgets, answered without attribute look-ups (state is mostly these).
_NOT_WIDGETS = (str, int, float, bytes, bytearray, memoryview, type(None), dict, list, tuple)


class ModelOwner(Protocol):
    """Stands for one widget model: its id (reading it may open the model's comm)."""

    @property
    def model_id(self) -> str: ...


# What an object's ``_repr_mimebundle_`` is when the object is a widget without being an ipywidget:
# classes registered by the layers above (the experimental API's connection), each with a
# string ``model_id`` that opens the widget's comm if needed. Widgets here never import them.
_widget_kinds: tuple[type[ModelOwner], ...] = ()


def register_widget_kind(kind: type[ModelOwner]) -> None:
    """Treat objects whose ``_repr_mimebundle_`` is a `kind` as widgets, known by its ``model_id``."""
    global _widget_kinds
    if kind not in _widget_kinds:
        _widget_kinds = (*_widget_kinds, kind)


def model_id_of(value: object) -> str | None:
    """The model id of `value` if it is a widget, else ``None``.

    A widget is anything with a string ``model_id`` (ipywidgets widgets, an `AnyWidget`), or an
    object displayed through a `MimeBundleDescriptor`, whose comm this opens if it is not open.
    """
    if isinstance(value, _NOT_WIDGETS):
        return None
    model_id = getattr(value, "model_id", None)  # a closed ipywidget raises: no id
    if isinstance(model_id, str):
        return model_id
    if not _widget_kinds:
        return None  # no object API loaded, so no such object exists
    bundle = getattr(value, _BUNDLE_ATTRIBUTE, None)
    return bundle.model_id if isinstance(bundle, _widget_kinds) else None


def with_references(value: Any) -> Any:
    """`value` with every widget in it (in dicts, lists and tuples) replaced by its reference.

    Containers are copied only where something was replaced (tuples become lists, as JSON has it).
    """
    model_id = model_id_of(value)
    if model_id is not None:
        return f"{WIDGET_REF_PREFIX}{model_id}"
    if isinstance(value, dict):
        replaced = {key: with_references(item) for key, item in value.items()}
        return value if all(replaced[key] is item for key, item in value.items()) else replaced
    if isinstance(value, (list, tuple)):
        items = [with_references(item) for item in value]
        return value if all(new is old for new, old in zip(items, value)) else items
    return value


def _to_json(value: Any, owner: object) -> Any:
    return with_references(value)


def _from_json(value: Any, owner: object) -> Any:
    # The front end sends back what it was given, a reference; it is the caller's to resolve.
    return value


class WidgetTrait(_TraitBase):
    """A trait holding another widget, or ``None``; synced as ``"anywidget:<model_id>"``.

    Accepts ipywidgets widgets (including `AnyWidget`) and objects displayed through a
    `MimeBundleDescriptor` (assigning one opens its comm); anything else raises
    `traitlets.TraitError`. The front end resolves the reference with ``host.getWidget`` or
    ``host.getModel``.

    Examples
    --------
    >>> class Dashboard(AnyWidget):
    ...     _esm = "export default { async render({ model, el, host }) { ... } }"
    ...     child = WidgetTrait().tag(sync=True)
    """

    default_value = None
    allow_none = True
    info_text = "an anywidget-compatible object or None"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.metadata.setdefault("to_json", _to_json)
        self.metadata.setdefault("from_json", _from_json)

    def validate(self, obj: Any, value: Any) -> Any:
        if value is None or model_id_of(value) is not None:
            return value
        self.error(obj, value)
