"""Run inside Pyodide by driver.mjs: anywidget through ipywidgets' own comm path, with a comm that
records what would reach the page. The last expression is the JSON report test_pyodide.py checks.

Thread starts are counted (Pyodide refuses every one): nothing here may need a thread.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

import comm
import traitlets
from comm.base_comm import BaseComm

attempted_threads: list[str] = []
_start = threading.Thread.start


def _counted_start(thread: threading.Thread) -> None:
    attempted_threads.append(thread.name)
    _start(thread)


threading.Thread.start = _counted_start


class RecordingComm(BaseComm):
    """Keeps what the kernel would publish; `deliver` plays a message from the page."""

    def __init__(self, **kwargs: Any) -> None:
        self.sent: list[dict[str, Any]] = []
        super().__init__(**kwargs)

    def publish_msg(
        self,
        msg_type: str,
        data: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        buffers: list[Any] | None = None,
        **keys: Any,
    ) -> None:
        self.sent.append({"type": msg_type, "data": data or {}})

    def deliver(self, data: dict[str, Any]) -> None:
        self.handle_msg({"content": {"comm_id": self.comm_id, "data": data}, "buffers": []})

    def values(self, key: str) -> list[Any]:
        """The values of `key` in this comm's state updates, in order."""
        return [
            m["data"]["state"][key]
            for m in self.sent
            if m["type"] == "comm_msg"
            and m["data"].get("method") == "update"
            and key in m["data"].get("state", {})
        ]

    def kinds(self) -> list[str]:
        return [m["data"].get("method", m["type"]) for m in self.sent]


comms: dict[str, RecordingComm] = {}


def _create_comm(**kwargs: Any) -> RecordingComm:
    opened = RecordingComm(**kwargs)
    comms[opened.comm_id] = opened
    return opened


comm.create_comm = _create_comm

import anywidget  # noqa: E402 -- after the comm factory, as a kernel installs its own first
import anywidget.experimental  # noqa: E402
from anywidget._wire.outbox import KERNEL_BUDGET  # noqa: E402

ESM = "export default { render({ model, el }) { el.textContent = model.get('value'); } };"
UPDATES = 300
report: dict[str, Any] = {
    "platform": sys.platform,
    "anywidget": anywidget.__version__,
    "paced": KERNEL_BUDGET is not None,
}


# An AnyWidget: created, updated in a tight loop, updated from the page, sent a message, closed.
class Counter(anywidget.AnyWidget):
    _esm = ESM
    value = traitlets.Int(0).tag(sync=True)


counter = Counter()
counter_comm = comms[counter.model_id]
for i in range(1, UPDATES + 1):
    counter.value = i
counter_comm.deliver({"method": "update", "state": {"value": 1000}, "buffer_paths": []})
from_page = counter.value
counter.send({"done": True})
counter.close()
report["widget"] = {
    "opened": counter_comm.sent[0]["type"] == "comm_open",
    "updates": counter_comm.values("value"),
    "from_page": from_page,
    "after_loop": counter_comm.kinds()[-2:],
}


# The experimental dataclass: followed through psygnal, updated both ways, closed.
@anywidget.experimental.dataclass(esm=ESM)
class Point:
    value: int = 0


point = Point()
point._repr_mimebundle_()
point_comm = comms[point._repr_mimebundle_.model_id]
for i in range(1, UPDATES + 1):
    point.value = i
point_comm.deliver({"method": "update", "state": {"value": 2000}, "buffer_paths": []})
point_from_page = point.value
point._repr_mimebundle_.close()
report["dataclass"] = {
    "updates": point_comm.values("value"),
    "from_page": point_from_page,
    "last": point_comm.kinds()[-1],
}


# The descriptor on a traitlets class (its synced traits followed through `observe`).
class Settings(traitlets.HasTraits):
    value = traitlets.Int(0).tag(sync=True)
    _repr_mimebundle_ = anywidget.experimental.MimeBundleDescriptor(_esm=ESM)


settings = Settings()
bundle = settings._repr_mimebundle_()
settings_comm = comms[settings._repr_mimebundle_.model_id]
for i in range(1, UPDATES + 1):
    settings.value = i
settings_comm.deliver({"method": "update", "state": {"value": 3000}, "buffer_paths": []})
settings_from_page = settings.value
settings._repr_mimebundle_.close()
report["descriptor"] = {
    "view": bundle is not None and "application/vnd.jupyter.widget-view+json" in bundle[0],
    "updates": settings_comm.values("value"),
    "from_page": settings_from_page,
    "last": settings_comm.kinds()[-1],
}

# A module from a file with hot reload asked for: the widget is made, with the file's text.
os.environ["ANYWIDGET_HMR"] = "1"
module = Path("/tmp/counter.js")
module.write_text(ESM + " // from a file", encoding="utf-8")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")

    class FromFile(anywidget.AnyWidget):
        _esm = module

    from_file = FromFile()
report["from_file"] = {
    "esm": from_file._esm.endswith("// from a file"),
    "opened": comms[from_file.model_id].sent[0]["type"] == "comm_open",
    "warnings": [str(w.message) for w in caught],
}
from_file.close()

report["threads"] = attempted_threads
json.dumps(report)
