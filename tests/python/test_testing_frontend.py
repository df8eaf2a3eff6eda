"""`anywidget.testing.FrontEnd`: a page in Python that goes through the widget's real message handling."""

from __future__ import annotations

import pytest
import traitlets

from anywidget import AnyWidget
from anywidget._wire.protocol import CHUNK_METHOD
from anywidget.experimental import command
from anywidget.testing import CommandError, FrontEnd

ESM = "export default { render() {} };"


class Counter(AnyWidget):
    _esm = ESM
    value = traitlets.Int(0).tag(sync=True)
    data = traitlets.Bytes(b"").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)

    @traitlets.validate("value")
    def _check_value(self, proposal):
        if proposal["value"] < 0:
            raise traitlets.TraitError("value must not be negative")
        return proposal["value"]

    @command
    def add(self, msg, buffers):
        self.value += msg["n"]
        return {"value": self.value, "sizes": [len(b) for b in buffers]}, [b"ok"]

    @command
    def fail(self, msg, buffers):
        raise KeyError("missing")


def test_page_sees_the_state_the_widget_opens_with_binary_as_bytes():
    page = FrontEnd(Counter(value=2, data=b"\x00\x01"))
    assert page.get("value") == 2
    assert page.get("data") == b"\x00\x01"
    assert page.get("_esm") == ESM


def test_python_changes_reach_the_page_as_updates():
    widget = Counter()
    page = FrontEnd(widget)
    widget.value = 5
    widget.data = b"\xff"
    assert page.get("value") == 5
    assert page.get("data") == b"\xff"
    assert page.updates == [{"value": 5}, {"data": b"\xff"}]


def test_page_set_changes_the_trait():
    widget = Counter()
    FrontEnd(widget).set("value", 3)
    assert widget.value == 3


def test_binary_set_by_the_page_reaches_a_bytes_trait():
    widget = Counter()
    FrontEnd(widget).set("data", b"\x01\x02")
    assert widget.data == b"\x01\x02"


def test_rejected_value_is_reverted_on_the_page_and_reported():
    widget = Counter(value=1)
    page = FrontEnd(widget)
    page.update({"value": -1, "label": "kept"})
    assert widget.value == 1
    assert widget.label == "kept"
    assert page.get("value") == 1
    assert "value must not be negative" in page.rejected["value"]


def test_large_binary_from_the_page_travels_in_chunks_and_arrives_whole():
    widget = Counter()
    page = FrontEnd(widget, chunk_bytes=1024)
    payload = bytes(range(256)) * 20
    received = []
    widget.on_msg(lambda _, content, buffers: received.append((content, buffers)))
    methods = []
    handle = widget.comm.handle_msg
    widget.comm.handle_msg = lambda msg: (
        methods.append(msg["content"]["data"]["method"]),
        handle(msg),
    )
    page.set("data", payload)
    page.send({"kind": "blob"}, [payload])
    assert widget.data == payload
    assert [(content, [bytes(b) for b in buffers]) for content, buffers in received] == [
        ({"kind": "blob"}, [payload])
    ]
    assert page.chunk_errors == []
    assert methods.count(CHUNK_METHOD) == 2 * 6


def test_custom_messages_cross_both_ways_with_buffers():
    widget = Counter()
    page = FrontEnd(widget)
    received = []
    widget.on_msg(
        lambda _, content, buffers: received.append((content, [bytes(b) for b in buffers]))
    )
    page.send({"ping": 1}, [b"\x07"])
    widget.send({"pong": 2}, buffers=[memoryview(b"\x08\x09")])
    assert received == [({"ping": 1}, [b"\x07"])]
    assert page.messages == [({"pong": 2}, [b"\x08\x09"])]


def test_invoke_returns_the_command_response_and_buffers():
    widget = Counter()
    page = FrontEnd(widget)
    response, buffers = page.invoke("add", {"n": 4}, [b"abc"])
    assert response == {"value": 4, "sizes": [3]}
    assert buffers == [b"ok"]
    assert widget.value == 4
    assert page.messages == []


def test_invoke_raises_the_command_error():
    page = FrontEnd(Counter())
    with pytest.raises(CommandError) as failure:
        page.invoke("fail")
    assert failure.value.kind == "KeyError"
    assert "missing" in failure.value.message


def test_invoke_of_an_unknown_command_names_the_commands():
    with pytest.raises(CommandError, match="add, fail"):
        FrontEnd(Counter()).invoke("nope")


def test_closing_the_widget_closes_the_page_and_further_sends_fail():
    widget = Counter()
    page = FrontEnd(widget)
    widget.close()
    assert page.closed
    with pytest.raises(RuntimeError, match="closed"):
        page.set("value", 1)


def test_command_calls_follow_the_kernel_parser_to_a_flat_wire_format(monkeypatch):
    # The published format {id, kind: "anywidget-command", name, msg}: a kernel that parses it
    # gets calls in it, and replies {id, kind, response} are recognised, without edits here.
    from anywidget._wire import protocol as _protocol
    from anywidget.testing import _wire

    def flat_request(content):
        is_call = isinstance(content, dict) and content.get("kind") == "anywidget-command"
        return content if is_call else None

    monkeypatch.setattr(_protocol, "COMMAND_KIND", "anywidget-command", raising=False)
    monkeypatch.setattr(_wire, "command_request", flat_request)
    assert _wire.command_call("c7", "add", {"n": 1}) == {
        "id": "c7",
        "kind": "anywidget-command",
        "name": "add",
        "msg": {"n": 1},
    }
    reply = {"id": "c7", "kind": "anywidget-command-response", "response": 2}
    assert _wire.command_reply(reply, "c7") == reply
    assert _wire.command_reply(reply, "other") is None
