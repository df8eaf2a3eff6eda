"""Hot reload in JupyterLab: saving a widget's file (or re-running a %%vfile cell) updates it in place."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.notebook_page import NotebookPage

pytestmark = pytest.mark.parametrize("frontend", ["lab"], indirect=True)

ESM = """
export default {
  render({ model, el }) {
    window.__renders = (window.__renders ?? 0) + 1;
    el.innerHTML = '<button class=hot></button>';
    const button = el.querySelector('button');
    const show = () => { button.textContent = '%s ' + model.get('value'); };
    model.on('change:value', show);
    show();
    button.onclick = () => { model.set('value', model.get('value') + 1); model.save_changes(); };
  },
};
"""


def renders(notebook: NotebookPage) -> int:
    return int(notebook.page.evaluate("() => window.__renders ?? 0"))


def test_saving_the_esm_file_rerenders_and_keeps_state(notebook: NotebookPage) -> None:
    root = notebook.server.root_dir
    (root / "hot.js").write_text(ESM % "v1")
    (root / "hot.css").write_text(".hot { color: rgb(255, 0, 0); }")
    notebook.run(
        "import pathlib, anywidget, traitlets\n"
        "class Hot(anywidget.AnyWidget):\n"
        "    _esm = pathlib.Path('hot.js')\n"
        "    _css = pathlib.Path('hot.css')\n"
        "    value = traitlets.Int(0).tag(sync=True)\n"
        "hot = Hot()"
    )
    button = notebook.output(notebook.run("hot")).locator("button.hot")
    expect(button).to_have_text("v1 0")
    button.click()
    expect(button).to_have_text("v1 1")

    (root / "hot.js").write_text(ESM % "v2")
    expect(button).to_have_text("v2 1")
    assert notebook.read_until("print(hot.value)", "1") == "1"

    # A stylesheet change swaps the style in place: no new render.
    before = renders(notebook)
    (root / "hot.css").write_text(".hot { color: rgb(0, 0, 255); }")
    expect(button).to_have_css("color", "rgb(0, 0, 255)")
    assert renders(notebook) == before


def test_rerunning_a_vfile_cell_hot_swaps_the_view(notebook: NotebookPage) -> None:
    notebook.run("%load_ext anywidget")
    notebook.run("%%vfile counter.js\n" + ESM % "first")
    notebook.run(
        "import anywidget, traitlets\n"
        "class Virtual(anywidget.AnyWidget):\n"
        "    _esm = 'vfile:counter.js'\n"
        "    value = traitlets.Int(3).tag(sync=True)\n"
        "v = Virtual()"
    )
    button = notebook.output(notebook.run("v")).locator("button.hot")
    expect(button).to_have_text("first 3")
    notebook.run("%%vfile counter.js\n" + ESM % "second")
    expect(button).to_have_text("second 3")
