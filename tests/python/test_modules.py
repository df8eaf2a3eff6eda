from __future__ import annotations

import comm
import ipywidgets
import pytest

import anywidget
from anywidget._core.modules import ModuleStore, reference, referenced_id, store
from anywidget._sources.live import LiveText
from anywidget.widget import follow_live_sources

_ESM = "export default { render({ el }) { el.textContent = 'shared'; } };"


class Shared(anywidget.AnyWidget):
    _esm = _ESM
    _css = ".shared { color: teal }"


def _opened(comms, target_text):
    return [
        comm
        for comm in comms
        if comm.sent
        and comm.sent[0][0] == "comm_open"
        and comm.sent[0][1]["state"].get("source") == target_text
    ]


def _closed(comm) -> bool:
    return any(msg_type == "comm_close" for msg_type, _, _ in comm.sent)


def test_one_module_model_per_distinct_source_however_many_widgets(comms):
    widgets = [Shared() for _ in range(5)]
    assert len(_opened(comms, _ESM)) == 1
    references = {referenced_id(widget.get_state()["_esm"]) for widget in widgets}
    assert len(references) == 1
    for widget in widgets:
        widget.close()


def test_module_comm_opens_before_the_widget_referring_to_it(comms):
    widget = Shared()
    [module] = _opened(comms, _ESM)
    assert comms.index(module) < comms.index(widget.comm)
    assert referenced_id(widget.comm.sent[0][1]["state"]["_esm"]) == module.comm_id
    widget.close()


def test_python_still_reads_the_source_text():
    widget = Shared()
    assert widget._esm == _ESM
    assert widget._css == ".shared { color: teal }"
    widget.close()


def test_module_closes_when_its_last_widget_closes(comms):
    first, second = Shared(), Shared()
    [module] = _opened(comms, _ESM)
    first.close()
    assert not _closed(module)
    second.close()
    assert _closed(module)


def test_a_module_is_opened_again_for_a_widget_after_it_was_released(comms):
    Shared().close()
    widget = Shared()
    opened = _opened(comms, _ESM)
    assert len(opened) == 2
    assert not _closed(opened[1])
    assert store.resolve(widget.get_state()["_esm"]) == _ESM
    widget.close()


def test_new_source_for_one_widget_moves_only_that_widget(comms):
    first, second = Shared(), Shared()
    [module] = _opened(comms, _ESM)
    first._esm = "export default {}; // own"
    assert store.resolve(first.get_state()["_esm"]) == "export default {}; // own"
    assert referenced_id(second.get_state()["_esm"]) == module.comm_id
    assert not _closed(module)
    second.close()
    assert _closed(module)
    first.close()


def test_update_for_new_source_follows_the_new_modules_comm_open(comms):
    widget = Shared()
    widget._esm = "export default {}; // next"
    [module] = _opened(comms, "export default {}; // next")
    update = next(data for _, data, _ in widget.comm.sent if data.get("method") == "update")
    assert referenced_id(update["state"]["_esm"]) == module.comm_id
    widget.close()


def test_replaced_module_closes_only_after_the_update_naming_the_new_one(comms, monkeypatch):
    widget = Shared()
    [old] = _opened(comms, _ESM)
    recording = type(widget.comm)
    publish = recording.publish_msg
    order: list[tuple[str, str, str]] = []

    def logged(self, msg_type, data=None, *args, **kwargs):
        order.append((self.comm_id, msg_type, (data or {}).get("method", "")))
        publish(self, msg_type, data, *args, **kwargs)

    monkeypatch.setattr(recording, "publish_msg", logged)
    widget._esm = "export default {}; // replaced"
    update = order.index((widget.comm.comm_id, "comm_msg", "update"))
    close = order.index((old.comm_id, "comm_close", ""))
    assert update < close
    widget.close()


def test_change_inside_hold_sync_moves_modules_when_the_state_is_sent(comms):
    widget = Shared()
    [old] = _opened(comms, _ESM)
    with widget.hold_sync():
        widget._esm = "export default {}; // held"
        assert not _closed(old)
    assert _closed(old)
    widget.close()


def test_hot_reload_of_a_shared_module_moves_every_instance_to_one_new_module(comms):
    live = LiveText(_ESM)
    widgets = [Shared() for _ in range(3)]
    stops = [follow_live_sources(widget, {"_esm": live}) for widget in widgets]
    [old] = _opened(comms, _ESM)
    live.update("export default {}; // reloaded")
    new = _opened(comms, "export default {}; // reloaded")
    assert len(new) == 1
    assert _closed(old)
    assert {referenced_id(widget.get_state()["_esm"]) for widget in widgets} == {new[0].comm_id}
    for stop, widget in zip(stops, widgets):
        stop()
        widget.close()
    assert _closed(new[0])


def test_empty_stylesheet_is_sent_as_empty_text(comms):
    class Plain(anywidget.AnyWidget):
        _esm = _ESM

    widget = Plain()
    assert widget.get_state()["_css"] == ""
    widget.close()


def test_closed_widget_state_holds_no_module():
    widget = Shared()
    widget.close()
    before = len(store.open_models())
    assert widget.get_state()["_esm"] == _ESM
    assert len(store.open_models()) == before


def test_unknown_reference_is_a_clear_error():
    with pytest.raises(ValueError, match="no open module model has the id 'nope'"):
        ModuleStore().resolve(reference("nope", "_esm"))


def test_text_that_is_not_a_reference_resolves_to_itself():
    assert ModuleStore().resolve("export default {}") == "export default {}"


def test_references_are_a_stand_in_module_for_esm_and_a_comment_for_css():
    esm, css = reference("m1", "_esm"), reference("c1", "_css")
    assert esm.startswith("/* anywidget module m1 */\n")
    assert "export default" in esm
    assert css == "/* anywidget module c1 */"
    assert (referenced_id(esm), referenced_id(css), referenced_id("export default {}")) == (
        "m1",
        "c1",
        None,
    )


def test_marimo_gets_the_text_itself(comms, monkeypatch):
    # marimo's front end reads `_esm`/`_css` from the state it opens each widget with.
    def init_marimo_widget(widget):
        pass

    init_marimo_widget.__module__ = "marimo._plugins.ui._impl.anywidget.init"
    monkeypatch.setattr(ipywidgets.Widget, "_widget_construction_callback", init_marimo_widget)
    widget = Shared()
    assert widget.get_state()["_esm"] == _ESM
    widget.close()


def test_a_page_cannot_replace_a_module_text(comms, caplog):
    widget = Shared()
    [module_comm] = _opened(comms, _ESM)
    [model] = [m for m in store.open_models() if m.source == _ESM]
    hostile = "export default { render() { window.stolen = 1; } };"
    for _ in range(3):
        module_comm.receive(
            {"method": "update", "state": {"source": hostile, "_view_count": 9}, "buffer_paths": []}
        )
    # The kernel keeps its text, echoes nothing to other pages, and says so once.
    assert model.source == _ESM
    assert store.resolve(widget.get_state()["_esm"]) == _ESM
    assert [data for _, data, _ in module_comm.sent[1:]] == []
    assert caplog.text.count("protected key in a message to ModuleModel") == 1
    # A page that asks for the state still gets it.
    module_comm.receive({"method": "request_state"})
    assert module_comm.sent[-1][1]["state"]["source"] == _ESM
    widget.close()


def test_malformed_messages_to_a_module_model_are_dropped_and_reported_once(comms, caplog):
    widget = Shared()
    [module_comm] = _opened(comms, _ESM)
    for _ in range(3):
        module_comm.receive({"state": {"source": "x"}})
        module_comm.receive({"method": "update", "state": {}, "buffer_paths": [["source"]]})
    assert "Traceback" not in caplog.text
    assert caplog.text.count("unknown method in a message to ModuleModel") == 1
    assert caplog.text.count("bad buffer paths in a message to ModuleModel") == 1
    assert store.resolve(widget.get_state()["_esm"]) == _ESM
    widget.close()


def test_shiny_gets_the_text_itself(comms, monkeypatch):
    # shinywidgets serves every visitor from one process; each page hears only its own comms.
    def init_shiny_widget(widget):
        pass

    init_shiny_widget.__module__ = "shinywidgets._shinywidgets"
    monkeypatch.setattr(ipywidgets.Widget, "_widget_construction_callback", init_shiny_widget)
    widget = Shared()
    assert widget.get_state()["_esm"] == _ESM
    assert widget.get_state()["_css"] == Shared._css
    assert _opened(comms, _ESM) == []
    widget.close()


def test_solara_server_gets_the_text_itself(comms, monkeypatch):
    # Solara's server makes each visitor's comms in a virtual kernel of its own.
    def solara_comm(**kwargs):
        return comms_create(**kwargs)

    comms_create = comm.create_comm
    solara_comm.__module__ = "solara.server.kernel"
    monkeypatch.setattr(comm, "create_comm", solara_comm)
    widget = Shared()
    assert widget.get_state()["_esm"] == _ESM
    assert _opened(comms, _ESM) == []
    widget.close()
