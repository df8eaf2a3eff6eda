"""Mixed installations in JupyterLab: our front end with a kernel running the published anywidget
0.11.0, and the published front end with a kernel running ours (server and kernel from two venvs).

The published venv is made once per run by bench/published-env.sh (pip from PyPI), cached in the
temp dir or in $ANYWIDGET_PUBLISHED_VENV.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Browser, expect

from anywidget._wire.protocol import MODULE_VERSION_RANGE as RANGE
from harness.notebook_page import NotebookPage
from harness.saved_state import saved_widget_notebook
from harness.servers import JupyterServer

from .conftest import _NOTEBOOK_KEY, SELECTED_FRONTENDS, write_notebook

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = "0.11.0"
OURS = "0.12.0"

pytestmark = pytest.mark.skipif("lab" not in SELECTED_FRONTENDS, reason="JupyterLab only")

PROBE = """
import anywidget, traitlets

class Probe(anywidget.AnyWidget):
    _esm = '''
    const bytes = (v) => Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).join(",");
    export default {
      async render({ model, el, host, experimental }) {
        el.innerHTML = "<span class=value></span> <span class=blob></span> " +
          "<span class=custom></span> <div class=child></div>";
        const show = () => {
          el.querySelector(".value").textContent = "value " + model.get("value");
          el.querySelector(".blob").textContent = "blob " + bytes(model.get("blob"));
        };
        model.on("change:value", show);
        model.on("change:blob", show);
        show();
        model.on("msg:custom", (content, buffers) => {
          if (content?.kind === "anywidget-command-response") return;  // published: replies come here too
          el.querySelector(".custom").textContent =
            "custom " + JSON.stringify(content) + " " + buffers.map(bytes).join("|");
        });
        window.__probe = { model, invoke: experimental.invoke, bytes };
        if (model.get("child")) {
          const child = await host.getWidget(model.get("child"));
          await child.render({ el: el.querySelector(".child") });
        }
      },
    };
    '''
    value = traitlets.Int(0).tag(sync=True)
    blob = traitlets.Bytes(b"\\x01\\x02").tag(sync=True)
    upload = traitlets.Any(None).tag(sync=True)
    strict = traitlets.Bytes(b"").tag(sync=True)
    child = anywidget.WidgetTrait().tag(sync=True)
    received = []

    @anywidget.experimental.command
    def shout(self, msg, buffers):
        return {"text": msg["text"].upper()}, [bytes(b)[::-1] for b in buffers]

    @anywidget.experimental.command
    def fail(self, msg, buffers):
        raise ValueError("no good")

class Leaf(anywidget.AnyWidget):
    _esm = "export default { render({ el }) { el.innerHTML = '<b class=leaf>leaf</b>'; } };"

probe = Probe(child=Leaf())
probe.on_msg(lambda _, content, buffers: probe.received.append((content, [bytes(b) for b in buffers])))
"""


@dataclass
class Mixed:
    """One direction: which side runs the published anywidget, and its open notebook."""

    name: str
    server_version: str
    kernel_version: str
    notebook: NotebookPage


def published_python() -> str:
    """The published anywidget's venv python, installed on first use (once per run)."""
    venv = os.environ.get("ANYWIDGET_PUBLISHED_VENV") or str(
        Path(tempfile.gettempdir()) / f"anywidget-published-{PUBLISHED}"
    )
    result = subprocess.run(
        ["bash", str(ROOT / "bench" / "published-env.sh"), PUBLISHED, venv],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"could not install anywidget=={PUBLISHED} from PyPI:\n{result.stderr[-3000:]}")
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module", params=["ours+published-kernel", "published+our-kernel"])
def mixed(request: pytest.FixtureRequest, browser: Browser, artifacts_dir: Path) -> Iterator[Mixed]:
    published = published_python()
    if request.param == "ours+published-kernel":
        server = JupyterServer("lab", kernel_python=published)
        versions = (OURS, PUBLISHED)
    else:
        server = JupyterServer("lab", python=published, kernel_python=sys.executable)
        versions = (PUBLISHED, OURS)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        server.start()
        extensions = server.api("GET", "lab/api/extensions")
        served = {ext["name"]: ext["installed_version"] for ext in extensions}
        assert served.get("anywidget") == versions[0], served
        write_notebook(server.root_dir / "mixed.ipynb")
        page = NotebookPage(context.new_page(), server, artifacts_dir)
        page.open("mixed.ipynb")
        yield Mixed(request.param, *versions, page)
    finally:
        context.close()
        try:
            server.shutdown_sessions_for("mixed.ipynb")
        except OSError as exc:
            warnings.warn(f"could not shut down the mixed kernel: {exc}", stacklevel=1)
        server.stop()
        server.cleanup()


@pytest.fixture
def notebook(request: pytest.FixtureRequest, mixed: Mixed) -> NotebookPage:
    request.node.stash[_NOTEBOOK_KEY] = mixed.notebook
    return mixed.notebook


@pytest.fixture(scope="module")
def shown(mixed: Mixed) -> int:
    """The probe widget displayed (its cell's index)."""
    nb = mixed.notebook
    assert nb.run_and_read("import anywidget; print(anywidget.__version__)") == mixed.kernel_version
    nb.run(PROBE)
    return nb.run("probe")


def test_widget_renders_and_shows_python_changes(notebook: NotebookPage, shown: int) -> None:
    out = notebook.output(shown)
    expect(out.locator(".value")).to_have_text("value 0")
    expect(out.locator(".blob")).to_have_text("blob 1,2")
    notebook.run("probe.value = 7\nprobe.blob = b'\\x03\\x04\\x05'")
    expect(out.locator(".value")).to_have_text("value 7")
    expect(out.locator(".blob")).to_have_text("blob 3,4,5")


def test_page_changes_and_binary_reach_python(notebook: NotebookPage, shown: int) -> None:
    notebook.page.evaluate(
        """() => {
          const { model } = window.__probe;
          model.set("value", 41);
          model.set("upload", new DataView(new Uint8Array([9, 8, 7]).buffer));
          model.save_changes();
        }"""
    )
    notebook.read_until("print(probe.value, bytes(probe.upload).hex())", "41 090807")


def test_binary_for_a_bytes_trait_is_accepted_only_by_our_kernel(
    notebook: NotebookPage, mixed: Mixed, shown: int
) -> None:
    notebook.page.evaluate(
        """() => {
          const { model } = window.__probe;
          model.set("strict", new DataView(new Uint8Array([4, 2]).buffer));
          model.save_changes();
        }"""
    )
    # ipywidgets hands binary over as a memoryview, which the published kernel gives
    # `traitlets.Bytes` as is, and the trait refuses (silently); ours passes it bytes.
    if mixed.kernel_version == OURS:
        notebook.read_until("print(probe.strict.hex())", "0402")
    else:
        # The update and this cell share the shell channel: the kernel has seen the update.
        assert notebook.run_and_read("print(repr(probe.strict))") == "b''"


def test_custom_messages_with_buffers_go_both_ways(notebook: NotebookPage, shown: int) -> None:
    notebook.run("probe.send({'hello': 'page'}, buffers=[b'\\x01\\x02'])")
    expect(notebook.output(shown).locator(".custom")).to_have_text('custom {"hello":"page"} 1,2')
    notebook.page.evaluate(
        "() => window.__probe.model.send({ ping: 1 }, undefined, [new Uint8Array([5, 6])])"
    )
    notebook.read_until("print(probe.received[-1:])", "[({'ping': 1}, [b'\\x05\\x06'])]")


def test_commands_are_invoked_across_versions(
    notebook: NotebookPage, mixed: Mixed, shown: int
) -> None:
    result = notebook.page.evaluate(
        """async () => {
          const { invoke, bytes } = window.__probe;
          const calls = ["a", "b", "c"].map((text) =>
            invoke("shout", { text }, { buffers: [new Uint8Array([1, 2, text.length + 2])] }));
          return (await Promise.all(calls)).map(([response, buffers]) =>
            [response.text, buffers.map(bytes)]);
        }"""
    )
    assert result == [["A", ["3,2,1"]], ["B", ["3,2,1"]], ["C", ["3,2,1"]]]
    # Our kernel keeps command traffic from `on_msg` handlers; the published one passes it on.
    received = notebook.run_and_read("print(sum('kind' in c for c, _ in probe.received))")
    assert received == ("0" if mixed.kernel_version == OURS else "3")


def test_composed_child_renders_inside_the_parent(notebook: NotebookPage, shown: int) -> None:
    expect(notebook.output(shown).locator(".child b.leaf")).to_have_text("leaf")


def test_a_failing_command_settles_as_each_front_end_can(
    notebook: NotebookPage, mixed: Mixed, shown: int
) -> None:
    outcome = notebook.page.evaluate(
        """async () => {
          try {
            const [response] = await window.__probe.invoke("fail", null, { signal: AbortSignal.timeout(4000) });
            return "resolved " + JSON.stringify(response);
          } catch (error) {
            return "rejected " + error.name;
          }
        }"""
    )
    if mixed.kernel_version == OURS:
        # The published front end reads only `response`, which our error reply sets to null.
        assert outcome == "resolved null"
    else:
        # The published kernel sends no reply for a failed command: the caller's signal ends it.
        assert outcome == "rejected TimeoutError"


DATACLASS = """
import anywidget.experimental as ex

@ex.dataclass(esm='''
export default {
  render({ model, el, experimental }) {
    const show = () => { el.innerHTML = `<span class=dc>dc ${model.get("value")}</span>`; };
    model.on("change:value", show);
    show();
    window.__dataclass = { model, invoke: experimental.invoke };
  },
};
''')
class Described:
    value: int = 1

    @ex.command
    def twice(self, msg, buffers):
        return msg * 2, []

described = Described()
"""


def test_descriptor_backed_dataclass_syncs_and_takes_commands_from_our_kernel(
    notebook: NotebookPage, mixed: Mixed, shown: int
) -> None:
    notebook.run(DATACLASS)
    out = notebook.output(notebook.run("described"))
    expect(out.locator(".dc")).to_have_text("dc 1")
    notebook.run("described.value = 2")
    expect(out.locator(".dc")).to_have_text("dc 2")
    notebook.page.evaluate(
        "() => { window.__dataclass.model.set('value', 5); window.__dataclass.model.save_changes(); }"
    )
    notebook.read_until("print(described.value)", "5")
    outcome = notebook.page.evaluate(
        """async () => {
          try {
            const [response] = await window.__dataclass.invoke("twice", 21, { signal: AbortSignal.timeout(4000) });
            return "resolved " + response;
          } catch (error) {
            return "rejected " + error.name;
          }
        }"""
    )
    # The published kernel answers no custom message on a descriptor-backed object's comm.
    assert outcome == ("resolved 42" if mixed.kernel_version == OURS else "rejected TimeoutError")


def test_widget_state_our_kernel_saves_renders_when_reopened(
    notebook: NotebookPage, mixed: Mixed
) -> None:
    # Last in this file: it navigates the shared page away from the probe's notebook.
    esm = "export default { render({ model, el }) { el.innerHTML = `<i class=saved>saved ${model.get('value')}</i>`; } };"
    nb = saved_widget_notebook("feedfacefeedfacefeedfacefeedface", {"_esm": esm, "value": 3}, RANGE)
    nbformat.write(nb, str(notebook.server.root_dir / "saved-ours.ipynb"))
    notebook.server.trust("saved-ours.ipynb")
    try:
        notebook.open("saved-ours.ipynb")
        expect(notebook.output(0).locator("i.saved")).to_have_text("saved 3")
    finally:
        notebook.server.shutdown_sessions_for("saved-ours.ipynb")
