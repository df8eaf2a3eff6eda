"""`AnyWidget`: an ipywidgets widget whose front end is the ES module (and stylesheet) it carries as state."""

from __future__ import annotations

import html
import sys
import weakref
from typing import TYPE_CHECKING, Any, Callable, ClassVar

import ipywidgets
import traitlets

from ._core.class_sources import MADE_MARK, check_class_attributes, instance_class
from ._core.compat import open_widgets
from ._core.endpoint import Endpoint
from ._core.modules import HELD_ATTRIBUTE
from ._core.placeholders import FALLBACK_HTML, MISSING_ESM
from ._core.state import fit_binary_state, to_json
from ._wire.guard import shorten
from ._wire.protocol import (
    ID_KEY,
    IPY_MODEL_PREFIX,
    MODEL_NAME,
    MODULE_NAME,
    MODULE_VERSION_RANGE,
    VIEW_NAME,
)

if TYPE_CHECKING:
    from ._sources.live import LiveText

# What a value from the page can raise while it is converted and validated for its trait.
_REJECTIONS = (traitlets.TraitError, KeyError, ValueError, TypeError)


# ipywidgets ships no type information, so its classes are `Any` to mypy.
class AnyWidget(ipywidgets.DOMWidget):  # type: ignore[misc]
    """Base class for widgets defined by an ES module.

    Subclasses set ``_esm`` (and optionally ``_css``) to inline source, a file
    path, or an ``http(s)://`` URL; each becomes synced state of every
    instance. A value assigned later, to the class or a parent, applies to the
    instances created afterwards; a property is read from each instance.
    Traits tagged ``sync=True`` are synced with the front end both ways.

    Examples
    --------
    >>> class Counter(AnyWidget):
    ...     _esm = "export default { render({ model, el }) { el.textContent = model.get('value') } }"
    ...     value = traitlets.Int(0).tag(sync=True)
    """

    _model_name = traitlets.Unicode(MODEL_NAME).tag(sync=True)
    _model_module = traitlets.Unicode(MODULE_NAME).tag(sync=True)
    _model_module_version = traitlets.Unicode(MODULE_VERSION_RANGE).tag(sync=True)
    _view_name = traitlets.Unicode(VIEW_NAME).tag(sync=True)
    _view_module = traitlets.Unicode(MODULE_NAME).tag(sync=True)
    _view_module_version = traitlets.Unicode(MODULE_VERSION_RANGE).tag(sync=True)

    _esm = traitlets.Unicode(MISSING_ESM).tag(sync=True)
    _css = traitlets.Unicode("").tag(sync=True)
    _anywidget_id = traitlets.Unicode().tag(sync=True)

    # Sources that can change after class definition (watched files, virtual files), by trait:
    # set on the classes instances are made of (see `_class_sources`).
    _anywidget_live: ClassVar[dict[str, LiveText]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get(MADE_MARK):
            check_class_attributes(cls)  # a value that cannot be used fails here, naming the class

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # The class keeps the `_esm`/`_css` values it has (as in the published anywidget, which
        # reads them per instance); instances are of a subclass declaring their current values
        # as synced traits, made again when the class (or a parent) is given new ones.
        return super().__new__(instance_class(cls), *args, **kwargs)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layout = None if "layout" in kwargs else self._trait_values.get("layout")
        if layout is not None:
            # The `Layout` ipywidgets made for this widget (a widget of its own, with a comm):
            # closed with it, or each widget created and closed would leave one open. Its
            # reference count now lets close() see cheaply whether anything took it since.
            references = _reference_count(layout)  # before the tuple holds it
            self.__dict__["_anywidget_own_layout"] = (layout, references)
        if self._anywidget_live:
            self._anywidget_unfollow = follow_live_sources(self, self._anywidget_live)

    def close(self) -> None:
        """Close the widget (and stop following its files for hot reload)."""
        unfollow = self.__dict__.pop("_anywidget_unfollow", None)
        if unfollow is not None:
            unfollow()
        endpoint = self._anywidget_endpoint()
        endpoint.flush()
        self.__dict__["_anywidget_closed"] = True
        layout, references = self.__dict__.pop("_anywidget_own_layout", (None, 0))
        super().close()
        endpoint.release()
        if (
            layout is not None
            and self._trait_values.get("layout") is layout
            and not _shared(layout, references)
        ):
            layout.close()

    def get_state(self, key: Any = None, drop_defaults: bool = False) -> dict[str, Any]:
        """The widget's synced state; `_esm` and `_css` as references to their module models.

        Each distinct text is one module model, opened (and sent) before the first widget
        referring to it, so a front end receives each module once however many widgets use it.
        """
        if self.__dict__.get("_anywidget_closed"):
            return self._closed_state(key, drop_defaults)
        state: dict[str, Any] = super().get_state(key=key, drop_defaults=drop_defaults)
        return self._anywidget_endpoint().hold_modules(state)

    def _closed_state(self, key: Any, drop_defaults: bool) -> dict[str, Any]:
        # The layout closed with the widget has no comm to name it by: its last id stands in.
        layout = self._trait_values.get("layout")
        if layout is None or layout.comm is not None:
            state: dict[str, Any] = super().get_state(key=key, drop_defaults=drop_defaults)
            return state
        keys = list(self.keys if key is None else [key] if isinstance(key, str) else key)
        state = super().get_state(
            key=[k for k in keys if k != "layout"], drop_defaults=drop_defaults
        )
        if "layout" in keys:
            state["layout"] = f"{IPY_MODEL_PREFIX}{layout._model_id}"
        return state

    def _get_embed_state(self, drop_defaults: bool = False) -> dict[str, Any]:
        embed: dict[str, Any] = super()._get_embed_state(drop_defaults=drop_defaults)
        # ipywidgets.embed (embed_minimal_html, anywidget.export) saves the widgets a state
        # depends on by looking up each of its keys on the widget: this one (an attribute holding
        # the module models by key) brings the modules along.
        held = self._anywidget_modules
        if held:
            embed["state"][HELD_ATTRIBUTE] = [
                f"{IPY_MODEL_PREFIX}{m.model_id}" for m in held.values()
            ]
        return embed

    @property
    def _anywidget_modules(self) -> dict[str, Any]:
        # The module models this widget refers to now, by key (`_esm`, `_css`): what the embed
        # state above names, looked up by ipywidgets.embed as an attribute of the widget.
        return self._anywidget_endpoint().modules

    # Used for synced traits without their own `to_json`: child widgets become references.
    _trait_to_json = staticmethod(to_json)

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Apply state from the front end (binary values fitted to the traits receiving them).

        Values a trait rejects leave the trait unchanged and are replaced in the front end by the
        kernel's value; each rejected trait is reported once per widget.
        """
        state = fit_binary_state(self, sync_data)
        try:
            super().set_state(state)
        except _REJECTIONS:
            # traitlets rolls the whole update back: apply the valid values one by one.
            rejected: dict[str, str] = {}
            for name, value in state.items():
                try:
                    super().set_state({name: value})
                except _REJECTIONS as error:
                    rejected[name] = shorten(str(error))
            self.send_state(list(rejected))
            self._anywidget_endpoint().reject(rejected)

    def _handle_msg(self, msg: dict[str, Any]) -> None:
        # Anyone who reaches the kernel websocket can send anything: what the widget cannot act
        # on is dropped and reported once per kind, instead of raising in the comm handler.
        admitted = self._anywidget_endpoint().receive(msg)
        if admitted is not None:
            super()._handle_msg(admitted)

    def _handle_custom_msg(self, content: Any, buffers: list[Any]) -> None:
        # Calls from `experimental.invoke` are answered here, never seen by `on_msg` handlers;
        # a class without commands answers with an error naming the fix, instead of silence.
        if not self._anywidget_endpoint().call(self, content, buffers):
            super()._handle_custom_msg(content, buffers)

    def _send(self, msg: dict[str, Any], buffers: list[Any] | None = None) -> None:
        # Every message to the page leaves through the endpoint: plain state may be merged in a
        # burst, the rest follows it in order.
        self._anywidget_endpoint().send(msg, buffers)

    def _anywidget_endpoint(self) -> Endpoint:
        endpoint: Endpoint | None = self.__dict__.get("_anywidget_endpoint_")
        if endpoint is None:
            endpoint = Endpoint(type(self).__name__, self._anywidget_send, lambda: self.log)
            self.__dict__["_anywidget_endpoint_"] = endpoint
        return endpoint

    def _anywidget_send(self, msg: dict[str, Any], buffers: list[Any] | None) -> None:
        super()._send(msg, buffers=buffers)

    # ipywidgets 7 shows widgets through `_ipython_display_`, which IPython prefers to
    # `_repr_mimebundle_` (and whose bundle has no fallback text): not callable, IPython skips it.
    _ipython_display_ = None

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]] | None:
        # `(data, metadata)`, as the published anywidget returns; None (IPython then shows the
        # plain repr) for a widget without a view or a closed one.
        if self._view_name is None or self.comm is None:
            return None
        # ipywidgets 7 runs `on_displayed` callbacks as it shows a widget; 8 has none.
        displayed = getattr(self, "_handle_displayed", None)
        if displayed is not None:
            displayed()
        html_name = html.escape(type(self).__name__)
        return Endpoint.bundle(self.model_id, repr(self), FALLBACK_HTML.format(name=html_name))

    def __repr__(self) -> str:
        # ipywidgets' repr formats every non-default trait value; widgets with large
        # state must display instantly, so name the class and model only.
        return f"{type(self).__name__}(model_id={self._model_id!r})"

    @traitlets.default(ID_KEY)
    def _default_anywidget_id(self) -> str:
        cls = type(self)
        return f"{cls.__module__}.{cls.__qualname__}"


def _reference_count(layout: ipywidgets.Widget) -> int:
    # Called as `_shared` counts (one caller's local, one parameter), so the two counts compare.
    return sys.getrefcount(layout)


def _shared(layout: ipywidgets.Widget, references: int) -> bool:
    """Whether another open widget uses `layout` (e.g. given `other.layout = widget.layout`).

    Using it means holding it: with no more references than when its widget was made (measured
    by `_reference_count`), nothing can, and the scan of every open widget (quadratic over a
    loop of closes) is skipped.
    """
    if sys.getrefcount(layout) <= references:
        return False
    return any(
        vars(widget).get("_trait_values", {}).get("layout") is layout
        for widget in list(open_widgets().values())
    )


def follow_live_sources(widget: AnyWidget, live: dict[str, LiveText]) -> Callable[[], None]:
    """Keep `widget`'s traits on their live sources' text; returns the function that stops it."""
    ref = weakref.ref(widget)

    def follower(key: str) -> Callable[[str, str], None]:
        def on_change(old: str, new: str) -> None:
            current = ref()
            # An instance given its own code is left alone.
            if current is not None and getattr(current, key) == old:
                setattr(current, key, new)

        return on_change

    stops = [source.subscribe(follower(key)) for key, source in live.items()]

    def unfollow() -> None:
        for stop in stops:
            stop()

    return unfollow
