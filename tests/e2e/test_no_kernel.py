"""Notebooks opened without a kernel in JupyterLab and Notebook 7: trusted ones show their saved
anywidget outputs from the saved widget state, untrusted ones run nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import SELECTED_FRONTENDS
from .notebook_page import NotebookPage
from .saved_state import saved_widget_notebook
from .servers import JupyterServer

MODEL_ID = "0badc0de0badc0de0badc0de0badc0de"
ESM = """
window.__no_kernel_ran = true;
export default {
  render({ model, el }) {
    const button = document.createElement("button");
    button.className = "saved-counter";
    const show = () => { button.textContent = `count ${model.get("value")}`; };
    button.addEventListener("click", () => model.set("value", model.get("value") + 1));
    model.on("change:value", show);
    show();
    const blob = model.get("blob");
    const bytes = document.createElement("span");
    bytes.className = "saved-bytes";
    bytes.textContent = `${blob.constructor.name}:${new Uint8Array(blob.buffer).join(",")}`;
    el.append(button, bytes);
  },
};
"""
FALLBACK = '<div class="anywidget-fallback">saved counter (needs a trusted notebook)</div>'

LAB_APPS = [name for name in ("lab", "notebook") if name in SELECTED_FRONTENDS]
lab_and_notebook = pytest.mark.parametrize("frontend", LAB_APPS, indirect=True)


def write_notebook(server: JupyterServer, name: str) -> None:
    """A notebook with one saved counter (binary trait included) whose kernel cannot be found,
    so the front end asks which kernel to use."""
    traits = {"_anywidget_id": "__main__.Saved", "_esm": ESM, "value": 5}
    nb = saved_widget_notebook(MODEL_ID, traits, "~0.12.*", {"text/html": FALLBACK})
    model = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"][MODEL_ID]
    model["buffers"] = [{"path": ["blob"], "encoding": "base64", "data": "AQL/"}]
    nb.metadata["kernelspec"] = {
        "name": "no-such-kernel",
        "display_name": "Gone",
        "language": "none",
    }
    nbformat.write(nb, str(server.root_dir / name))


@pytest.fixture
def page(browser: Browser, jupyter_server: JupyterServer) -> Iterator[Page]:
    jupyter_server.forget_workspaces()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def open_without_kernel(page: Page, server: JupyterServer, name: str) -> None:
    """Open `name` and answer the kernel dialog with "No Kernel", as a reader would."""
    page.goto(server.notebook_url(name))
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("Select Kernel", timeout=60_000)
    dialog.get_by_role("button", name="No Kernel").click()
    expect(dialog).to_have_count(0)


@lab_and_notebook
def test_trusted_notebook_without_kernel_shows_saved_widgets(
    page: Page, jupyter_server: JupyterServer, frontend: str
) -> None:
    name = f"no-kernel-trusted-{frontend}.ipynb"
    write_notebook(jupyter_server, name)
    jupyter_server.trust(name)
    open_without_kernel(page, jupyter_server, name)
    button = page.locator("button.saved-counter")
    expect(button).to_have_text("count 5", timeout=30_000)
    expect(page.locator(".saved-bytes")).to_have_text("DataView:1,2,255")
    button.click()
    expect(button).to_have_text("count 6")
    assert [s for s in jupyter_server.api("GET", "api/sessions") if s.get("path") == name] == []


@lab_and_notebook
def test_untrusted_notebook_without_kernel_runs_nothing(
    page: Page, jupyter_server: JupyterServer, frontend: str
) -> None:
    name = f"no-kernel-untrusted-{frontend}.ipynb"
    write_notebook(jupyter_server, name)
    open_without_kernel(page, jupyter_server, name)
    expect(page.locator(".anywidget-fallback")).to_be_visible(timeout=30_000)
    assert page.locator("button.saved-counter").count() == 0
    assert page.evaluate("window.__no_kernel_ran") is None


@pytest.mark.parametrize("frontend", LAB_APPS[:1], indirect=True)
def test_a_kernel_started_later_gets_ipywidgets_as_usual(
    page: Page, jupyter_server: JupyterServer, artifacts_dir: Path
) -> None:
    name = "no-kernel-then-kernel.ipynb"
    write_notebook(jupyter_server, name)
    jupyter_server.trust(name)
    open_without_kernel(page, jupyter_server, name)
    expect(page.locator("button.saved-counter")).to_have_text("count 5", timeout=30_000)
    try:
        page.evaluate(
            """(path) => [...window.jupyterapp.shell.widgets('main')]
                 .find((w) => w.context && w.context.path === path)
                 .sessionContext.changeKernel({ name: 'python3' })""",
            name,
        )
        notebook = NotebookPage(page, jupyter_server, artifacts_dir)
        notebook.path = name
        # The saved output stays shown, and ipywidgets, now with a kernel, shows live widgets.
        expect(notebook.output(0).locator("button.saved-counter")).to_have_text("count 5")
        index = notebook.run("import ipywidgets\nipywidgets.IntSlider(value=42)")
        expect(notebook.output(index).locator(".widget-readout")).to_have_text("42")
    finally:
        jupyter_server.shutdown_sessions_for(name)
