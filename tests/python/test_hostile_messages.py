"""Malformed and hostile widget messages sent to a real kernel through the comm.

A seeded fuzzer sends a few thousand messages of every kind a page (or anyone who can reach the
kernel websocket) could send: wrong types for every trait, unknown methods, bad buffer paths,
chunk streams out of order / with wrong sizes / never finished, oversized values, command calls
with bad ids or names, and values that look like code. The kernel must stay up, run nothing it
was sent, keep other widgets working, report each kind of problem once, and free partial uploads.
The same goes for the other comms a page can reach: a module model (the text of widget code) and
the comm of an object shown through `MimeBundleDescriptor`.
"""

from __future__ import annotations

import json
import queue
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import KernelManager

pytestmark = pytest.mark.kernel

SEED = 20261130
MESSAGES_PER_KIND = 400
# The module-model and descriptor comms share the widget's handling: fewer messages suffice.
MESSAGES_PER_KIND_ELSEWHERE = 120
TIME_LIMIT = 120.0

SETUP = """
import anywidget, traitlets

class Target(anywidget.AnyWidget):
    _esm = "export default { render() {} }"
    count = traitlets.Int(0).tag(sync=True)
    name = traitlets.Unicode("").tag(sync=True)
    data = traitlets.Bytes(b"").tag(sync=True)
    items = traitlets.List(traitlets.Int()).tag(sync=True)

    @anywidget.experimental.command
    def echo(self, msg, buffers):
        return msg, buffers

target = Target()
bystander = Target()
print(target.model_id, bystander.model_id)
"""

# A module model (the text `target` and `bystander` run) and an object shown through the
# descriptor, with a state getter and no setter.
SETUP_OTHER_COMMS = """
class Thing:
    def __init__(self):
        self.count = 0
        self.name = ""

    def _get_anywidget_state(self, include):
        return {"count": self.count, "name": self.name}

    @anywidget.experimental.command
    def echo(self, msg, buffers):
        return msg, buffers

    _repr_mimebundle_ = anywidget.experimental.MimeBundleDescriptor(
        _esm="export default { render() {} }", autodetect_observer=False
    )

thing = Thing()
print(target._anywidget_modules["_esm"].model_id, thing._repr_mimebundle_.model_id)
"""

# Looks like code in every field it reaches; running it would leave the sentinel file behind.
CODE = "__import__('pathlib').Path({path!r}).write_text('ran')"


class Kernel:
    """A real ipykernel, its client, and its log."""

    def __init__(self, log: Path) -> None:
        self.log_path = log
        self._log = log.open("wb")
        self.manager = KernelManager(kernel_name="python3")
        self.manager.start_kernel(stdout=self._log, stderr=self._log)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def execute(self, code: str, timeout: float = 60.0) -> str:
        """Run `code`; return what it printed (raise on an error)."""
        msg_id = self.client.execute(code)
        printed: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.client.get_iopub_msg(timeout=max(deadline - time.monotonic(), 0.1))
            except queue.Empty:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                raise AssertionError(f"{content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(printed).strip()
        raise AssertionError(f"no answer to {code!r} within {timeout}s")

    def send_comm_msg(self, comm_id: str, data: Any, buffers: list[bytes] | None = None) -> None:
        self.client.session.send(
            self.client.shell_channel.socket,
            "comm_msg",
            {"comm_id": comm_id, "data": data},
            buffers=buffers or [],
        )

    def alive(self) -> bool:
        return bool(self.manager.is_alive())

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)
        self._log.close()


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kernel]:
    running = Kernel(tmp_path_factory.mktemp("kernel") / "kernel.log")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def comm_ids(kernel: Kernel) -> dict[str, str]:
    """The comm ids of the widgets the tests send to, by name."""
    target, bystander = kernel.execute(SETUP).split()
    module, thing = kernel.execute(SETUP_OTHER_COMMS).split()
    return {"target": target, "bystander": bystander, "module": module, "thing": thing}


def _wrong_values(rng: random.Random, code: str) -> list[Any]:
    # Wrong for every trait of Target except `name`, which takes any text (code included).
    return [
        code,
        None,
        1.5,
        [code, {"x": [code]}],
        {"nested": {"deeper": [1, 2, code]}},
        [[[[[[[[[[rng.random()]]]]]]]]]],
    ]


TRAITS = ["count", "name", "data", "items", "_esm", "_css", "_anywidget_id", "_model_name"]


def _hostile_messages(
    rng: random.Random, code: str, traits: list[str] = TRAITS, count: int = MESSAGES_PER_KIND
) -> Iterator[tuple[str, Any, list[bytes]]]:
    """(kind, data, buffers) for every kind of malformed message, `count` of each."""
    wrong = _wrong_values(rng, code)
    for _ in range(count):
        yield (
            "wrong types",
            {"method": "update", "state": {rng.choice(traits): rng.choice(wrong)}},
            [],
        )
        yield (
            "unknown method",
            {"method": rng.choice(["frobnicate", "", None, 7, code, ["update"]]), "state": {}},
            [],
        )
        yield (
            "malformed message",
            rng.choice(
                [None, 7, code, [], {"state": {"count": 1}}, {"method": "update", "state": code}]
            ),
            [],
        )
        yield (
            "bad buffer paths",
            {
                "method": "update",
                "state": {"data": None},
                "buffer_paths": rng.choice(
                    [
                        [["nope", 3]],
                        [["data"], ["data"], ["data"]],
                        "data",
                        [[7]],
                        [[]],
                        [None],
                        [["count", "x", "y"]],
                    ]
                ),
            },
            [b"\x00" * rng.randint(0, 64)] * rng.randint(0, 2),
        )
        upload = rng.choice(["u1", "u2", code, 5])
        yield (
            "bad chunk",
            rng.choice(
                [
                    {"method": "anywidget_chunk", "upload": upload, "sizes": [-1]},
                    {"method": "anywidget_chunk", "upload": upload, "sizes": code},
                    {"method": "anywidget_chunk", "upload": upload, "seq": rng.randint(0, 9)},
                    {"method": "anywidget_chunk", "upload": upload, "sizes": [3], "seq": 0},
                    {
                        "method": "anywidget_chunk",
                        "upload": f"open-{rng.random()}",
                        "sizes": [10**6],
                        "seq": 0,
                    },
                ]
            ),
            [b"{}x" * rng.randint(0, 3)],
        )
        yield (
            "upload over the limits",
            {
                "method": "anywidget_chunk",
                "upload": f"huge-{rng.random()}",
                "sizes": rng.choice([[4, 10**13], [1] * 10_001, [2] + [0] * 20_000]),
                "seq": 0,
            },
            [b"{}"],
        )
        yield (
            "bad command",
            {
                "method": "custom",
                "content": {
                    "kind": "anywidget-command",
                    "id": rng.choice([None, {"a": code}, [1, 2], "x" * 100, 3.5]),
                    "name": rng.choice(
                        [None, 3, code, "__init__", "_handle_msg", "close", "x" * 10_000]
                    ),
                    "msg": rng.choice(wrong),
                },
            },
            [],
        )


def _log_text(kernel: Kernel) -> str:
    return kernel.log_path.read_text(errors="replace")


def _send_all(
    kernel: Kernel, comm_id: str, messages: Iterator[tuple[str, Any, list[bytes]]]
) -> set[str]:
    """Send every message to `comm_id`; returns the kinds sent."""
    deadline = time.monotonic() + TIME_LIMIT
    kinds: set[str] = set()
    for kind, data, buffers in messages:
        assert time.monotonic() < deadline, f"sending took over {TIME_LIMIT}s"
        kernel.send_comm_msg(comm_id, data, buffers)
        kinds.add(kind)
    return kinds


def _assert_reported_once(log: str, owner: str, kinds: set[str]) -> None:
    for kind in kinds:
        reports = log.count(f"anywidget: {kind} in a message to {owner} ")
        assert reports == 1, f"{kind!r} to {owner} was reported {reports} times:\n{log[-3000:]}"


def test_kernel_survives_thousands_of_malformed_messages(
    kernel: Kernel, comm_ids: dict[str, str], tmp_path: Path
) -> None:
    target_id, bystander_id = comm_ids["target"], comm_ids["bystander"]
    sentinel = tmp_path / "executed"
    code = CODE.format(path=str(sentinel))
    rng = random.Random(SEED)
    deadline = time.monotonic() + TIME_LIMIT
    sent = 0
    kinds: set[str] = set()
    for kind, data, buffers in _hostile_messages(rng, code):
        assert time.monotonic() < deadline, f"sending took over {TIME_LIMIT}s"
        kernel.send_comm_msg(target_id, data, buffers)
        kinds.add(kind)
        sent += 1
    # An oversized value: 50 MB of JSON aimed at an Int trait.
    kernel.send_comm_msg(target_id, {"method": "update", "state": {"count": "9" * 50_000_000}})
    assert sent >= 2000

    # The kernel handles messages in order: this reply comes after all of them were handled.
    state = kernel.execute(
        "import json\n"
        "print(json.dumps([target.count, target.name, target.items, target._esm, "
        "len(target._anywidget_endpoint().inbox.uploads)]))"
    )
    count, _name, items, esm, open_uploads = json.loads(state)
    assert kernel.alive()
    assert not sentinel.exists(), "the kernel ran code it was sent"
    assert (count, items) == (0, [])
    assert esm == "export default { render() {} }", "the page may not replace a widget's code"
    # Unfinished uploads beyond a few per widget are dropped, their bytes with them.
    assert open_uploads <= 4, "partial uploads were not freed"

    # Other widgets, and the target itself, still work.
    kernel.send_comm_msg(bystander_id, {"method": "update", "state": {"count": 5}})
    kernel.send_comm_msg(target_id, {"method": "update", "state": {"count": 3, "name": "ok"}})
    assert kernel.execute("print(bystander.count, target.count, target.name)") == "5 3 ok"

    log = _log_text(kernel)
    assert "Traceback" not in log, log[-3000:]
    # A rejected value is reported once per trait; every other kind once per widget.
    for trait in ("count", "name", "data", "items"):
        reports = log.count(f"Target.{trait} rejected a value from the front end")
        assert reports <= 1, f"{trait} rejections were reported {reports} times"
    for kind in kinds - {"wrong types"}:
        reports = log.count(f"anywidget: {kind} in a message to Target")
        assert reports == 1, f"{kind!r} was reported {reports} times:\n{log[-3000:]}"
    assert log.count("anywidget: protected key in a message to Target") == 1


def test_an_upload_never_finished_is_freed_by_the_next_one(
    kernel: Kernel, comm_ids: dict[str, str]
) -> None:
    target_id = comm_ids["target"]
    for index in range(50):
        kernel.send_comm_msg(
            target_id,
            {"method": "anywidget_chunk", "upload": f"left-{index}", "sizes": [2, 4], "seq": 0},
            [b"{}"],
        )
    open_uploads = kernel.execute("print(len(target._anywidget_endpoint().inbox.uploads))")
    assert int(open_uploads) <= 4


def test_a_module_model_keeps_its_text_through_hostile_messages(
    kernel: Kernel, comm_ids: dict[str, str], tmp_path: Path
) -> None:
    sentinel = tmp_path / "executed"
    code = CODE.format(path=str(sentinel))
    traits = ["source", "_model_name", "_view_count", "_esm", "count"]
    messages = _hostile_messages(random.Random(SEED + 1), code, traits, MESSAGES_PER_KIND_ELSEWHERE)
    kinds = _send_all(kernel, comm_ids["module"], messages)
    # The page's text aimed straight at the module's one key, as one plain update.
    kernel.send_comm_msg(
        comm_ids["module"], {"method": "update", "state": {"source": code}, "buffer_paths": []}
    )

    state = kernel.execute(
        "import json\n"
        "from anywidget._core.modules import store\n"
        "module = target._anywidget_modules['_esm']\n"
        "print(json.dumps([module.model_id, module.source, module._view_count,"
        " store.resolve(bystander.get_state()['_esm'])]))"
    )
    model_id, source, view_count, bystander_text = json.loads(state)
    assert kernel.alive()
    assert not sentinel.exists(), "the kernel ran code it was sent"
    assert model_id == comm_ids["module"]
    assert source == bystander_text == "export default { render() {} }"
    assert view_count is None

    log = _log_text(kernel)
    assert "Traceback" not in log, log[-3000:]
    # Updates lose every key (all are the kernel's); custom messages are no problem.
    _assert_reported_once(log, "ModuleModel", kinds - {"wrong types", "bad command"})
    _assert_reported_once(log, "ModuleModel", {"protected key"})


def test_a_descriptor_object_keeps_its_methods_through_hostile_messages(
    kernel: Kernel, comm_ids: dict[str, str], tmp_path: Path
) -> None:
    sentinel = tmp_path / "executed"
    code = CODE.format(path=str(sentinel))
    traits = ["count", "name", "_get_anywidget_state", "echo", "__class__", "__dict__", "_esm"]
    messages = _hostile_messages(random.Random(SEED + 2), code, traits, MESSAGES_PER_KIND_ELSEWHERE)
    kinds = _send_all(kernel, comm_ids["thing"], messages)
    kernel.send_comm_msg(
        comm_ids["thing"],
        {"method": "update", "state": {"count": 3, "name": "ok"}, "buffer_paths": []},
    )

    state = kernel.execute(
        "import json\n"
        "print(json.dumps([type(thing).__name__, sorted(vars(thing)), thing._get_anywidget_state(None),"
        " type(thing.echo).__name__, thing._repr_mimebundle_._full_state(thing)['_esm'][:20]]))"
    )
    cls, attributes, thing_state, echo, esm = json.loads(state)
    assert kernel.alive()
    assert not sentinel.exists(), "the kernel ran code it was sent"
    assert (cls, attributes, echo) == ("Thing", ["count", "name"], "method")
    assert thing_state == {"count": 3, "name": "ok"}
    assert esm == "/* anywidget module "

    log = _log_text(kernel)
    assert "Traceback" not in log, log[-3000:]
    owner = "__main__.Thing"
    _assert_reported_once(log, owner, kinds - {"wrong types"})
    _assert_reported_once(log, owner, {"protected key", "unknown key"})
