"""Where no thread can start (Pyodide): widgets, experimental objects and hot-reload sources still
work, and every update reaches the page, the last one included."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import pytest
import traitlets

import anywidget
from anywidget import AnyWidget
from anywidget._wire.outbox import Budget, Outbox, kernel_budget
from anywidget.testing import FrontEnd

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Refused


class Sent:
    def __init__(self) -> None:
        self.states: list[dict[str, Any]] = []

    def __call__(self, state: dict[str, Any]) -> None:
        self.states.append(dict(state))


def test_held_state_leaves_at_once_when_no_timer_can_start(no_threads: Refused):
    sent = Sent()
    outbox = Outbox(sent, Budget(burst=3, rate=0.001))
    for i in range(300):
        outbox.update({"value": i})
    assert not outbox.pending
    assert sent.states[-1] == {"value": 299}
    assert [state["value"] for state in sent.states] == list(range(300))
    assert no_threads.attempts > 0  # the budget was spent: a timer was tried, and refused


def test_pyodide_kernels_send_every_update_at_once_and_try_no_thread(no_threads: Refused):
    assert kernel_budget("emscripten") is None
    assert isinstance(kernel_budget("linux"), Budget)
    sent = Sent()
    outbox = Outbox(sent, kernel_budget("emscripten"))
    for i in range(300):
        outbox.update({"value": i})
    outbox.flush()
    assert sent.states == [{"value": i} for i in range(300)]
    assert not outbox.pending
    assert no_threads.attempts == 0


class Looped(AnyWidget):
    _esm = "export default { render() {} };"
    value = traitlets.Int(0).tag(sync=True)


def test_a_widget_updated_in_a_loop_ends_on_the_last_value(no_threads: Refused):
    widget = Looped()
    # A spent budget, as after a burst: every update past the first is held.
    endpoint = widget._anywidget_endpoint()
    endpoint.outbox = Outbox(endpoint.send_state, Budget(burst=1, rate=0.001))
    page = FrontEnd(widget)
    for i in range(1, 301):
        widget.value = i
    assert page.state["value"] == 300
    assert not widget._anywidget_endpoint().outbox.pending
    widget.send({"done": True})
    widget.close()
    assert page.closed


@anywidget.experimental.dataclass(esm="export default { render() {} };")
class Evented:
    value: int = 0


def test_an_experimental_object_updated_in_a_loop_ends_on_the_last_value(comms, no_threads):
    obj = Evented()
    endpoint = obj._repr_mimebundle_._endpoint
    endpoint.outbox = Outbox(endpoint.send_state, Budget(burst=1, rate=0.001))
    obj._repr_mimebundle_()
    for i in range(1, 301):
        obj.value = i
    (recorded,) = [c for c in comms if c.comm_id == obj._repr_mimebundle_.model_id]
    updates = [
        data["state"]["value"]
        for kind, data, _ in recorded.sent
        if kind == "comm_msg" and "value" in data.get("state", {})
    ]
    assert updates[-1] == 300
    assert not obj._repr_mimebundle_._endpoint.outbox.pending


@pytest.mark.e2e  # needs watchfiles, from the test extra
def test_a_widget_from_a_file_works_without_a_watcher_thread(
    no_threads: Refused, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("ANYWIDGET_HMR", "1")
    module = tmp_path / "unwatched.js"
    module.write_text("export default { render() {} }; // v1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")

        class FromFile(AnyWidget):
            _esm = module

        widget = FromFile()
    assert no_threads.attempts == 1
    assert [str(w.message) for w in caught if "hot reload" in str(w.message)] == [
        f"anywidget: cannot watch {module.resolve()} for hot reload (can't start new thread); "
        "re-run the cell that defines the widget to pick up edits"
    ]
    page = FrontEnd(widget)
    assert page.state["_esm"].endswith("// v1")
    widget.close()
    assert page.closed
