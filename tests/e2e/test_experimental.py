"""The experimental API in JupyterLab: a descriptor-backed dataclass widget, and invoke into Python commands."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.notebook_page import NotebookPage

pytestmark = pytest.mark.parametrize("frontend", ["lab"], indirect=True)

DATACLASS = """
import anywidget.experimental as ex

@ex.dataclass(esm='''
export default {
  render({ model, el, experimental }) {
    const show = () => {
      const data = model.get("data");
      el.innerHTML = `<button class=value>value ${model.get("value")}</button>` +
        `<span class=data>${data.constructor.name} ${new Uint8Array(data.buffer, data.byteOffset, data.byteLength).join(",")}</span>`;
      el.querySelector("button").addEventListener("click", () => {
        model.set("value", model.get("value") + 1);
        model.set("data", new Uint8Array([9, 8, 7]));
        model.save_changes();
      });
    };
    model.on("change:value", show);
    model.on("change:data", show);
    show();
    window.__invoke = experimental.invoke;
  },
};
''')
class Counter:
    value: int = 0
    data: bytes = b"\\x01\\x02"

    @ex.command
    def describe(self, msg, buffers):
        return {"value": self.value, "greeting": msg}, [self.data]

c = Counter()
"""


def test_dataclass_widget_syncs_both_ways_including_binary(notebook: NotebookPage) -> None:
    notebook.run(DATACLASS)
    out = notebook.output(notebook.run("c"))
    expect(out.locator(".value")).to_have_text("value 0")
    expect(out.locator(".data")).to_have_text("DataView 1,2")
    notebook.run("c.value = 5\nc.data = b'\\x03'")
    expect(out.locator(".value")).to_have_text("value 5")
    expect(out.locator(".data")).to_have_text("DataView 3")
    out.locator(".value").click()
    expect(out.locator(".value")).to_have_text("value 6")
    expected = "6 bytes 090807"
    assert notebook.read_until("print(c.value, type(c.data).__name__, c.data.hex())", expected)


def test_dataclass_widget_commands_are_callable(notebook: NotebookPage) -> None:
    notebook.run(DATACLASS)
    expect(notebook.output(notebook.run("c")).locator(".value")).to_have_text("value 0")
    result = notebook.page.evaluate(
        """async () => {
          const [response, buffers] = await window.__invoke("describe", "hi");
          return { response, sizes: buffers.map((b) => b.byteLength) };
        }"""
    )
    assert result == {"response": {"value": 0, "greeting": "hi"}, "sizes": [2]}


COMMANDS = """
import anywidget, traitlets

class Service(anywidget.AnyWidget):
    _esm = '''export default { render({ el, experimental }) {
      window.__invoke = experimental.invoke; el.textContent = "ready"; } };'''
    calls = traitlets.Int(0).tag(sync=True)

    @anywidget.experimental.command
    def reverse(self, msg, buffers):
        received.append([bytes(b) for b in buffers])
        return {"doubled": msg["n"] * 2}, [bytes(b)[::-1] for b in buffers]

    @anywidget.experimental.command
    def square(self, msg, buffers):
        return msg * msg, []

    @anywidget.experimental.command
    def fail(self, msg, buffers):
        raise ValueError(f"cannot use {msg!r}")

class Silent(anywidget.AnyWidget):
    _esm = '''export default { render({ el, experimental }) {
      window.__silent = experimental.invoke; el.textContent = "silent"; } };'''

    def _handle_custom_msg(self, content, buffers):
        pass  # drops every call: its caller never hears back

received = []
s = Service()
"""


def open_service(notebook: NotebookPage) -> None:
    notebook.run(COMMANDS)
    expect(notebook.output(notebook.run("s"))).to_contain_text("ready")


def test_invoke_sends_and_receives_binary(notebook: NotebookPage) -> None:
    open_service(notebook)
    result = notebook.page.evaluate(
        """async () => {
          const whole = new Uint8Array(1 << 20).map((_, i) => i % 251);
          const [response, buffers] = await window.__invoke("reverse", { n: 21 }, {
            buffers: [new Uint8Array([1, 2, 3]), whole.subarray(5, 9), whole],
          });
          return {
            response,
            kinds: buffers.map((b) => b.constructor.name),
            bytes: buffers.slice(0, 2).map((b) => Array.from(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))),
            size: buffers[2].byteLength,
            head: buffers[2].getUint8(0),
          };
        }"""
    )
    assert result == {
        "response": {"doubled": 42},
        "kinds": ["DataView"] * 3,
        "bytes": [[3, 2, 1], [8, 7, 6, 5]],
        "size": 1 << 20,
        "head": ((1 << 20) - 1) % 251,
    }
    summary = "print([[b.hex() if len(b) < 9 else len(b) for b in bs] for bs in received])"
    assert notebook.read_until(summary, "[['010203', '05060708', 1048576]]")


def test_python_exception_rejects_with_its_type_and_message(notebook: NotebookPage) -> None:
    open_service(notebook)
    error = notebook.page.evaluate(
        """async () => {
          try { await window.__invoke("fail", "x"); return null; }
          catch (e) { return { name: e.name, message: e.message }; }
        }"""
    )
    assert error == {"name": "ValueError", "message": "cannot use 'x'"}
    unknown = notebook.page.evaluate(
        """() => window.__invoke("nope").then(() => null, (e) => ({ name: e.name, message: e.message }))"""
    )
    assert unknown["name"] == "UnknownCommandError"
    assert "'nope'" in unknown["message"]
    assert notebook.page.evaluate("async () => (await window.__invoke('square', 3))[0]") == 9


def test_call_without_reply_times_out_through_its_signal(notebook: NotebookPage) -> None:
    open_service(notebook)
    expect(notebook.output(notebook.run("Silent()"))).to_contain_text("silent")
    error = notebook.page.evaluate(
        """async () => {
          const started = performance.now();
          try { await window.__silent("square", 2, { signal: AbortSignal.timeout(500) }); return null; }
          catch (e) { return { name: e.name, waited: performance.now() - started }; }
        }"""
    )
    assert error is not None
    assert error["name"] == "TimeoutError"
    assert 400 <= error["waited"] < 10_000


def test_fifty_concurrent_calls_get_their_own_replies(notebook: NotebookPage) -> None:
    open_service(notebook)
    results = notebook.page.evaluate(
        """async () => {
          const calls = Array.from({ length: 50 }, (_, i) => window.__invoke("square", i));
          return (await Promise.all(calls)).map(([response]) => response);
        }"""
    )
    assert results == [i * i for i in range(50)]
