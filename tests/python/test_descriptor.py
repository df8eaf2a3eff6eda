"""Any class as a widget: the descriptor's comm, sync both ways, cleanup, warnings and the decorators."""

from __future__ import annotations

import dataclasses
import gc
import logging
import pathlib
import warnings

import psygnal
import pytest
import traitlets
from traitlets.config import Application

from anywidget import AnyWidget, experimental
from anywidget._core.modules import referenced_id, store
from anywidget._objects.descriptor import open_connections
from anywidget._wire.protocol import COMMAND_KIND, WIDGET_VIEW_MIMETYPE
from anywidget.experimental import MimeBundleDescriptor

ESM = "export default { render({ model, el }) { el.textContent = model.get('value'); } };"


@psygnal.evented
@dataclasses.dataclass
class Counter:
    value: int = 0
    data: bytes = b""
    _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, _css=".c { color: red }")

    @experimental.command
    def double(self, msg, buffers):
        return msg * 2, [bytes(b) * 2 for b in buffers]


def comm_of(obj):
    return obj._repr_mimebundle_.comm


def object_comms(comms):
    """The recorded comms of objects, without the module models their code travels in."""
    return [c for c in comms if c.sent and c.sent[0][1]["state"].get("_model_name") == "AnyModel"]


def opened_state(obj):
    msg_type, data, buffers = comm_of(obj).sent[0]
    assert msg_type == "comm_open"
    return data, buffers


def updates(obj, since=0):
    return [
        (data, buffers)
        for msg_type, data, buffers in comm_of(obj).sent[since:]
        if msg_type == "comm_msg" and data.get("method") == "update"
    ]


def closed(obj_comm):
    return any(msg_type == "comm_close" for msg_type, _, _ in obj_comm.sent)


def test_no_comm_until_displayed(comms):
    counter = Counter()
    assert counter._repr_mimebundle_.comm is None
    assert comms == []


def test_displaying_opens_one_comm_with_protocol_code_and_object_state(comms):
    counter = Counter(value=4)
    bundle = counter._repr_mimebundle_()
    counter._repr_mimebundle_(include=None, exclude=None)
    assert len(object_comms(comms)) == 1
    data, _ = opened_state(counter)
    state = data["state"]
    assert state["_model_name"] == "AnyModel"
    assert state["_view_name"] == "AnyView"
    assert state["_model_module"] == state["_view_module"] == "anywidget"
    assert state["_model_module_version"] == "~0.12.*||~0.11.*"
    assert store.resolve(state["_esm"]) == ESM
    assert store.resolve(state["_css"]) == ".c { color: red }"
    assert state["_anywidget_id"] == f"{__name__}.Counter"
    assert state["value"] == 4
    assert object_comms(comms)[0].target_name == "jupyter.widget"
    # `(data, metadata)`, as the published anywidget returns.
    assert bundle == (
        {
            "text/plain": repr(counter),
            WIDGET_VIEW_MIMETYPE: {
                "version_major": 2,
                "version_minor": 1,
                "model_id": object_comms(comms)[0].comm_id,
            },
        },
        {},
    )


def test_each_instance_gets_its_own_comm(comms):
    first, second = Counter(), Counter()
    first._repr_mimebundle_()
    second._repr_mimebundle_()
    assert comm_of(first) is not comm_of(second)
    assert len(object_comms(comms)) == 2


def test_binary_state_travels_as_buffers(comms):
    counter = Counter(data=b"\x01\x02")
    counter._repr_mimebundle_()
    data, buffers = opened_state(counter)
    assert data["state"]["data"] is None
    assert data["buffer_paths"] == [["data"]]
    assert [bytes(b) for b in buffers] == [b"\x01\x02"]


def test_python_change_is_sent_as_an_update(comms):
    counter = Counter()
    counter._repr_mimebundle_()
    counter.value = 7
    counter.data = b"\x09"
    sent = updates(counter)
    assert sent[0] == ({"method": "update", "state": {"value": 7}, "buffer_paths": []}, [])
    state, buffers = sent[1]
    assert state["buffer_paths"] == [["data"]]
    assert [bytes(b) for b in buffers] == [b"\x09"]


def test_front_end_update_with_buffers_is_set_on_the_object_without_echo(comms):
    counter = Counter()
    counter._repr_mimebundle_()
    before = len(comm_of(counter).sent)
    comm_of(counter).receive(
        {"method": "update", "state": {"value": 3, "data": None}, "buffer_paths": [["data"]]},
        [memoryview(b"\x05\x06")],
    )
    assert counter.value == 3
    assert counter.data == b"\x05\x06"
    assert type(counter.data) is bytes
    assert updates(counter, before) == []


def test_request_state_is_answered_with_the_whole_state(comms):
    counter = Counter(value=2, data=b"\x07")
    counter._repr_mimebundle_()
    comm_of(counter).receive({"method": "request_state"})
    (reply, buffers), *_ = updates(counter)
    assert reply["state"]["value"] == 2
    assert store.resolve(reply["state"]["_esm"]) == ESM
    assert reply["buffer_paths"] == [["data"]]
    assert [bytes(b) for b in buffers] == [b"\x07"]


def test_no_view_opens_the_comm_but_shows_nothing(comms):
    @dataclasses.dataclass
    class Hidden:
        value: int = 0
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, no_view=True, autodetect_observer=False)

    hidden = Hidden()
    assert hidden._repr_mimebundle_() is None
    assert len(object_comms(comms)) == 1


def test_extra_state_is_sent_with_the_state(comms):
    @dataclasses.dataclass
    class Extra:
        value: int = 0
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, autodetect_observer=False, title="hello")

    extra = Extra()
    extra._repr_mimebundle_()
    assert opened_state(extra)[0]["state"]["title"] == "hello"


def test_esm_from_a_file(comms, tmp_path):
    path = tmp_path / "widget.js"
    path.write_text(ESM)

    @dataclasses.dataclass
    class FromFile:
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=pathlib.Path(path), autodetect_observer=False)

    obj = FromFile()
    obj._repr_mimebundle_()
    assert store.resolve(opened_state(obj)[0]["state"]["_esm"]) == ESM


def test_missing_file_names_the_class():
    # Python before 3.12 wraps errors raised in __set_name__ in a RuntimeError.
    with pytest.raises((FileNotFoundError, RuntimeError)) as raised:

        class Broken:
            _repr_mimebundle_ = MimeBundleDescriptor(_esm=pathlib.Path("/no/such/file.js"))

    error = raised.value if isinstance(raised.value, FileNotFoundError) else raised.value.__cause__
    assert isinstance(error, FileNotFoundError)
    assert "Broken._esm" in str(error)


def test_traitlets_object_is_followed(comms):
    class Traited(traitlets.HasTraits):
        value = traitlets.Int(0).tag(sync=True)
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM)

    obj = Traited()
    obj._repr_mimebundle_()
    obj.value = 5
    assert updates(obj)[-1][0]["state"] == {"value": 5}
    comm_of(obj).receive({"method": "update", "state": {"value": 8}, "buffer_paths": []})
    assert obj.value == 8


def test_custom_state_methods_are_used(comms):
    class Custom:
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, autodetect_observer=False)

        def __init__(self):
            self.got = []

        def _get_anywidget_state(self, include):
            return {"answer": 42}

        def _set_anywidget_state(self, state):
            self.got.append(state)

    obj = Custom()
    obj._repr_mimebundle_()
    assert opened_state(obj)[0]["state"]["answer"] == 42
    comm_of(obj).receive({"method": "update", "state": {"answer": 1}, "buffer_paths": []})
    assert obj.got == [{"answer": 1}]


def test_object_without_notifier_warns_once_per_class(comms):
    @dataclasses.dataclass
    class Plain:
        value: int = 0
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM)

    first, second = Plain(), Plain()
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        first._repr_mimebundle_()
        second._repr_mimebundle_()
    assert [str(w.message) for w in record if "no change notifier" in str(w.message)] == [
        f"{Plain.__qualname__} has no change notifier (a psygnal SignalGroup or traitlets `observe`), "
        "so its views show changes made in Python only after obj._repr_mimebundle_.send_state(); "
        "use anywidget.experimental.dataclass or psygnal.evented to follow them"
    ]


def test_plain_object_can_send_its_state_by_hand(comms):
    @dataclasses.dataclass
    class Manual:
        value: int = 0
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, autodetect_observer=False)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        manual = Manual()
        manual._repr_mimebundle_()
    manual.value = 3
    assert updates(manual) == []
    manual._repr_mimebundle_.send_state("value")
    assert updates(manual)[-1][0]["state"] == {"value": 3}


def test_without_follow_changes_nothing_syncs_until_asked(comms):
    @psygnal.evented
    @dataclasses.dataclass
    class Unfollowed:
        value: int = 0
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, follow_changes=False)

    obj = Unfollowed()
    obj._repr_mimebundle_()
    obj.value = 1
    comm_of(obj).receive({"method": "update", "state": {"value": 9}, "buffer_paths": []})
    assert (updates(obj), obj.value) == ([], 1)
    obj._repr_mimebundle_.sync_object_with_view()
    obj.value = 2
    assert updates(obj)[-1][0]["state"] == {"value": 2}
    obj._repr_mimebundle_.unsync_object_with_view()
    obj.value = 3
    assert updates(obj)[-1][0]["state"] == {"value": 2}


def test_comm_closes_when_the_object_is_garbage_collected(comms):
    counter = Counter()
    connection = counter._repr_mimebundle_
    connection()
    del counter
    gc.collect()
    assert closed(object_comms(comms)[0])
    assert connection.comm is None
    assert connection not in open_connections()


def test_front_end_closing_the_comm_stops_syncing_and_display_reopens(comms):
    counter = Counter()
    counter._repr_mimebundle_()
    [first] = object_comms(comms)
    first.handle_close({"content": {"comm_id": first.comm_id, "data": {}}})
    counter.value = 1
    assert updates_in(first) == []
    counter._repr_mimebundle_()
    assert len(object_comms(comms)) == 2
    assert opened_state(counter)[0]["state"]["value"] == 1


def updates_in(recording):
    return [d for t, d, _ in recording.sent if t == "comm_msg" and d.get("method") == "update"]


def test_objects_that_cannot_be_weakly_referenced_warn_and_stay_until_closed(comms):
    class Slotted:
        __slots__ = ("value",)
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, autodetect_observer=False)

        def __init__(self):
            self.value = 1

        def _get_anywidget_state(self, include):
            return {"value": self.value}

    obj = Slotted()
    with pytest.warns(UserWarning, match="cannot be weakly referenced"):
        connection = obj._repr_mimebundle_
    connection()
    assert obj._repr_mimebundle_ is connection
    assert connection in open_connections()
    connection.close()
    assert closed(object_comms(comms)[0])
    assert connection not in open_connections()


def test_commands_on_a_descriptor_backed_object(comms):
    counter = Counter()
    counter._repr_mimebundle_()
    comm_of(counter).receive(
        {
            "method": "custom",
            "content": {"id": "1", "kind": COMMAND_KIND, "name": "double", "msg": 21},
        },
        [memoryview(b"ab")],
    )
    _, data, buffers = comm_of(counter).sent[-1]
    assert data == {
        "method": "custom",
        "content": {"id": "1", "kind": "anywidget-command-response", "response": 42},
    }
    assert [bytes(b) for b in buffers] == [b"abab"]


def test_class_access_returns_the_descriptor():
    assert isinstance(Counter._repr_mimebundle_, MimeBundleDescriptor)


def test_rerunning_a_vfile_cell_updates_displayed_objects(comms):
    from anywidget._sources.vfile import write_vfile

    write_vfile("descriptor_counter", "export default {}; // v1")

    @dataclasses.dataclass
    class FromVfile:
        _repr_mimebundle_ = MimeBundleDescriptor(
            _esm="vfile:descriptor_counter", autodetect_observer=False
        )

    obj = FromVfile()
    obj._repr_mimebundle_()
    assert store.resolve(opened_state(obj)[0]["state"]["_esm"]).endswith("v1")
    write_vfile("descriptor_counter", "export default {}; // v2")
    [(update, _)] = updates(obj)
    assert list(update["state"]) == ["_esm"]
    assert store.resolve(update["state"]["_esm"]) == "export default {}; // v2"
    obj._repr_mimebundle_.close()
    write_vfile("descriptor_counter", "export default {}; // v3")
    assert len(updates_in(object_comms(comms)[0])) == 1


def test_value_the_object_refuses_is_logged_and_the_comm_keeps_working(comms, caplog):
    @dataclasses.dataclass(frozen=True)
    class Frozen:
        value: int = 0
        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, autodetect_observer=False)

        @experimental.command
        def ping(self, msg, buffers):
            return "pong", []

    frozen = Frozen()
    frozen._repr_mimebundle_()
    comm_of(frozen).receive({"method": "update", "state": {"value": 1}, "buffer_paths": []})
    assert frozen.value == 0
    assert "Frozen rejected a change from the front end" in caplog.text
    comm_of(frozen).receive(
        {
            "method": "custom",
            "content": {"id": "p", "kind": COMMAND_KIND, "name": "ping", "msg": None},
        }
    )
    assert comm_of(frozen).sent[-1][1]["content"]["response"] == "pong"


def test_chunked_messages_from_the_page_are_handled_once_whole(comms):
    from test_chunks import chunked

    counter = Counter()
    counter._repr_mimebundle_()
    payload = bytes(range(256)) * 100
    update = {"method": "update", "state": {"value": 9}, "buffer_paths": [["data"]]}
    chunks = chunked(update, [payload], chunk=5_000)
    for data, buffers in chunks[:-1]:
        comm_of(counter).receive(data, buffers)
    assert (counter.value, counter.data) == (0, b"")
    comm_of(counter).receive(*chunks[-1])
    assert (counter.value, counter.data) == (9, payload)
    call = {"id": "big", "kind": COMMAND_KIND, "name": "double", "msg": 1}
    for data, buffers in chunked({"method": "custom", "content": call}, [payload], 4_096, "u2"):
        comm_of(counter).receive(data, buffers)
    _, reply, reply_buffers = comm_of(counter).sent[-1]
    assert reply["content"]["response"] == 2
    assert bytes(reply_buffers[0]) == payload * 2


def test_send_state_sends_only_the_names_asked_for(comms):
    class Generous:
        def __init__(self) -> None:
            self.a, self.b = 1, 2

        def _get_anywidget_state(self, include):
            return {"a": self.a, "b": self.b}

        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, autodetect_observer=False)

    obj = Generous()
    obj._repr_mimebundle_()
    obj.a = 5
    obj._repr_mimebundle_.send_state("a")
    assert updates(obj)[-1][0]["state"] == {"a": 5}


def test_getter_only_class_gets_front_end_changes_as_attributes(comms):
    class GetterOnly:
        def __init__(self) -> None:
            self.value = 0

        def _get_anywidget_state(self, include):
            return {"value": self.value}

        _repr_mimebundle_ = MimeBundleDescriptor(_esm=ESM, autodetect_observer=False)

    obj = GetterOnly()
    obj._repr_mimebundle_()
    comm_of(obj).receive({"method": "update", "state": {"value": 3}, "buffer_paths": []})
    assert obj.value == 3


def test_malformed_messages_on_a_descriptor_comm_are_dropped_and_reported_once(comms, caplog):
    counter = Counter()
    counter._repr_mimebundle_()
    comm = comm_of(counter)
    for _ in range(3):
        comm.receive(
            {"method": "update", "state": {"value": 9}, "buffer_paths": [["nope", 1]]}, [b"x"]
        )
        comm.receive({"method": "frobnicate"})
    comm.receive({"method": "update", "state": {"_esm": "export default {}", "value": 2}})
    assert counter.value == 2
    assert caplog.text.count("bad buffer paths") == 1
    assert caplog.text.count("unknown method") == 1
    assert "only the kernel sets them" in caplog.text


def test_objects_of_one_class_share_one_module_released_with_the_last(comms):
    @dataclasses.dataclass
    class Shared:
        _repr_mimebundle_ = MimeBundleDescriptor(
            _esm="export default {}; // shared", autodetect_observer=False
        )

    first, second = Shared(), Shared()
    first._repr_mimebundle_()
    second._repr_mimebundle_()
    [reference] = {opened_state(obj)[0]["state"]["_esm"] for obj in (first, second)}
    [module] = [m for m in store.open_models() if m.source.endswith("// shared")]
    assert referenced_id(reference) == module.model_id
    first._repr_mimebundle_.close()
    assert module.comm is not None
    del second
    gc.collect()
    assert module.comm is None


def test_a_bad_command_call_on_a_descriptor_comm_is_reported_once_and_still_answered(comms, caplog):
    counter = Counter()
    counter._repr_mimebundle_()
    comm = comm_of(counter)
    for call_id in ([1, 2], None):
        call = {"id": call_id, "kind": COMMAND_KIND, "name": "double", "msg": 1}
        comm.receive({"method": "custom", "content": call})
        assert comm.sent[-1][1]["content"] == {
            "id": call_id,
            "kind": "anywidget-command-response",
            "response": 2,
        }
    assert caplog.text.count("bad command in a message to") == 1
    assert "a command call's id must be a string or number, not list" in caplog.text


class _Heard(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _Shown(AnyWidget):
    _esm = ESM


def test_descriptor_comm_reports_reach_the_kernel_application_log_as_widget_reports_do(comms):
    # In a kernel, the application (IPKernelApp) owns the log that reaches the terminal.
    app = Application.instance()
    heard = _Heard()
    app.log.addHandler(heard)
    try:
        counter = Counter()
        counter._repr_mimebundle_()
        comm_of(counter).receive({"method": "frobnicate"})
        widget = _Shown()
        widget.comm.receive({"method": "frobnicate"})
    finally:
        app.log.removeHandler(heard)
        Application.clear_instance()
    reports = [m for m in heard.messages if m.startswith("anywidget: unknown method")]
    assert len(reports) == 2, heard.messages
    assert any("test_descriptor.Counter" in m for m in reports)
    assert any("_Shown" in m for m in reports)
