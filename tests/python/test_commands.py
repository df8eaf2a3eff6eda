"""Commands: Python methods the front end calls, answered on AnyWidget comms."""

from __future__ import annotations

import pytest
import traitlets

from anywidget import AnyWidget
from anywidget._wire.commands import command_names
from anywidget._wire.protocol import COMMAND_KIND, COMMAND_RESPONSE_KIND
from anywidget.experimental import command


class Calculator(AnyWidget):
    _esm = "export default { render() {} };"
    total = traitlets.Int(0).tag(sync=True)

    @command
    def add(self, msg, buffers):
        self.total += msg["n"]
        return {"total": self.total}, []

    @command
    def reverse(self, msg, buffers):
        return {"sizes": [len(b) for b in buffers]}, [bytes(b)[::-1] for b in buffers]

    @command
    def fail(self, msg, buffers):
        raise ValueError(f"cannot handle {msg!r}")

    @command
    def bare(self, msg, buffers):
        return msg

    @command
    def unsendable(self, msg, buffers):
        return {"value": object()}, []


def call(widget, name, msg=None, buffers=(), call_id="c1"):
    """Send a command call as the front end does; return the reply's content and buffers."""
    before = len(widget.comm.sent)
    widget.comm.receive(
        {
            "method": "custom",
            "content": {"id": call_id, "kind": COMMAND_KIND, "name": name, "msg": msg},
        },
        list(buffers),
    )
    replies = [
        (data["content"], buffers)
        for _, data, buffers in widget.comm.sent[before:]
        if data.get("method") == "custom"
        and data.get("content", {}).get("kind") == COMMAND_RESPONSE_KIND
    ]
    assert len(replies) == 1, widget.comm.sent[before:]
    return replies[0]


def test_command_reply_carries_the_response_and_the_call_id(comms):
    widget = Calculator()
    reply, buffers = call(widget, "add", {"n": 3}, call_id="abc")
    assert reply == {"id": "abc", "kind": "anywidget-command-response", "response": {"total": 3}}
    assert buffers == []
    assert widget.total == 3


def test_command_gets_and_returns_binary_buffers(comms):
    widget = Calculator()
    reply, buffers = call(widget, "reverse", None, [memoryview(b"\x01\x02\x03"), memoryview(b"")])
    assert reply["response"] == {"sizes": [3, 0]}
    assert [bytes(b) for b in buffers] == [b"\x03\x02\x01", b""]


def test_exception_in_a_command_replies_with_its_type_and_message(comms):
    reply, _ = call(Calculator(), "fail", "x", call_id="e1")
    assert reply == {
        "id": "e1",
        "kind": "anywidget-command-response",
        # What a published front end resolves the call with: it does not read `error`.
        "response": None,
        "error": {"type": "ValueError", "message": "cannot handle 'x'"},
    }


def test_unknown_command_replies_with_an_error_naming_the_commands(comms):
    reply, _ = call(Calculator(), "nope")
    assert reply["error"]["type"] == "UnknownCommandError"
    assert "'nope'" in reply["error"]["message"]
    assert "add, bare, fail, reverse, unsendable" in reply["error"]["message"]


def test_command_not_returning_a_pair_replies_with_a_type_error(comms):
    reply, _ = call(Calculator(), "bare", "just this")
    assert reply["error"]["type"] == "TypeError"
    assert "(response, buffers)" in reply["error"]["message"]


def test_response_that_cannot_be_sent_still_gets_an_error_reply(comms, monkeypatch):
    widget = Calculator()
    original = widget.comm.publish_msg

    def strict(msg_type, data=None, metadata=None, buffers=None, **keys):
        import json

        json.dumps(data)  # what the kernel's session does with message content
        original(msg_type, data, metadata, buffers, **keys)

    monkeypatch.setattr(widget.comm, "publish_msg", strict)
    reply, _ = call(widget, "unsendable")
    assert reply["error"]["type"] == "TypeError"
    assert "could not be sent" in reply["error"]["message"]


def test_concurrent_calls_are_answered_with_their_own_ids(comms):
    widget = Calculator()
    ids = [f"call-{i}" for i in range(20)]
    for call_id in ids:
        assert call(widget, "add", {"n": 1}, call_id=call_id)[0]["id"] == call_id
    assert widget.total == 20


def test_command_messages_never_reach_on_msg_handlers(comms):
    widget = Calculator()
    seen = []
    widget.on_msg(lambda _widget, content, buffers: seen.append(content))
    call(widget, "add", {"n": 1})
    widget.comm.receive({"method": "custom", "content": {"plain": True}})
    assert seen == [{"plain": True}]


def test_other_custom_messages_still_reach_on_msg_handlers(comms):
    widget = Calculator()
    seen: list[object] = []
    widget.on_msg(lambda _, content, buffers: seen.append((content, [bytes(b) for b in buffers])))
    widget.comm.receive({"method": "custom", "content": {"hello": 1}}, [memoryview(b"x")])
    assert seen == [({"hello": 1}, [b"x"])]


def test_commands_are_inherited_and_an_unmarked_override_is_not_one():
    class More(Calculator):
        @command
        def extra(self, msg, buffers):
            return None, []

        def fail(self, msg, buffers):
            return None, []

    assert command_names(More) == {"add", "bare", "extra", "reverse", "unsendable"}


def test_static_commands_are_found():
    class Static(AnyWidget):
        @staticmethod
        @command
        def ping(msg, buffers):
            return "pong", []

    assert command_names(Static) == {"ping"}


@pytest.mark.parametrize(
    "content",
    [None, "text", {"other": 1}, {"kind": "something-else", "id": "1"}, ["anywidget-command"]],
)
def test_other_custom_messages_pass_through(comms, content):
    widget = Calculator()
    seen = []
    widget.on_msg(lambda _widget, got, buffers: seen.append(got))
    widget.comm.receive({"method": "custom", "content": content})
    assert seen == [content]


def test_experimental_is_reachable_from_the_package():
    import anywidget

    assert anywidget.experimental.command is command


def test_a_widget_without_commands_answers_a_call_with_an_error(comms):
    class Plain(AnyWidget):
        _esm = "export default {}"

    widget = Plain()
    seen: list[object] = []
    widget.on_msg(lambda _, content, buffers: seen.append(content))
    widget.comm.receive(
        {
            "method": "custom",
            "content": {"id": "c1", "kind": COMMAND_KIND, "name": "go", "msg": None},
        }
    )
    _, data, _ = widget.comm.sent[-1]
    error = data["content"]["error"]
    assert error["type"] == "UnknownCommandError"
    assert "has no command 'go' (its commands: none;" in error["message"]
    assert seen == []
