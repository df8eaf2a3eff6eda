"""In a real ipykernel, a burst's merged state leaves while the cell that made it is still running
(the kernel's event loop runs nothing else until the cell ends, so a short-lived thread sends it),
ends on the last value on IOPub, and only few messages are sent."""

from __future__ import annotations

import queue
import time
from typing import TYPE_CHECKING, Any

import pytest
from jupyter_client.manager import KernelManager

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from jupyter_client.blocking.client import BlockingKernelClient

pytestmark = pytest.mark.kernel

UPDATES = 2000

SETUP = """
import anywidget, traitlets

class Burst(anywidget.AnyWidget):
    _esm = "export default { render() {} }"
    value = traitlets.Int(0).tag(sync=True)

burst = Burst()
print(burst.model_id)
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BlockingKernelClient]:
    log: Path = tmp_path_factory.mktemp("kernel") / "kernel.log"
    with log.open("wb") as output:
        manager = KernelManager(kernel_name="python3")
        manager.start_kernel(stdout=output, stderr=output)
        try:
            kernel = manager.client()
            kernel.start_channels()
            kernel.wait_for_ready(timeout=60)
            yield kernel
            kernel.stop_channels()
        finally:
            manager.shutdown_kernel(now=True)


def run(client: BlockingKernelClient, code: str, seen: list[dict[str, Any]]) -> str:
    """Run `code`; return what it printed. Every IOPub message until its idle lands in `seen`."""
    msg_id = client.execute(code)
    printed: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        msg = client.get_iopub_msg(timeout=max(deadline - time.monotonic(), 0.1))
        seen.append(msg)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        content = msg["content"]
        if msg["msg_type"] == "stream":
            printed.append(content["text"])
        elif msg["msg_type"] == "error":
            raise AssertionError(f"{content['ename']}: {content['evalue']}")
        elif msg["msg_type"] == "status" and content["execution_state"] == "idle":
            return "".join(printed).strip()
    raise AssertionError(f"{code!r} did not finish in time")


def values_of(seen: list[dict[str, Any]], comm_id: str) -> list[int]:
    return [
        msg["content"]["data"]["state"]["value"]
        for msg in seen
        if msg["msg_type"] == "comm_msg"
        and msg["content"]["comm_id"] == comm_id
        and "value" in msg["content"]["data"].get("state", {})
    ]


def test_a_cell_working_after_its_burst_shows_the_last_value_while_it_works(
    client: BlockingKernelClient,
) -> None:
    seen: list[dict[str, Any]] = []
    comm_id = run(client, SETUP, seen)
    # The cell goes on working (here: waiting) after its burst, as a computation would.
    msg_id = client.execute(
        f"for i in range(1, {UPDATES + 1}):\n    burst.value = i\nimport time\ntime.sleep(60)"
    )
    deadline = time.monotonic() + 30
    while UPDATES not in values_of(seen, comm_id) and time.monotonic() < deadline:
        try:
            msg = client.get_iopub_msg(timeout=max(deadline - time.monotonic(), 0.1))
        except queue.Empty:
            break
        seen.append(msg)
        finished = msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
        assert not (finished and msg["content"]["execution_state"] == "idle"), "cell ended first"
    values = values_of(seen, comm_id)
    assert values[-1] == UPDATES  # while the cell still sleeps
    assert values == sorted(values)
    assert len(values) < UPDATES // 2  # merged: the burst went past the kernel's budget
    # The fixture's shutdown ends the sleeping cell.
