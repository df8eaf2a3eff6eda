"""Widgets inside other widgets: `WidgetTrait`, the `Widget` protocol and `"anywidget:<id>"` references."""

from __future__ import annotations

import dataclasses

import ipywidgets
import psygnal
import pytest
import traitlets
import typing_extensions
from test_descriptor import ESM, comm_of, opened_state, updates

import anywidget
from anywidget import AnyWidget, Widget, WidgetTrait
from anywidget.experimental import MimeBundleDescriptor


class Holder(AnyWidget):
    _esm = "export default { render() {} };"
    child = WidgetTrait().tag(sync=True)


@dataclasses.dataclass
class Described:
    n: int = 1
    _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, autodetect_observer=False)


def test_package_exports_match_the_published_names():
    assert set(anywidget.__all__) >= {"AnyWidget", "Widget", "WidgetTrait", "__version__"}
    assert anywidget.experimental.MimeBundleDescriptor is MimeBundleDescriptor


def test_widget_trait_defaults_to_none(comms):
    widget = Holder()
    assert widget.child is None
    assert widget.get_state()["child"] is None


def test_ipywidget_is_sent_as_an_anywidget_reference(comms):
    slider = ipywidgets.IntSlider()
    widget = Holder(child=slider)
    assert widget.child is slider
    assert widget.get_state()["child"] == f"anywidget:{slider.model_id}"


def test_assigning_an_anywidget_sends_the_reference(comms):
    widget, other = Holder(), Holder()
    widget.child = other
    _, data, _ = widget.comm.sent[-1]
    assert data["state"] == {"child": f"anywidget:{other.model_id}"}


def test_assigning_a_descriptor_object_opens_its_comm_and_sends_its_reference(comms):
    obj = Described()
    assert obj._repr_mimebundle_.comm is None
    widget = Holder(child=obj)
    assert comm_of(obj) is not None
    assert widget.get_state()["child"] == f"anywidget:{comm_of(obj).comm_id}"
    assert obj._repr_mimebundle_.model_id == comm_of(obj).comm_id


@pytest.mark.parametrize("value", [5, "anywidget:abc", object(), Described, [ipywidgets.Text()]])
def test_anything_else_is_refused_with_a_trait_error(comms, value):
    widget = Holder()
    with pytest.raises(traitlets.TraitError, match="anywidget-compatible object or None"):
        widget.child = value
    assert widget.child is None


def test_closed_widget_is_refused(comms):
    gone = Holder()
    gone.close()
    with pytest.raises(traitlets.TraitError):
        Holder(child=gone)


def test_value_from_the_front_end_passes_through_from_json(comms):
    trait = Holder.class_traits()["child"]
    assert trait.metadata["from_json"]("anywidget:abc", Holder()) == "anywidget:abc"


def test_widget_trait_on_a_descriptor_backed_traitlets_object(comms):
    slider = ipywidgets.IntSlider()

    class Panel(traitlets.HasTraits):
        other = WidgetTrait().tag(sync=True)
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM)

    panel = Panel(other=slider)
    panel._repr_mimebundle_()
    assert opened_state(panel)[0]["state"]["other"] == f"anywidget:{slider.model_id}"
    panel.other = None
    assert updates(panel)[-1][0]["state"] == {"other": None}


def test_widgets_anywhere_in_descriptor_state_are_references(comms):
    @psygnal.evented
    @dataclasses.dataclass
    class Board:
        main: object = None
        rows: list = dataclasses.field(default_factory=list)
        named: dict = dataclasses.field(default_factory=dict)
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM)

    kid, slider = Described(), ipywidgets.IntSlider()
    board = Board(main=kid, rows=[(kid, 1)], named={"s": slider})
    board._repr_mimebundle_()
    kid_ref = f"anywidget:{comm_of(kid).comm_id}"
    state = opened_state(board)[0]["state"]
    assert (state["main"], state["rows"], state["named"]) == (
        kid_ref,
        [[kid_ref, 1]],
        {"s": f"anywidget:{slider.model_id}"},
    )
    board.named = {"again": [slider]}
    assert updates(board)[-1][0]["state"] == {"named": {"again": [f"anywidget:{slider.model_id}"]}}


def test_objects_referring_to_each_other_open_once_with_each_others_ids(comms):
    @dataclasses.dataclass
    class Node:
        peer: object = None
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, autodetect_observer=False)

    first, second = Node(), Node()
    first.peer, second.peer = second, first
    first._repr_mimebundle_()
    assert len(comms) == 2
    assert opened_state(first)[0]["state"]["peer"] == f"anywidget:{comm_of(second).comm_id}"
    assert opened_state(second)[0]["state"]["peer"] == f"anywidget:{comm_of(first).comm_id}"


def test_widget_protocol_describes_descriptor_backed_classes():
    assert typing_extensions.is_protocol(Widget)
    assert typing_extensions.get_protocol_members(Widget) == {"_repr_mimebundle_"}
    assert Widget.__annotations__ == {"_repr_mimebundle_": "MimeBundleDescriptor"}


def test_descriptor_model_id_opens_the_comm(comms):
    obj = Described()
    model_id = obj._repr_mimebundle_.model_id
    assert model_id == comm_of(obj).comm_id
    assert len(comms) == 1
    assert obj._repr_mimebundle_()[0]["application/vnd.jupyter.widget-view+json"]["model_id"] == (
        model_id
    )
