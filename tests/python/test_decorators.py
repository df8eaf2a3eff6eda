"""The class decorators: `experimental.widget` on any class, `experimental.dataclass` in one step."""

from __future__ import annotations

import dataclasses

import psygnal
from test_descriptor import ESM, opened_state, updates

from anywidget import experimental
from anywidget._core.modules import store
from anywidget.experimental import MimeBundleDescriptor


def test_widget_decorator_installs_the_descriptor(comms):
    @experimental.widget(esm=ESM, css=".x {}")
    @psygnal.evented
    @dataclasses.dataclass
    class Decorated:
        value: int = 0

    obj = Decorated()
    obj._repr_mimebundle_()
    state = opened_state(obj)[0]["state"]
    assert (store.resolve(state["_esm"]), store.resolve(state["_css"])) == (ESM, ".x {}")
    assert state["value"] == 0
    assert state["_anywidget_id"].endswith("Decorated")


def test_dataclass_decorator_makes_an_evented_dataclass_widget(comms):
    @experimental.dataclass(esm=ESM)
    class Made:
        value: int = 0
        label: str = "x"

    obj = Made(value=2)
    assert dataclasses.is_dataclass(obj)
    assert isinstance(obj.events, psygnal.SignalGroup)
    obj._repr_mimebundle_()
    obj.label = "y"
    assert updates(obj)[-1][0]["state"] == {"label": "y"}


def test_dataclass_decorator_passes_dataclass_options():
    @experimental.dataclass(esm=ESM, order=True)
    class Ordered:
        value: int = 0

    assert Ordered(1) < Ordered(2)


def test_descriptor_assigned_after_class_creation_still_carries_its_code(comms):
    @dataclasses.dataclass
    class Late:
        value: int = 0

    Late._repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, autodetect_observer=False)
    late = Late()
    late._repr_mimebundle_()
    state = opened_state(late)[0]["state"]
    assert store.resolve(state["_esm"]) == ESM
    assert state["_anywidget_id"].endswith("Late")


def test_dataclass_decorator_takes_the_class_by_keyword(comms):
    class Plain:
        value: int = 0

    Made = experimental.dataclass(cls=Plain, esm=ESM)
    obj = Made(value=7)
    obj._repr_mimebundle_()
    assert opened_state(obj)[0]["state"]["value"] == 7
    assert isinstance(obj.events, psygnal.SignalGroup)


def test_psygnal_is_a_required_dependency_and_the_extra_remains():
    from importlib.metadata import requires

    requirements = requires("anywidget") or []
    assert any(req.startswith("psygnal") and "extra ==" not in req for req in requirements)
    assert any(
        req.startswith("psygnal") and "extra == 'experimental'" in req for req in requirements
    )
