"""JupyterLab 3.6 with ipywidgets 7.8 (jupyterlab_widgets 1.x, `@jupyter-widgets/base` 4), in Chromium:
our front end, built for JupyterLab 4, works there too.

The server and kernel come from the ipywidgets 7.8 environment (tests/e2e/legacy_envs.py). The page
runs a notebook's cells with JupyterLab's own command and talks to Python through the kernel
connection; NotebookPage's snippets are JupyterLab 4's.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Iterator

import nbformat
import pytest
from playwright.sync_api import Browser, Page, expect

import anywidget
from harness.legacy_envs import Env, legacy_envs
from harness.legacy_servers import Lab3Server

from .conftest import SELECTED_FRONTENDS

pytestmark = pytest.mark.skipif(
    "lab" not in SELECTED_FRONTENDS, reason="JupyterLab 3 runs with the lab front end selected"
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

KERNEL_IDLE = """() => {
  const kernel = window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel;
  return kernel?.status === "idle" && kernel.connectionStatus === "connected";
}"""

# Runs code in the notebook's kernel (outside any cell); resolves with its printed text and errors.
EXECUTE = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code });
  let text = "";
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === "stream") text += msg.content.text;
    if (msg.header.msg_type === "error") text += `${msg.content.ename}: ${msg.content.evalue}`;
  };
  await future.done;
  return text;
}"""


@pytest.fixture(scope="module")
def legacy() -> Env:
    return legacy_envs()["7.8"]


@pytest.fixture(scope="module")
def lab3(legacy: Env) -> Iterator[Lab3Server]:
    server = Lab3Server(legacy.python)
    settings = server.workdir / "lab-settings" / "@jupyter-widgets" / "jupyterlab-manager"
    settings.mkdir(parents=True)
    # Settings > Widget Manager > Save Widget State Automatically.
    (settings / "plugin.jupyterlab-settings").write_text(json.dumps({"saveState": True}))
    try:
        server.start()
        yield server
    finally:
        server.stop()
        server.cleanup()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def open_notebook(page: Page, server: Lab3Server, name: str) -> None:
    server.forget_workspaces()
    page.goto(server.notebook_url(name))
    page.wait_for_function(KERNEL_IDLE, timeout=90_000, polling=100)


def python(page: Page, code: str) -> str:
    return str(page.evaluate(EXECUTE, code)).strip()


def python_until(page: Page, code: str, expected: str, timeout: float = 15.0) -> None:
    # The kernel applies an update from the page between executions: each attempt is one.
    deadline = time.monotonic() + timeout
    for _ in range(100):
        text = python(page, code)
        if text == expected or time.monotonic() > deadline:
            break
    assert text == expected


def test_jupyterlab_3_lists_the_extension_as_compatible(legacy: Env) -> None:
    listing = subprocess.run(
        [legacy.python, "-m", "jupyter", "labextension", "list"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    text = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    assert re.search(rf"anywidget v{re.escape(anywidget.__version__)} enabled OK", text), text
    assert '"anywidget@' not in text, text  # no "is not compatible with the current JupyterLab"


def test_counter_and_experimental_object_in_jupyterlab_3(lab3: Lab3Server, page: Page) -> None:
    name = "lab3.ipynb"
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [nbformat.v4.new_code_cell(COUNTER), nbformat.v4.new_code_cell(POINT)]
    nbformat.write(nb, str(lab3.root_dir / name))
    try:
        open_notebook(page, lab3, name)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        button = page.locator("button.counter")
        expect(button).to_have_text("count is 0", timeout=30_000)
        expect(button).to_have_css("color", "rgb(255, 0, 0)")
        button.click()
        python_until(page, "print(counter.value)", "1")
        python(page, "counter.value = 41")
        expect(button).to_have_text("count is 41")

        point = page.locator("i.point")
        expect(point).to_have_text("x is 1")
        python(page, "point.x = 5")
        expect(point).to_have_text("x is 5")

        # Saved with the widget state (saveState), then reopened on a new kernel: no code runs.
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        lab3.shutdown_sessions_for(name)
        open_notebook(page, lab3, name)
        expect(page.locator("button.counter")).to_have_text("count is 41", timeout=30_000)
    finally:
        lab3.shutdown_sessions_for(name)


def test_close_removes_the_view_and_its_layout_in_jupyterlab_3(
    lab3: Lab3Server, page: Page
) -> None:
    name = "lab3-close.ipynb"
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [nbformat.v4.new_code_cell(COUNTER)]
    nbformat.write(nb, str(lab3.root_dir / name))
    try:
        open_notebook(page, lab3, name)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        button = page.locator("button.counter")
        expect(button).to_have_text("count is 0", timeout=30_000)
        assert python(page, "counter.close()") == ""
        expect(button).to_have_count(0)
        assert python(page, "print(layout.comm is None)") == "True"
    finally:
        lab3.shutdown_sessions_for(name)
