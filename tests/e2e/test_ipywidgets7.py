"""ipywidgets 7 (as on Colab) in classic Notebook 6.5, in Chromium: this package installed beside it by a
plain `pip install`, a counter, saved state, and the kernel side's other features.

Two environments (tests/e2e/legacy_envs.py): ipywidgets 7.8 installed first and ours added after, and
ipywidgets 7.6.5 (the oldest supported) resolved with ours beside an ipykernel older than 6.18.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

import anywidget
from harness.legacy_envs import ROOT, Env, legacy_envs
from harness.legacy_servers import Notebook6Server
from harness.notebook_page import NotebookPage

from .conftest import _NOTEBOOK_KEY, SELECTED_FRONTENDS, write_notebook

pytestmark = pytest.mark.skipif(
    "nbclassic" not in SELECTED_FRONTENDS, reason="classic Notebook 6 runs with nbclassic selected"
)

COUNTER = '''
import anywidget, traitlets

class Counter(anywidget.AnyWidget):
    _esm = """
    export default {
      render({ model, el }) {
        const button = document.createElement("button");
        button.className = "counter";
        const show = () => { button.textContent = `count is ${model.get("value")}`; };
        button.addEventListener("click", () => {
          model.set("value", model.get("value") + 1);
          model.save_changes();
        });
        model.on("change:value", show);
        show();
        el.appendChild(button);
      },
    };
    """
    _css = ".counter { color: rgb(255, 0, 0); }"
    value = traitlets.Int(0).tag(sync=True)

counter = Counter()
layout = counter.layout
counter
'''


@pytest.fixture(scope="module", params=["7.8", "7.6"], ids=lambda name: f"ipywidgets{name}")
def legacy(request: pytest.FixtureRequest) -> Env:
    return legacy_envs()[request.param]


@pytest.fixture(scope="module")
def notebook6(legacy: Env) -> Iterator[Notebook6Server]:
    server = Notebook6Server(legacy.python)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        server.cleanup()


@pytest.fixture
def notebook(
    request: pytest.FixtureRequest,
    browser: Browser,
    notebook6: Notebook6Server,
    artifacts_dir: Path,
) -> Iterator[NotebookPage]:
    name = f"{request.node.originalname}.ipynb"
    write_notebook(notebook6.root_dir / name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = NotebookPage(context.new_page(), notebook6, artifacts_dir)
        request.node.stash[_NOTEBOOK_KEY] = page
        page.open(name)
        yield page
    finally:
        context.close()
        try:
            notebook6.shutdown_sessions_for(name)
        except OSError as exc:
            warnings.warn(f"could not shut down the kernel of {name}: {exc}", stacklevel=1)


def major_minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def test_pip_installs_ours_beside_ipywidgets_7_and_keeps_it(legacy: Env) -> None:
    versions = legacy.versions
    assert versions["anywidget"] == anywidget.__version__
    assert "comm" in versions
    kept = {
        name: major_minor(versions[name])
        for name in ("ipywidgets", "widgetsnbextension", "notebook")
    }
    if legacy.name == "7.8":
        assert kept == {"ipywidgets": "7.8", "widgetsnbextension": "3.6", "notebook": "6.5"}
        # JupyterLab 3's widget manager stays (ipywidgets 7.6 leaves its version open).
        assert major_minor(versions["jupyterlab"]) == "3.6"
        assert versions["jupyterlab-widgets"].startswith("1.")
    else:
        assert kept == {"ipywidgets": "7.6", "widgetsnbextension": "3.5", "notebook": "6.5"}
        # The old kernel this environment stands in for (as Colab's was): no `comm` package use.
        assert tuple(int(p) for p in versions["ipykernel"].split(".")[:2]) < (6, 18)


def test_counter_renders_syncs_both_ways_and_closes_with_its_layout(notebook: NotebookPage) -> None:
    cell = notebook.run(COUNTER)
    (shown,) = notebook.outputs(cell)
    # ipywidgets 7's own display path would have dropped the fallback for a missing front end.
    assert "anywidget-fallback" in shown["data"]["text/html"]
    button = notebook.output(cell).locator("button.counter")
    expect(button).to_have_text("count is 0")
    expect(button).to_have_css("color", "rgb(255, 0, 0)")
    button.click()
    notebook.read_until("print(counter.value)", "1")
    notebook.run("counter.value = 41")
    expect(button).to_have_text("count is 41")
    # Raises nothing (a CellError otherwise); the view goes, and the Layout made for it closes.
    notebook.run("counter.close()")
    expect(button).to_have_count(0)
    assert notebook.run_and_read("print(layout.comm is None)") == "True"


def test_saved_widget_state_reopens_without_running_code(notebook: NotebookPage) -> None:
    cell = notebook.run(COUNTER)
    notebook.run("counter.value = 7")
    expect(notebook.output(cell).locator("button.counter")).to_have_text("count is 7")
    # Widgets > Save Notebook Widget State, as a user saves it; the save is done when it fires.
    notebook.page.evaluate(
        "() => Jupyter.notebook.events.one('notebook_saved.Notebook', () => { window.__saved = true; })"
    )
    notebook.page.get_by_role("link", name="Widgets", exact=True).click()
    notebook.page.get_by_role("link", name="Save Notebook Widget State").click()
    notebook.page.wait_for_function("() => window.__saved === true", timeout=30_000)
    assert notebook.path is not None
    saved = json.loads((notebook.server.root_dir / notebook.path).read_text())
    assert "application/vnd.jupyter.widget-state+json" in saved["metadata"]["widgets"]

    notebook.server.shutdown_sessions_for(notebook.path)
    notebook.open(notebook.path)
    expect(notebook.output(cell).locator("button.counter")).to_have_text("count is 7")


SHARED = '''
import anywidget, traitlets

class Label(anywidget.AnyWidget):
    _esm = """
    export default {
      render({ model, el, experimental }) {
        el.innerHTML = `<b class="label">${model.get("text")}</b>`;
        window.__invoke = experimental.invoke;
      },
    };
    """
    text = traitlets.Unicode().tag(sync=True)

    @anywidget.experimental.command
    def shout(self, msg, buffers):
        return {"text": msg.upper()}, [bytes(b)[::-1] for b in buffers]

labels = [Label(text="one"), Label(text="two")]
for label in labels:
    display(label)
'''

POINT = """
import anywidget

@anywidget.experimental.dataclass(esm='''
  export default { render({ model, el }) {
    const show = () => { el.innerHTML = `<i class="point">x is ${model.get("x")}</i>`; };
    model.on("change:x", show);
    show();
  } };
''')
class Point:
    x: int = 1

point = Point()
point
"""


def test_shared_modules_commands_and_experimental_objects(notebook: NotebookPage) -> None:
    cell = notebook.run(SHARED)
    expect(notebook.output(cell).locator("b.label")).to_have_text(["one", "two"])
    # Both widgets' code comes from one module model, sent once.
    assert (
        notebook.run_and_read("print(len({id(l._anywidget_modules['_esm']) for l in labels}))")
        == "1"
    )
    reply = notebook.page.evaluate(
        """async () => {
          const [response, buffers] = await window.__invoke("shout", "hi", {
            buffers: [new Uint8Array([1, 2, 3])],
          });
          return [response, Array.from(new Uint8Array(buffers[0].buffer))];
        }"""
    )
    assert reply == [{"text": "HI"}, [3, 2, 1]]

    # An experimental object opens its own comm, which must reach an old ipykernel too.
    point = notebook.run(POINT)
    shown = notebook.output(point).locator("i.point")
    expect(shown).to_have_text("x is 1")
    notebook.run("point.x = 5")
    expect(shown).to_have_text("x is 5")


# The kernel side's own tests that cover what runs beside ipywidgets in a kernel: widgets and
# their layouts, module models, commands, experimental objects, hot reload, message handling.
KERNEL_SUITE = (
    "test_widget.py",
    "test_compat.py",
    "test_modules.py",
    "test_commands.py",
    "test_descriptor.py",
    "test_decorators.py",
    "test_references.py",
    "test_outbox.py",
    "test_buffers.py",
    "test_chunks.py",
    "test_churn.py",
    "test_hot_reload.py",
    "test_vfile.py",
    "test_testing_frontend.py",
)


def test_kernel_side_suite_passes_beside_ipywidgets_7_8() -> None:
    env = legacy_envs()["7.8"]
    tests = [str(ROOT / "tests" / "python" / name) for name in KERNEL_SUITE]
    # Run from elsewhere, so the package imported is the installed wheel, not this checkout.
    with tempfile.TemporaryDirectory() as cwd:
        result = subprocess.run(
            [env.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
            cwd=cwd, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
