from __future__ import annotations

import pathlib
import re

import ipywidgets
import pytest
import traitlets
from IPython.core.formatters import DisplayFormatter

import anywidget
from anywidget import AnyWidget
from anywidget._core.modules import store
from anywidget.testing import FrontEnd

ROOT = pathlib.Path(__file__).resolve().parents[2]


class Counter(AnyWidget):
    _esm = "export default { render({ model, el }) { el.textContent = model.get('value'); } };"
    _css = ".counter { color: red }"
    value = traitlets.Int(0).tag(sync=True)


def test_is_a_dom_widget():
    assert isinstance(Counter(), ipywidgets.DOMWidget)


def test_state_names_the_generic_front_end():
    state = Counter().get_state()
    assert state["_model_module"] == state["_view_module"] == "anywidget"
    assert state["_model_name"] == "AnyModel"
    assert state["_view_name"] == "AnyView"
    # Our release first (our front end reads it), then the published front end that renders it.
    assert state["_model_module_version"] == state["_view_module_version"] == "~0.12.*||~0.11.*"


def test_esm_and_css_class_attributes_become_synced_state():
    state = Counter().get_state()
    assert store.resolve(state["_esm"]) == (
        "export default { render({ model, el }) { el.textContent = model.get('value'); } };"
    )
    assert store.resolve(state["_css"]) == ".counter { color: red }"


def test_comm_open_carries_module_references_and_traits(comms):
    widget = Counter(value=5)
    assert widget.comm in comms
    msg_type, data, _ = widget.comm.sent[0]
    assert msg_type == "comm_open"
    assert store.resolve(data["state"]["_esm"]).startswith("export default")
    assert store.resolve(data["state"]["_css"]) == ".counter { color: red }"
    assert data["state"]["value"] == 5


def test_python_change_is_sent_as_update(comms):
    widget = Counter()
    widget.value = 7
    updates = [data for _, data, _ in widget.comm.sent if data.get("method") == "update"]
    assert updates[-1]["state"] == {"value": 7}


def test_front_end_update_sets_the_trait(comms):
    widget = Counter()
    widget.comm.receive({"method": "update", "state": {"value": 11}, "buffer_paths": []})
    assert widget.value == 11


def test_subclass_inherits_parent_module():
    class Child(Counter):
        pass

    assert Child()._esm == Counter()._esm
    assert Child()._anywidget_id.endswith(
        "test_widget.test_subclass_inherits_parent_module.<locals>.Child"
    )


def test_anywidget_id_names_module_and_class():
    assert Counter()._anywidget_id == f"{Counter.__module__}.Counter"
    assert "_anywidget_id" in Counter().get_state()


def test_explicit_esm_trait_is_respected_as_is():
    class Explicit(AnyWidget):
        _esm = traitlets.Unicode("export default { render() {} }").tag(sync=True, custom=True)

    trait = Explicit.class_traits()["_esm"]
    assert trait.metadata.get("custom") is True
    assert Explicit()._esm == "export default { render() {} }"


def test_missing_esm_renders_a_note_to_the_author():
    esm = AnyWidget()._esm
    assert "export default" in esm
    assert "_esm" in esm


def test_each_instance_can_change_its_own_esm():
    first, second = Counter(), Counter()
    first._esm = "export default { render() {} }"
    assert second._esm.startswith("export default { render({ model")


def test_version_is_the_same_in_python_js_and_package_json():
    protocol = (ROOT / "js" / "contract" / "protocol.ts").read_text()
    js_version = re.search(r'MODULE_VERSION = "([^"]+)"', protocol)
    package_json = (ROOT / "package.json").read_text()
    assert js_version is not None
    assert js_version.group(1) == anywidget.__version__
    assert f'"version": "{anywidget.__version__}"' in package_json


@pytest.mark.parametrize("value", [42, b"export default {}", ["a"], object()])
def test_wrong_type_for_esm_names_class_and_value(value):
    with pytest.raises(
        TypeError, match=r"Broken\._esm must be a str .*" + re.escape(repr(value)[:10])
    ):

        class Broken(AnyWidget):
            _esm = value


def test_class_attributes_read_as_the_class_set_them(tmp_path):
    file = tmp_path / "widget.js"
    file.write_text("export default { render() {} }; // file")

    class FromFile(AnyWidget):
        _esm = file

    assert Counter._esm == (
        "export default { render({ model, el }) { el.textContent = model.get('value'); } };"
    )
    assert Counter._css == ".counter { color: red }"
    assert FromFile._esm is file
    assert FromFile()._esm == "export default { render() {} }; // file"


def test_subclass_reads_its_parents_class_attribute():
    class Child(Counter):
        pass

    assert Child._esm == Counter._esm
    assert isinstance(Child(), Child)
    assert isinstance(Child(), Counter)


def test_any_object_whose_str_is_the_source_is_accepted():
    class Text:
        def __str__(self) -> str:
            return "export default { render() {} }; // from str()"

    text = Text()

    class FromObject(AnyWidget):
        _esm = text

    assert FromObject._esm is text
    assert FromObject()._esm == "export default { render() {} }; // from str()"


def test_instance_changes_to_esm_are_synced_traits(comms):
    widget = Counter()
    widget._esm = "export default { render() {} }; // changed"
    update = next(data for _, data, _ in widget.comm.sent if data.get("method") == "update")
    assert store.resolve(update["state"]["_esm"]).endswith("// changed")


class Blob(AnyWidget):
    _esm = "export default { render() {} };"
    data = traitlets.Bytes(b"").tag(sync=True)
    anything = traitlets.Any().tag(sync=True)


def test_binary_from_front_end_is_accepted_by_a_bytes_trait(comms):
    widget = Blob()
    payload = memoryview(b"\x00\x01\x02\xff")
    widget.comm.receive(
        {"method": "update", "state": {}, "buffer_paths": [["data"]]}, buffers=[payload]
    )
    assert widget.data == b"\x00\x01\x02\xff"
    assert isinstance(widget.data, bytes)


def test_binary_for_other_traits_stays_a_memoryview(comms):
    widget = Blob()
    payload = memoryview(bytearray(b"abc"))
    widget.comm.receive(
        {"method": "update", "state": {}, "buffer_paths": [["anything"]]}, buffers=[payload]
    )
    assert isinstance(widget.anything, memoryview)
    assert widget.anything.obj is payload.obj


def test_binary_from_front_end_is_not_sent_back_as_an_update(comms):
    widget = Blob()
    sent_before = len(widget.comm.sent)
    widget.comm.receive(
        {"method": "update", "state": {}, "buffer_paths": [["data"]]}, buffers=[memoryview(b"xy")]
    )
    updates = [d for _, d, _ in widget.comm.sent[sent_before:] if d.get("method") == "update"]
    assert updates == []


def echoes(widget: Blob, sent_before: int) -> list[tuple[dict, list[int]]]:
    return [
        (d, [memoryview(b).nbytes for b in buffers])
        for _, d, buffers in widget.comm.sent[sent_before:]
        if d.get("method") == "echo_update"
    ]


# ipywidgets 7.6 sends no echo updates, 7.8 only with JUPYTER_WIDGETS_ECHO set (these tests also
# run beside ipywidgets 7).
echoing = pytest.mark.skipif(
    not getattr(ipywidgets.widgets.widget, "JUPYTER_WIDGETS_ECHO", False),
    reason="this ipywidgets sends no echo updates",
)


@echoing
def test_small_binary_from_front_end_is_echoed_for_other_clients(comms):
    widget = Blob()
    sent_before = len(widget.comm.sent)
    widget.comm.receive(
        {"method": "update", "state": {}, "buffer_paths": [["data"]]}, buffers=[memoryview(b"xy")]
    )
    assert echoes(widget, sent_before) == [
        ({"method": "echo_update", "state": {}, "buffer_paths": [["data"]]}, [2])
    ]


@echoing
def test_large_binary_from_front_end_is_not_echoed_but_other_keys_are(comms):
    widget = Blob()
    widget.anything = {}
    sent_before = len(widget.comm.sent)
    upload = memoryview(bytes(2 * 1024 * 1024))
    widget.comm.receive(
        {
            "method": "update",
            "state": {"anything": {"small": None, "n": 1}},
            "buffer_paths": [["data"], ["anything", "small"]],
        },
        buffers=[upload, memoryview(b"abc")],
    )
    assert widget.data == bytes(upload)
    assert echoes(widget, sent_before) == [
        (
            {
                "method": "echo_update",
                "state": {"anything": {"n": 1}},
                "buffer_paths": [["anything", "small"]],
            },
            [3],
        )
    ]


def test_an_echo_of_only_large_binary_is_not_sent(comms):
    widget = Blob()
    sent_before = len(widget.comm.sent)
    widget.comm.receive(
        {"method": "update", "state": {}, "buffer_paths": [["data"]]},
        buffers=[memoryview(bytes(2 * 1024 * 1024))],
    )
    assert echoes(widget, sent_before) == []


@pytest.mark.parametrize("value", [b"\x01\x02", bytearray(b"\x01\x02"), memoryview(b"\x01\x02")])
def test_bytes_like_trait_values_travel_as_binary_frames(comms, value):
    widget = Blob()
    widget.anything = {"nested": [value]}
    _, data, buffers = widget.comm.sent[-1]
    assert data["buffer_paths"] == [["anything", "nested", 0]]
    assert [bytes(b) for b in buffers] == [b"\x01\x02"]


def test_repr_is_cheap_and_never_formats_state():
    widget = Blob(data=b"x" * 50_000_000)
    text = repr(widget)
    assert text.startswith("Blob(model_id=")
    assert len(text) < 100
    bundle, _ = widget._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == widget.model_id
    assert bundle["text/plain"] == text


def test_mime_bundle_carries_a_fallback_saying_what_to_fix():
    fallback = Counter()._repr_mimebundle_()[0]["text/html"]
    assert "This Counter widget cannot be shown here" in fallback
    assert "pip install anywidget" in fallback
    assert "python -m anywidget doctor" in fallback


def test_ipython_shows_the_mime_bundle_fallback_included():
    # ipywidgets 7's `_ipython_display_` would win over `_repr_mimebundle_` and drop the fallback.
    widget = Counter()
    data, _ = DisplayFormatter().format(widget)
    assert data == widget._repr_mimebundle_()[0]
    assert "This Counter widget cannot be shown here" in data["text/html"]


@pytest.mark.skipif(
    not hasattr(ipywidgets.Widget, "on_displayed"), reason="ipywidgets 8 has no on_displayed"
)
def test_on_displayed_callbacks_run_when_ipython_shows_the_widget():
    widget = Counter()
    shown: list[object] = []
    widget.on_displayed(shown.append)
    DisplayFormatter().format(widget)
    assert shown == [widget]


class Parent(AnyWidget):
    _esm = "export default { render() {} };"
    child = traitlets.Instance(ipywidgets.Widget, allow_none=True).tag(sync=True)
    children = traitlets.List().tag(sync=True)


def test_child_widget_trait_is_sent_as_a_reference(comms):
    child = Counter()
    parent = Parent(child=child, children=[{"slot": child}, 3])
    state = parent.comm.sent[0][1]["state"]
    assert state["child"] == f"IPY_MODEL_{child.model_id}"
    assert state["children"] == [{"slot": f"IPY_MODEL_{child.model_id}"}, 3]


def test_state_without_widgets_is_passed_through_unchanged():
    value = {"a": [1, 2, {"b": "c"}]}
    assert AnyWidget._trait_to_json(value, None) is value


class Bounded(AnyWidget):
    _esm = "export default { render() {} };"
    value = traitlets.Int(0).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)

    @traitlets.validate("value")
    def _check_value(self, proposal):
        if proposal["value"] > 10:
            raise traitlets.TraitError("value must be at most 10")
        return proposal["value"]


def updates_since(widget, start):
    return [d for _, d, _ in widget.comm.sent[start:] if d.get("method") == "update"]


def customs_since(widget, start):
    return [d["content"] for _, d, _ in widget.comm.sent[start:] if d.get("method") == "custom"]


@pytest.mark.parametrize("bad", ["not a number", 99])
def test_rejected_update_keeps_python_state_and_reverts_front_end(comms, bad):
    widget = Bounded(value=3)
    start = len(widget.comm.sent)
    widget.comm.receive({"method": "update", "state": {"value": bad}, "buffer_paths": []})
    assert widget.value == 3
    assert updates_since(widget, start)[-1]["state"] == {"value": 3}


def test_valid_values_in_a_partly_rejected_update_are_applied(comms):
    widget = Bounded(value=3)
    widget.comm.receive(
        {"method": "update", "state": {"value": 99, "label": "kept"}, "buffer_paths": []}
    )
    assert (widget.value, widget.label) == (3, "kept")


def test_rejection_is_reported_once_and_later_updates_still_apply(comms):
    widget = Bounded(value=3)
    start = len(widget.comm.sent)
    for _ in range(5):
        widget.comm.receive({"method": "update", "state": {"value": 99}, "buffer_paths": []})
    (report,) = customs_since(widget, start)
    assert "value must be at most 10" in report["__anywidget_rejected__"]["value"]
    widget.comm.receive({"method": "update", "state": {"value": 7}, "buffer_paths": []})
    assert widget.value == 7


def test_mime_bundle_is_data_and_metadata_as_published():
    widget = Counter()
    data, metadata = widget._repr_mimebundle_()
    assert metadata == {}
    assert data["application/vnd.jupyter.widget-view+json"] == {
        "version_major": 2,
        "version_minor": 1,
        "model_id": widget.model_id,
    }
    assert data["text/plain"] == repr(widget)


def test_widget_without_a_view_has_no_mime_bundle():
    class Viewless(AnyWidget):
        _esm = "export default {}"
        _view_name = traitlets.Unicode(None, allow_none=True).tag(sync=True)

    assert Viewless()._repr_mimebundle_() is None


def test_the_page_cannot_replace_code_or_classes_but_sets_other_traits(caplog):
    widget = Counter()
    esm = widget._esm
    page = FrontEnd(widget)
    page.update({"_esm": "export default {}", "_view_name": "Other", "value": 4})
    assert (widget._esm, widget._view_name, widget.value) == (esm, "AnyView", 4)
    assert "only the kernel sets them" in caplog.text


def test_a_value_the_trait_rejects_is_put_back_on_the_page_and_reported():
    widget = Counter(value=2)
    page = FrontEnd(widget)
    page.set("value", "three")
    assert widget.value == 2
    assert page.get("value") == 2
    assert set(page.rejected) == {"value"}


def test_an_update_with_buffer_paths_that_lead_nowhere_is_dropped_whole(comms, caplog):
    widget = Counter()
    (comm,) = [c for c in comms if c.comm_id == widget.model_id]
    comm.receive(
        {"method": "update", "state": {"value": 9}, "buffer_paths": [["value", "x"]]}, [b"1"]
    )
    assert widget.value == 0
    assert "bad buffer paths" in caplog.text
