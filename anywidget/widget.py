"""`AnyWidget`: an ipywidgets widget whose front end is the ES module (and stylesheet) it carries as state."""

from __future__ import annotations

import html
import weakref
from typing import TYPE_CHECKING, Any, Callable, ClassVar

import ipywidgets
import traitlets

from ._core.class_sources import MADE_MARK, check_class_attributes, instance_class
from ._core.compat import open_widgets
from ._core.modules import HELD_ATTRIBUTE, held_by, host_resolves_modules, store
from ._core.state import fit_binary_state, to_json, without_large_binary
from ._wire.chunks import Uploads
from ._wire.commands import answer, command_request, malformed_request
from ._wire.guard import Reports, admit, shorten
from ._wire.outbox import Outbox
from ._wire.protocol import (
    CSS_KEY,
    ESM_KEY,
    ID_KEY,
    MODEL_NAME,
    MODULE_NAME,
    MODULE_VERSION_RANGE,
    REJECTED_KEY,
    VIEW_NAME,
    WIDGET_VIEW_MIMETYPE,
)

if TYPE_CHECKING:
    from ._sources.live import LiveText

# What a value from the page can raise while it is converted and validated for its trait.
_REJECTIONS = (traitlets.TraitError, KeyError, ValueError, TypeError)

_MISSING_ESM = """\
export default {
  render({ el }) {
    el.textContent = "This widget has no front end yet: give its class an `_esm` " +
      "(an ES module with `export default { render({ model, el }) { ... } }`).";
  },
};
"""


_FALLBACK_HTML = (
    '<div class="anywidget-fallback" style="padding:4px 8px;border-left:3px solid #c77700">'
    "This {name} widget cannot be shown here. If the notebook is not trusted, trust it or run the "
    "cell again. Otherwise the anywidget front end is missing from the Python environment that runs "
    "Jupyter: run <code>pip install anywidget</code> there, restart Jupyter and reload the page "
    "(<code>python -m anywidget doctor</code> checks the installation)."
    "</div>"
)


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

    _esm = traitlets.Unicode(_MISSING_ESM).tag(sync=True)
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
        if "layout" not in kwargs:
            # The `Layout` ipywidgets made for this widget (a widget of its own, with a comm):
            # closed with it, or each widget created and closed would leave one open.
            self.__dict__["_anywidget_own_layout"] = self._trait_values.get("layout")
        if self._anywidget_live:
            self._anywidget_unfollow = follow_live_sources(self, self._anywidget_live)

    def close(self) -> None:
        """Close the widget (and stop following its files for hot reload)."""
        unfollow = self.__dict__.pop("_anywidget_unfollow", None)
        if unfollow is not None:
            unfollow()
        outbox: Outbox | None = self.__dict__.get("_anywidget_outbox_")
        if outbox is not None:
            outbox.flush()
        self.__dict__["_anywidget_closed"] = True
        layout = self.__dict__.pop("_anywidget_own_layout", None)
        super().close()
        store.release(self)
        if (
            layout is not None
            and self._trait_values.get("layout") is layout
            and not _shared(layout)
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
        if not host_resolves_modules():
            return state
        for name in (ESM_KEY, CSS_KEY):
            text = state.get(name)
            if isinstance(text, str):
                state[name] = store.hold(self, name, text)
        return state

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
            state["layout"] = f"IPY_MODEL_{layout._model_id}"
        return state

    def _get_embed_state(self, drop_defaults: bool = False) -> dict[str, Any]:
        embed: dict[str, Any] = super()._get_embed_state(drop_defaults=drop_defaults)
        # ipywidgets.embed (embed_minimal_html, anywidget.export) saves the widgets a state
        # depends on by looking up each of its keys on the widget: this one (an attribute holding
        # the module models by key) brings the modules along.
        held = held_by(self)
        if held:
            embed["state"][HELD_ATTRIBUTE] = [f"IPY_MODEL_{m.model_id}" for m in held.values()]
        return embed

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
            self._report_rejected(rejected)

    def _handle_msg(self, msg: dict[str, Any]) -> None:
        # Anyone who reaches the kernel websocket can send anything: what the widget cannot act
        # on is dropped and reported once per kind, instead of raising in the comm handler.
        uploads = self.__dict__.setdefault("_anywidget_uploads", Uploads())
        reports = self._anywidget_reports()
        admitted = admit(msg, uploads, lambda data: self.comm.send(data=data), reports)
        if admitted is not None:
            super()._handle_msg(admitted)

    def _handle_custom_msg(self, content: Any, buffers: list[Any]) -> None:
        # Calls from `experimental.invoke` are answered here, never seen by `on_msg` handlers;
        # a class without commands answers with an error naming the fix, instead of silence.
        request = command_request(content)
        if request is None:
            super()._handle_custom_msg(content, buffers)
            return
        problem = malformed_request(request)
        if problem is not None:
            self._anywidget_reports().report("bad command", problem)
        answer(self, request, buffers, lambda reply, out: self.send(reply, buffers=out))

    def _anywidget_reports(self) -> Reports:
        reports: Reports | None = self.__dict__.get("_anywidget_reports_")
        if reports is None:
            reports = self.__dict__["_anywidget_reports_"] = Reports(type(self).__name__, self.log)
        return reports

    def _send(self, msg: dict[str, Any], buffers: list[Any] | None = None) -> None:
        # Updates of plain state may be merged when they come in a burst; anything else leaves
        # after the merged state, in the order sent.
        if msg.get("method") == "update" and not buffers and not msg.get("buffer_paths"):
            self._anywidget_outbox().update(msg["state"])
            return
        outbox: Outbox | None = self.__dict__.get("_anywidget_outbox_")
        if outbox is not None:
            outbox.flush()
        self._send_now(msg, buffers)

    def _send_state_now(self, state: dict[str, Any]) -> None:
        self._send_now({"method": "update", "state": state, "buffer_paths": []}, None)

    def _send_now(self, msg: dict[str, Any], buffers: list[Any] | None) -> None:
        if buffers and msg.get("method") == "echo_update":
            msg, buffers = without_large_binary(msg, buffers)
            if not msg["state"] and not buffers:
                return
        super()._send(msg, buffers=buffers)
        # The state naming new modules is out: the modules it replaced may close now.
        store.settle(self)

    def _anywidget_outbox(self) -> Outbox:
        outbox: Outbox | None = self.__dict__.get("_anywidget_outbox_")
        if outbox is None:
            outbox = self.__dict__["_anywidget_outbox_"] = Outbox(self._send_state_now)
        return outbox

    def _report_rejected(self, rejected: dict[str, str]) -> None:
        reported: set[str] = self.__dict__.setdefault("_anywidget_reported", set())
        fresh = {name: message for name, message in rejected.items() if name not in reported}
        if not fresh:
            return
        reported.update(fresh)
        for name, message in fresh.items():
            self.log.warning(
                "%s.%s rejected a value from the front end: %s", type(self).__name__, name, message
            )
        self.send({REJECTED_KEY: fresh})

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
        data = {
            "text/plain": repr(self),
            # Shown only where the widget itself cannot be: front ends that render the widget
            # view prefer it to HTML.
            "text/html": _FALLBACK_HTML.format(name=html.escape(type(self).__name__)),
            WIDGET_VIEW_MIMETYPE: {
                "version_major": 2,
                "version_minor": 1,
                "model_id": self.model_id,
            },
        }
        return data, {}

    def __repr__(self) -> str:
        # ipywidgets' repr formats every non-default trait value; widgets with large
        # state must display instantly, so name the class and model only.
        return f"{type(self).__name__}(model_id={self._model_id!r})"

    @traitlets.default(ID_KEY)
    def _default_anywidget_id(self) -> str:
        cls = type(self)
        return f"{cls.__module__}.{cls.__qualname__}"


def _shared(layout: ipywidgets.Widget) -> bool:
    """Whether another open widget uses `layout` (e.g. given `other.layout = widget.layout`)."""
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
