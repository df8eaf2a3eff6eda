"""The kernel side beside every ipywidgets (7.6 to 8) and ipykernel it supports."""

from __future__ import annotations

import sys
import types
import uuid
from typing import Any, ClassVar

import pytest

import anywidget
from anywidget._core.compat import create_comm, open_widgets
from anywidget._wire.protocol import WIDGET_TARGET


class Counter(anywidget.AnyWidget):
    _esm = "export default { render({ model, el }) { el.textContent = model.get('value'); } };"


def test_open_widgets_holds_each_widget_until_it_closes():
    widget = Counter()
    model_id = widget.model_id
    assert open_widgets()[model_id] is widget
    widget.close()
    assert model_id not in open_widgets()


class KernelComm:
    """ipykernel's own `Comm`, as an ipykernel older than 6.18 has it (no `comm` package)."""

    made: ClassVar[list[KernelComm]] = []

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.comm_id = kwargs.get("comm_id") or uuid.uuid4().hex
        self.handlers: dict[str, Any] = {}
        self.sent: list[Any] = []
        KernelComm.made.append(self)

    def send(self, data: Any = None, buffers: Any = None) -> None:
        self.sent.append(data)

    def on_msg(self, callback: Any) -> None:
        self.handlers["msg"] = callback

    def on_close(self, callback: Any) -> None:
        self.handlers["close"] = callback

    def close(self) -> None:
        closed = self.handlers.pop("close", None)
        if closed is not None:
            closed(None)


def fake_ipykernel(monkeypatch: pytest.MonkeyPatch, version: tuple[int, int, int]) -> None:
    KernelComm.made.clear()
    kernel = types.ModuleType("ipykernel")
    kernel.version_info = version  # type: ignore[attr-defined]
    kernel_comm = types.ModuleType("ipykernel.comm")
    kernel_comm.Comm = KernelComm  # type: ignore[attr-defined]
    kernel.comm = kernel_comm  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ipykernel", kernel)
    monkeypatch.setitem(sys.modules, "ipykernel.comm", kernel_comm)


def test_an_ipykernel_older_than_6_18_gets_its_own_comm(monkeypatch, comms):
    fake_ipykernel(monkeypatch, (6, 17, 1))
    made = create_comm(target_name=WIDGET_TARGET, comm_id="abc")
    assert isinstance(made, KernelComm)
    assert made.kwargs == {"target_name": WIDGET_TARGET, "comm_id": "abc"}
    assert comms == []


@pytest.mark.parametrize("version", [(6, 18, 0), (7, 0, 1)])
def test_a_newer_ipykernel_gets_the_comm_package_comm(monkeypatch, comms, version):
    fake_ipykernel(monkeypatch, version)
    made = create_comm(target_name=WIDGET_TARGET, comm_id="abc")
    assert comms == [made]
    assert KernelComm.made == []


def test_without_ipykernel_the_comm_package_makes_the_comm(monkeypatch, comms):
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    made = create_comm(target_name=WIDGET_TARGET, comm_id="abc")
    assert comms == [made]


@anywidget.experimental.dataclass(esm="export default { render() {} };")
class Point:
    x: int = 0


def test_experimental_objects_reach_an_ipykernel_older_than_6_18(monkeypatch, comms):
    fake_ipykernel(monkeypatch, (5, 5, 6))
    point = Point(x=3)
    data, _ = point._repr_mimebundle_()
    model_id = data["application/vnd.jupyter.widget-view+json"]["model_id"]
    (opened,) = [made for made in KernelComm.made if made.comm_id == model_id]
    assert opened.kwargs["target_name"] == WIDGET_TARGET
    assert opened.kwargs["data"]["state"]["x"] == 3
    assert comms == []
    point._repr_mimebundle_.close()
