"""The outbox: a widget's state updates sent at once, or merged during a burst, never lost."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import TYPE_CHECKING, Any

import pytest
import traitlets

import anywidget
from anywidget import AnyWidget
from anywidget._wire.outbox import BURST, RATE, Budget, Outbox
from anywidget.testing import FrontEnd

if TYPE_CHECKING:
    from conftest import Refused


class Sent:
    def __init__(self) -> None:
        self.states: list[dict[str, Any]] = []

    def __call__(self, state: dict[str, Any]) -> None:
        self.states.append(dict(state))


def test_updates_within_the_burst_leave_at_once():
    sent = Sent()
    outbox = Outbox(sent, Budget(burst=5, rate=1.0))
    for i in range(5):
        outbox.update({"value": i})
    assert sent.states == [{"value": i} for i in range(5)]
    assert not outbox.pending


def test_updates_past_the_burst_are_merged_and_the_last_values_leave():
    sent = Sent()
    outbox = Outbox(sent, Budget(burst=3, rate=50.0))
    for i in range(1000):
        outbox.update({"value": i, f"key{i % 2}": i})
    assert outbox.wait_sent(timeout=5)
    values = [state["value"] for state in sent.states]
    assert values[-1] == 999
    assert values == sorted(values)
    assert len(sent.states) < 100
    merged: dict[str, Any] = {}
    for state in sent.states:
        merged.update(state)
    assert merged == {"value": 999, "key0": 998, "key1": 999}


def test_flush_sends_merged_state_before_anything_else():
    sent = Sent()
    outbox = Outbox(sent, Budget(burst=1, rate=0.001))
    outbox.update({"a": 1})
    outbox.update({"a": 2})
    outbox.update({"b": 3})
    assert outbox.pending
    outbox.flush()
    assert sent.states == [{"a": 1}, {"a": 2, "b": 3}]
    assert not outbox.pending


def test_a_bad_budget_is_refused():
    with pytest.raises(ValueError, match="burst >= 1 and rate > 0"):
        Budget(burst=0)
    with pytest.raises(ValueError, match="burst >= 1 and rate > 0"):
        Budget(rate=0)


def test_widgets_sharing_a_budget_send_no_more_than_it_allows_together():
    budget = Budget(burst=4, rate=20.0)
    sents = [Sent() for _ in range(3)]
    outboxes = [Outbox(sent, budget) for sent in sents]
    for i in range(300):
        for outbox in outboxes:
            outbox.update({"value": i})
    assert sum(len(sent.states) for sent in sents) == 4
    for outbox in outboxes:
        assert outbox.wait_sent(timeout=5)
    assert [sent.states[-1] for sent in sents] == [{"value": 299}] * 3


def test_paced_updates_are_never_held_back():
    now = [0.0]
    sent = Sent()
    outbox = Outbox(sent, Budget(burst=2, rate=RATE, clock=lambda: now[0]))
    for i in range(1000):
        outbox.update({"value": i})
        assert sent.states[-1] == {"value": i}
        now[0] += 0.003  # the pace of round trips with the page, a few milliseconds each


def test_in_an_event_loop_held_state_leaves_from_the_loop_and_no_thread_starts(
    no_threads: Refused,
):
    async def main() -> tuple[list[tuple[int, int]], int]:
        last = asyncio.Event()
        sent: list[tuple[int, int]] = []

        def send(state: dict[str, Any]) -> None:
            sent.append((state["value"], threading.get_ident()))
            if state["value"] == 500:
                last.set()

        outbox = Outbox(send, Budget(burst=2, rate=200.0))
        for i in range(1, 501):
            outbox.update({"value": i})  # a cell's tight loop: the loop cannot run meanwhile
        await asyncio.wait_for(last.wait(), timeout=5)
        return sent, threading.get_ident()

    sent, loop_thread = asyncio.run(main())
    values = [value for value, _ in sent]
    assert values[-1] == 500
    assert values == sorted(values)
    assert len(values) < 50
    assert {thread for _, thread in sent} == {loop_thread}
    assert no_threads.attempts == 0


def test_held_state_leaves_when_its_event_loop_ends_before_its_time():
    sent = Sent()
    outbox = Outbox(sent, Budget(burst=1, rate=0.001))  # the next token in 1,000 s

    async def main() -> None:
        for i in range(1, 101):
            outbox.update({"value": i})

    asyncio.run(main())
    assert not outbox.pending
    assert sent.states == [{"value": 1}, {"value": 100}]


def test_a_busy_event_loop_does_not_hold_back_updates_once_the_budget_allows():
    now = [0.0]

    async def main() -> list[dict[str, Any]]:
        sent = Sent()
        outbox = Outbox(sent, Budget(burst=1, rate=10.0, clock=lambda: now[0]))
        outbox.update({"value": 1})
        outbox.update({"value": 2})  # held: its callback waits for the loop
        now[0] += 0.05
        outbox.update({"value": 3})  # still no token: merged
        now[0] += 0.1
        outbox.update({"value": 4})  # a token again: out now, the loop still busy
        return sent.states

    assert asyncio.run(main()) == [{"value": 1}, {"value": 4}]


class Burst(AnyWidget):
    _esm = "export default { render() {} };"
    value = traitlets.Int(0).tag(sync=True)


def _outbox(widget: AnyWidget) -> Outbox:
    return widget._anywidget_endpoint().outbox  # type: ignore[no-any-return]


def test_a_tight_loop_of_trait_sets_sends_few_messages_ending_on_the_last_value():
    widget = Burst()
    page = FrontEnd(widget)
    started = time.monotonic()
    for i in range(1, 10_001):
        widget.value = i
    assert _outbox(widget).wait_sent(timeout=5)
    values = [update["value"] for update in page.updates if "value" in update]
    assert values[-1] == 10_000
    assert values == sorted(values)
    # The kernel's budget, whatever the loop's pace: a burst, then the rate.
    assert len(values) <= BURST + RATE * (time.monotonic() - started) + 2
    assert page.state["value"] == 10_000


def test_a_custom_message_after_a_burst_arrives_after_the_merged_state():
    widget = Burst()
    page = FrontEnd(widget)
    seen: list[object] = []
    page.subscribe(lambda kind, content, buffers: seen.append((kind, content)))
    for i in range(1, 101):
        widget.value = i
    widget.send({"done": True})
    assert seen[-1] == ("custom", {"done": True})
    assert seen[-2] == ("update", {"value": 100})


def test_closing_mid_burst_sends_the_last_value_first():
    widget = Burst()
    page = FrontEnd(widget)
    for i in range(1, 101):
        widget.value = i
    widget.close()
    assert page.state["value"] == 100


@anywidget.experimental.dataclass(esm="export default { render() {} };")
class Evented:
    value: int = 0


def test_an_experimental_object_changed_in_a_tight_loop_sends_few_updates_ending_on_the_last(
    comms,
):
    obj = Evented()
    obj._repr_mimebundle_()
    started = time.monotonic()
    for i in range(1, 10_001):
        obj.value = i
    assert obj._repr_mimebundle_._endpoint.outbox.wait_sent(timeout=5)
    values = [
        data["state"]["value"]
        for kind, data, _ in comms[0].sent
        if kind == "comm_msg" and "value" in data.get("state", {})
    ]
    assert values[-1] == 10_000
    assert values == sorted(values)
    assert len(values) <= BURST + RATE * (time.monotonic() - started) + 2
