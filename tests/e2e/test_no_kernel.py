"""Notebooks opened without a kernel in JupyterLab and Notebook 7, saved as users save them: cells
run in a real kernel, then JupyterLab saves the widget state ("Save Widget State Automatically",
then save). Trusted copies show their saved widgets from that state, untrusted ones run nothing,
and the offline export of the same notebook still renders."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from playwright.sync_api import Browser, Page, expect

from anywidget._wire.protocol import MODULE_REF_PREFIX
from anywidget.export import export_notebook
from harness.notebook_page import NotebookPage
from harness.saved_state import WIDGET_STATE_MIME, saved_widget_notebook
from harness.servers import JupyterServer

from .conftest import SELECTED_FRONTENDS

LAB_APPS = [name for name in ("lab", "notebook") if name in SELECTED_FRONTENDS]
lab_and_notebook = pytest.mark.parametrize("frontend", LAB_APPS, indirect=True)

SAVE_AUTOMATICALLY = "Save Widget State Automatically"
MANAGER_SETTINGS = "lab/api/settings/@jupyter-widgets/jupyterlab-manager:plugin"

# Every module counts its evaluations, so a page can tell whether saved code ran at all.
COUNTER_ESM = """
globalThis.__saved_module_runs = (globalThis.__saved_module_runs ?? 0) + 1;
export default {
  render({ model, el }) {
    const button = document.createElement("button");
    button.className = "saved-counter";
    const show = () => { button.textContent = `count ${model.get("value")}`; };
    button.addEventListener("click", () => {
      model.set("value", model.get("value") + 1);
      model.save_changes();
    });
    model.on("change:value", show);
    show();
    const blob = model.get("blob");
    const bytes = document.createElement("span");
    bytes.className = "saved-bytes";
    const values = new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);
    bytes.textContent = `${blob.constructor.name}:${values.join(",")}`;
    el.append(button, bytes);
  },
};
"""
INNER_ESM = """
globalThis.__saved_module_runs = (globalThis.__saved_module_runs ?? 0) + 1;
export default {
  render({ model, el }) {
    el.innerHTML = `<span class="saved-inner">inner ${model.get("label")}</span>`;
  },
};
"""
PARENT_ESM = """
globalThis.__saved_module_runs = (globalThis.__saved_module_runs ?? 0) + 1;
export default {
  async render({ model, el, host }) {
    el.innerHTML = '<b class="saved-parent">parent of</b>';
    const child = await host.getWidget(model.get("child"));
    await child.render({ el });
  },
};
"""
BROKEN_ESM = """
globalThis.__saved_module_runs = (globalThis.__saved_module_runs ?? 0) + 1;
export default { render() { throw new Error("the saved widget broke"); } };
"""

# The notebook's cells, run in a kernel in this order.
CELLS = (
    "import anywidget, ipywidgets, traitlets\n"
    "class Counter(anywidget.AnyWidget):\n"
    f"    _esm = {COUNTER_ESM!r}\n"
    "    _css = '.saved-counter { color: rgb(0, 128, 0); }'\n"
    "    value = traitlets.Int(0).tag(sync=True)\n"
    "    blob = traitlets.Bytes(b'').tag(sync=True)\n"
    "class Inner(anywidget.AnyWidget):\n"
    f"    _esm = {INNER_ESM!r}\n"
    "    label = traitlets.Unicode('boxed').tag(sync=True)\n"
    "class Parent(anywidget.AnyWidget):\n"
    f"    _esm = {PARENT_ESM!r}\n"
    "    child = anywidget.WidgetTrait().tag(sync=True)\n"
    "class Broken(anywidget.AnyWidget):\n"
    f"    _esm = {BROKEN_ESM!r}\n",
    # Several widgets of one class share one module model; binary traits are saved as buffers.
    "display(Counter(value=5, blob=b'\\x01\\x02\\xff'), Counter(value=7, blob=b'\\x00'))",
    "inner = Inner()\nipywidgets.VBox([inner, ipywidgets.IntSlider(value=3, description='speed')])",
    "inner",
    "Parent(child=Counter(value=9, blob=b'\\x09'))",
    "Broken()",
)
COUNTERS, BOX, INNER, PARENT, BROKEN = range(1, len(CELLS))


def expect_live(notebook: NotebookPage) -> None:
    """Every widget of CELLS as the running kernel shows it."""
    expect(notebook.output(COUNTERS).locator("button.saved-counter")).to_have_text(
        ["count 5", "count 7"]
    )
    expect(notebook.output(BOX).locator(".saved-inner")).to_have_text("inner boxed")
    expect(notebook.output(INNER).locator(".saved-inner")).to_have_text("inner boxed")
    expect(notebook.output(PARENT).locator("button.saved-counter")).to_have_text("count 9")
    expect(notebook.output(BROKEN).locator(".anywidget-error")).to_contain_text(
        "the saved widget broke"
    )


def loaded_no_kernel_code(page: Page) -> bool:
    """Whether the page fetched the saved-state manager, a chunk of its own (js/no-kernel/renderer.ts)."""
    return bool(
        page.evaluate(
            "() => performance.getEntriesByType('resource')"
            ".some((entry) => /extensions\\/anywidget\\/static\\/no-kernel\\./.test(entry.name))"
        )
    )


def toggle_save_automatically(page: Page) -> None:
    """Settings → "Save Widget State Automatically", as a user switches it."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Settings").click()
    page.locator(".lm-Menu-itemLabel", has_text=SAVE_AUTOMATICALLY).click()


@pytest.fixture(scope="module")
def saved_notebook(
    browser: Browser, artifacts_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """CELLS run in a real kernel in JupyterLab, saved with "Save Widget State Automatically"
    switched on in the Settings menu. A server of its own, so the setting changes nothing else."""
    target = tmp_path_factory.mktemp("no-kernel") / "saved.ipynb"
    name = "saved-by-lab.ipynb"
    with JupyterServer("lab") as server:
        nb = nbformat.v4.new_notebook(
            metadata={
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            }
        )
        nb.cells = [nbformat.v4.new_code_cell(code) for code in CELLS]
        nbformat.write(nb, str(server.root_dir / name))
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            notebook = NotebookPage(context.new_page(), server, artifacts_dir)
            notebook.open(name)
            for index in range(len(CELLS)):
                notebook.rerun(index)
            expect_live(notebook)
            # A notebook with a kernel never needs the no-kernel code.
            assert not loaded_no_kernel_code(notebook.page)
            assert server.api("GET", MANAGER_SETTINGS)["settings"].get("saveState") is not True
            toggle_save_automatically(notebook.page)
            notebook.page.wait_for_function(
                "() => window.jupyterapp.commands.isToggled("
                "'@jupyter-widgets/jupyterlab-manager:saveWidgetState')",
                timeout=10_000,
            )
            assert server.api("GET", MANAGER_SETTINGS)["settings"]["saveState"] is True
            notebook.save()
            notebook.page.wait_for_function(
                "(path) => [...window.jupyterapp.shell.widgets('main')]"
                ".find((w) => w.context && w.context.path === path).context.model.dirty === false",
                arg=name,
                timeout=10_000,
            )
        finally:
            context.close()
            server.shutdown_sessions_for(name)
        shutil.copy(server.root_dir / name, target)
    return target


def saved_models(path: Path) -> dict[str, Any]:
    nb = nbformat.read(str(path), as_version=4)
    return dict(nb.metadata["widgets"][WIDGET_STATE_MIME]["state"])


def test_lab_saves_module_models_references_and_buffers(saved_notebook: Path) -> None:
    """The state the tests below reopen is what our kernel and JupyterLab really save."""
    models = saved_models(saved_notebook)
    counters = [m for m in models.values() if m["state"].get("_anywidget_id") == "__main__.Counter"]
    assert len(counters) == 3
    # The three counters refer to one module model, which holds the text: stored once.
    references = {counter["state"]["_esm"].split("\n", 1)[0] for counter in counters}
    assert len(references) == 1
    module_id = references.pop().removeprefix(MODULE_REF_PREFIX).removesuffix(" */")
    module = models[module_id]
    assert (module["model_module"], module["model_name"]) == (
        "@jupyter-widgets/base",
        "WidgetModel",
    )
    assert "saved-bytes" in module["state"]["source"]
    assert json.dumps(models).count("saved-bytes") == 1
    assert [counter["buffers"][0]["path"] for counter in counters] == [["blob"]] * 3
    assert {m["model_name"] for m in models.values()} >= {"AnyModel", "VBoxModel", "IntSliderModel"}


@pytest.fixture
def page(browser: Browser, jupyter_server: JupyterServer) -> Iterator[Page]:
    jupyter_server.forget_workspaces()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def place(saved: Path, server: JupyterServer, name: str, trusted: bool) -> None:
    """Put the saved notebook on `server` as a reader gets it, whose server has no kernel for its
    kernel name or language (so the front end asks which kernel to use), `jupyter trust`ed if
    `trusted`. Only those two metadata entries change; the widget state is JupyterLab's."""
    nb = nbformat.read(str(saved), as_version=4)
    # Trust is recorded by content: each copy gets its own (the display name) or an untrusted copy
    # would pass as a trusted one made before it.
    gone = {"name": "no-such-kernel", "display_name": f"Gone ({name})", "language": "gone"}
    nb.metadata["kernelspec"] = gone
    nb.metadata["language_info"] = {"name": "gone"}
    nbformat.write(nb, str(server.root_dir / name))
    if trusted:
        server.trust(name)


def open_without_kernel(
    page: Page, server: JupyterServer, name: str, artifacts_dir: Path
) -> NotebookPage:
    """Open `name` and answer the kernel dialog with "No Kernel", as a reader would."""
    page.goto(server.notebook_url(name))
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("Select Kernel", timeout=60_000)
    dialog.get_by_role("button", name="No Kernel").click()
    expect(dialog).to_have_count(0)
    # The dialog can close before the panel has its notebook model; cells are read from that.
    page.wait_for_function(
        "(path) => [...window.jupyterapp.shell.widgets('main')].some((w) => w.context"
        " && w.context.path === path && w.context.isReady && w.content && w.content.model)",
        arg=name,
        timeout=60_000,
    )
    notebook = NotebookPage(page, server, artifacts_dir)
    notebook.path = name
    return notebook


def module_runs(page: Page) -> Any:
    return page.evaluate("() => globalThis.__saved_module_runs")


@lab_and_notebook
def test_trusted_notebook_saved_by_lab_shows_every_widget_without_a_kernel(
    page: Page,
    jupyter_server: JupyterServer,
    saved_notebook: Path,
    artifacts_dir: Path,
    frontend: str,
) -> None:
    name = f"no-kernel-trusted-{frontend}.ipynb"
    place(saved_notebook, jupyter_server, name, trusted=True)
    notebook = open_without_kernel(page, jupyter_server, name, artifacts_dir)
    counters = notebook.output(COUNTERS).locator("button.saved-counter")
    expect(counters).to_have_text(["count 5", "count 7"], timeout=30_000)
    expect(counters.first).to_have_css("color", "rgb(0, 128, 0)")
    expect(notebook.output(COUNTERS).locator(".saved-bytes")).to_have_text(
        ["DataView:1,2,255", "DataView:0"]
    )
    # Clicks change the page's model only, one widget at a time.
    counters.first.click()
    expect(counters).to_have_text(["count 6", "count 7"])
    # The VBox shows, the anywidget inside it and the slider beside it included.
    box = notebook.output(BOX).locator(".widget-vbox")
    expect(box.locator(".saved-inner")).to_have_text("inner boxed")
    expect(box.locator(".widget-readout")).to_have_text("3")
    expect(notebook.output(INNER).locator(".saved-inner")).to_have_text("inner boxed")
    parent = notebook.output(PARENT)
    expect(parent.locator(".saved-parent")).to_have_text("parent of")
    expect(parent.locator("button.saved-counter")).to_have_text("count 9")
    broken = notebook.output(BROKEN).locator(".anywidget-error")
    expect(broken).to_contain_text("__main__.Broken: widget code failed to render")
    expect(broken).to_contain_text("the saved widget broke")
    assert [s for s in jupyter_server.api("GET", "api/sessions") if s.get("path") == name] == []
    assert loaded_no_kernel_code(page)


@lab_and_notebook
def test_untrusted_notebook_saved_by_lab_runs_nothing(
    page: Page,
    jupyter_server: JupyterServer,
    saved_notebook: Path,
    artifacts_dir: Path,
    frontend: str,
) -> None:
    name = f"no-kernel-untrusted-{frontend}.ipynb"
    place(saved_notebook, jupyter_server, name, trusted=False)
    open_without_kernel(page, jupyter_server, name, artifacts_dir)
    # Each of the five anywidget outputs shows its (sanitized) HTML fallback instead.
    expect(page.locator(".anywidget-fallback")).to_have_count(5, timeout=30_000)
    assert page.locator("button.saved-counter, .saved-inner, .anywidget-error").count() == 0
    assert module_runs(page) is None
    assert not loaded_no_kernel_code(page)


def export_shows_every_widget(page: Page) -> None:
    """The exported page of CELLS' outputs: html-manager renders every saved widget."""
    counters = page.locator("button.saved-counter")
    expect(counters).to_have_text(["count 5", "count 7", "count 9"], timeout=20_000)
    expect(page.locator(".saved-bytes")).to_have_text(
        ["DataView:1,2,255", "DataView:0", "DataView:9"]
    )
    expect(page.locator(".widget-vbox .saved-inner")).to_have_text("inner boxed")
    expect(page.locator(".widget-readout")).to_have_text("3")
    expect(page.locator(".anywidget-error")).to_contain_text("the saved widget broke")


def test_offline_export_of_the_notebook_saved_by_lab_renders(
    saved_notebook: Path, tmp_path: Path, browser: Browser
) -> None:
    # Lab signed the notebook in its own (throwaway) signature store, not this process's:
    # exported as its trusting user would.
    export_notebook(saved_notebook, tmp_path / "saved.html", trust=True)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((tmp_path / "saved.html").as_uri())
        export_shows_every_widget(page)
    finally:
        context.close()


@pytest.mark.parametrize("frontend", LAB_APPS[:1], indirect=True)
def test_a_kernel_started_later_gets_ipywidgets_as_usual(
    page: Page, jupyter_server: JupyterServer, saved_notebook: Path, artifacts_dir: Path
) -> None:
    name = "no-kernel-then-kernel.ipynb"
    place(saved_notebook, jupyter_server, name, trusted=True)
    notebook = open_without_kernel(page, jupyter_server, name, artifacts_dir)
    counters = notebook.output(COUNTERS).locator("button.saved-counter")
    expect(counters).to_have_text(["count 5", "count 7"], timeout=30_000)
    try:
        page.evaluate(
            """(path) => [...window.jupyterapp.shell.widgets('main')]
                 .find((w) => w.context && w.context.path === path)
                 .sessionContext.changeKernel({ name: 'python3' })""",
            name,
        )
        # The saved outputs stay shown, and ipywidgets, now with a kernel, shows live widgets.
        expect(counters).to_have_text(["count 5", "count 7"])
        index = notebook.run("import ipywidgets\nipywidgets.IntSlider(value=42)")
        expect(notebook.output(index).locator(".widget-readout")).to_have_text("42")
    finally:
        jupyter_server.shutdown_sessions_for(name)


@pytest.mark.parametrize("frontend", LAB_APPS[:1], indirect=True)
def test_state_saved_by_anywidget_0_11_with_inline_modules_shows_without_a_kernel(
    page: Page, jupyter_server: JupyterServer, artifacts_dir: Path
) -> None:
    # Kernels of anywidget 0.9-0.11 save the module's text in `_esm` itself, not a reference. No
    # such kernel runs here: the state is written as theirs was.
    model_id = "0badc0de0badc0de0badc0de0badc0de"
    traits = {"_anywidget_id": "__main__.Counter", "_esm": COUNTER_ESM, "value": 5}
    nb = saved_widget_notebook(model_id, traits, "~0.11.*")
    state = nb.metadata["widgets"][WIDGET_STATE_MIME]["state"][model_id]
    state["buffers"] = [{"path": ["blob"], "encoding": "base64", "data": "AQL/"}]
    path = jupyter_server.workdir / "inline.ipynb"
    nbformat.write(nb, str(path))
    name = "no-kernel-inline.ipynb"
    place(path, jupyter_server, name, trusted=True)
    notebook = open_without_kernel(page, jupyter_server, name, artifacts_dir)
    expect(notebook.output(0).locator("button.saved-counter")).to_have_text(
        "count 5", timeout=30_000
    )
    expect(notebook.output(0).locator(".saved-bytes")).to_have_text("DataView:1,2,255")
