"""The module store: each distinct `_esm`/`_css` text as one module model shared by the widgets using it."""

from __future__ import annotations

import functools
import json
import re
import sys
import threading
from pathlib import Path
from typing import Any

import ipywidgets
import traitlets

from .._wire.inbox import Inbox
from .._wire.protocol import CSS_KEY, MODULE_REF_PREFIX, MODULE_SOURCE_KEY, WIRE

# Where a widget keeps the modules it holds, by state key (e.g. "_esm"), and those it held
# until its state changed, let go once that state has been sent.
HELD_ATTRIBUTE = "_anywidget_modules"
_REPLACED = "_anywidget_replaced_modules"


# ipywidgets ships no type information, so its classes are `Any` to mypy.
class ModuleModel(ipywidgets.Widget):  # type: ignore[misc]
    """One widget module's (or stylesheet's) text, sent to each front end once; no view.

    Its model is ipywidgets' plain `WidgetModel`, which every widget front end (and
    html-manager) can create, including those of the published anywidget.
    """

    source = traitlets.Unicode(read_only=True).tag(sync=True)

    def __init__(self, source: str) -> None:
        # The text is set before the comm opens, so comm_open carries it.
        self.set_trait(MODULE_SOURCE_KEY, source)
        super().__init__()

    def __repr__(self) -> str:
        return f"ModuleModel(model_id={self._model_id!r}, {len(self.source)} characters)"

    def _handle_msg(self, msg: dict[str, Any]) -> None:
        # ipywidgets' own `set_state` ignores `read_only`: a page's update would replace the text
        # that every other page, reload and export then runs. Every key of a module model is the
        # kernel's, so updates are dropped (reported once), and malformed messages with them.
        inbox: Inbox | None = self.__dict__.get("_anywidget_inbox")
        if inbox is None:
            inbox = Inbox("ModuleModel", self._reply, self.log, owned=self.keys)
            self.__dict__["_anywidget_inbox"] = inbox
        admitted = inbox.admit(msg)
        if admitted is not None:
            super()._handle_msg(admitted)

    def _reply(self, data: dict[str, Any]) -> None:
        if self.comm is not None:
            self.comm.send(data=data)


_REFERENCE = re.compile(re.escape(MODULE_REF_PREFIX) + r"(\S+) \*/")
# In the stand-in's text, a quoted "__NAME__" stands for the wire name NAME of protocol.json.
_WIRE_NAME = re.compile(r'"__([A-Z_]+)__"')
_COMMENT = re.compile(r"\s*(//|/\*\*.*\*/$)")


@functools.cache
def stand_in() -> str:
    """The module front ends of the published anywidget run for a widget's `_esm` (after its
    reference comment): `stand_in.js` with the wire names filled in, read once."""
    template = Path(__file__).with_name("stand_in.js").read_text(encoding="utf-8")
    # It travels in every widget's state: whole-line comments and blank lines stay home.
    lines = [line for line in template.splitlines() if line.strip() and not _COMMENT.match(line)]
    return _WIRE_NAME.sub(lambda name: json.dumps(WIRE[name.group(1)]), "\n".join(lines))


def reference(model_id: str, key: str) -> str:
    """What a widget's `key` carries instead of the text: a comment naming the module model
    (for `_css`), or the stand-in module, starting with that comment (for `_esm`)."""
    comment = f"{MODULE_REF_PREFIX}{model_id} */"
    if key == CSS_KEY:
        return comment
    return f"{comment}\n{stand_in()}"


def referenced_id(value: object) -> str | None:
    """The module model id `value` refers to, or None when it is not a module reference."""
    if isinstance(value, str):
        match = _REFERENCE.match(value)
        if match is not None:
            return match.group(1)
    return None


class ModuleStore:
    """Content-addressed module models, counted by the (widget, key) pairs using each one.

    A module model opens (its comm carrying the text) when the first widget needs it, before that
    widget's state leaves, and closes when the last one lets it go.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._models: dict[str, ModuleModel] = {}
        self._users: dict[str, int] = {}

    def hold(self, holder: object, key: str, text: str) -> str:
        """The state value for `holder`'s `key` set to `text`: a reference to the text's module model.

        Empty text stays empty. A holder keeps one module per key: the module it held before
        for that key is let go by `settle`, once the state naming the new one has been sent,
        so a front end never sees a module close before the widget moves off it.
        """
        with self._lock:
            held: dict[str, ModuleModel] = vars(holder).setdefault(HELD_ATTRIBUTE, {})
            current = held.get(key)
            if current is not None and current.source == text and current.comm is not None:
                return reference(current.model_id, key)
            replaced: list[ModuleModel] = vars(holder).setdefault(_REPLACED, [])
            if current is not None:
                replaced.append(held.pop(key))
            if text == "":
                return text
            model = self._models.get(text)
            if model is None or model.comm is None:
                model = self._models[text] = ModuleModel(text)
                self._users[text] = 0
            self._users[text] += 1
            held[key] = model
            return reference(model.model_id, key)

    def settle(self, holder: object) -> None:
        """Lets go of the modules `holder` held before its latest state (call once it is sent)."""
        if not vars(holder).get(_REPLACED):
            return  # the common case, on every message: nothing was replaced
        with self._lock:
            replaced: list[ModuleModel] = vars(holder).get(_REPLACED, [])
            while replaced:
                self._drop(replaced.pop())

    def release(self, holder: object) -> None:
        """Lets go of every module `holder` holds (e.g. when the widget closes)."""
        with self._lock:
            held: dict[str, ModuleModel] = vars(holder).get(HELD_ATTRIBUTE, {})
            while held:
                self._drop(held.popitem()[1])
        self.settle(holder)

    def resolve(self, value: object) -> Any:
        """The text behind a module reference (e.g. state sent back by a front end); other values as they are."""
        model_id = referenced_id(value)
        if model_id is None:
            return value
        with self._lock:
            for model in self._models.values():
                if model.comm is not None and model.model_id == model_id:
                    return model.source
        raise ValueError(f"no open module model has the id {model_id!r}")

    def open_models(self) -> list[ModuleModel]:
        """The module models open now (for tests and diagnostics)."""
        with self._lock:
            return [model for model in self._models.values() if model.comm is not None]

    def _drop(self, model: ModuleModel) -> None:
        text = model.source
        if self._models.get(text) is not model:
            return  # closed already, e.g. by `Widget.close_all()`
        self._users[text] -= 1
        if self._users[text] > 0:
            return
        del self._models[text], self._users[text]
        model.close()


def held_by(holder: object) -> dict[str, ModuleModel]:
    """The module models `holder` refers to now, by state key."""
    held: dict[str, ModuleModel] = vars(holder).get(HELD_ATTRIBUTE, {})
    return held


# Hosts sent the text itself, by the module that hooks widget construction or makes comms there.
# marimo's own front end reads `_esm`/`_css` text from the state it opens each widget with.
# shinywidgets and Solara's server serve many pages from one process, each page hearing only
# the comms opened for it: a module model opened for the first page would never reach the next.
_TEXT_HOSTS = ("marimo", "shinywidgets", "solara")


def host_resolves_modules() -> bool:
    """Whether the front ends showing widgets here resolve module references (Jupyter's do)."""
    hook = getattr(ipywidgets.Widget, "_widget_construction_callback", None)
    # Not imported here: ipywidgets 7 kernels may run without the `comm` package.
    comms = sys.modules.get("comm")
    makers = (hook, getattr(comms, "create_comm", None))
    return not any(
        str(getattr(maker, "__module__", "")).startswith(_TEXT_HOSTS) for maker in makers
    )


# One store per kernel process: every widget class shares it, so equal texts dedupe across classes.
store = ModuleStore()
