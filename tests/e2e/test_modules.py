"""Each module once: many instances share one module model yet evaluate it apart, across reloads, hot reload and saved state."""

from __future__ import annotations

import json

import nbformat
from playwright.sync_api import expect

from harness.notebook_page import NotebookPage
from harness.saved_state import WIDGET_STATE_MIME, WIDGET_VIEW_MIME

# Module-level state: every model evaluates its own copy, so every instance counts from 1.
ESM = """
window.__module_runs = (window.__module_runs ?? 0) + 1;
let renders = 0;
export default {
  render({ model, el }) {
    renders += 1;
    el.innerHTML = `<span class=sep>%s ${model.get('label')} ${renders}</span>`;
  },
};
"""

OTHER_ESM = """
export default {
  render({ el }) {
    window.__other_renders = (window.__other_renders ?? 0) + 1;
    el.innerHTML = '<b class=other>other</b>';
  },
};
"""

COUNT = 4

# Finds the notebook's widget manager and keeps it as `window.__modules_manager`: Lab and
# Notebook 7 reach it through the notebook's widget renderer (its private `_manager`), nbclassic
# through the kernel.
_FIND_MANAGER = """
async (a) => {
  let manager;
  if (window.Jupyter && window.Jupyter.notebook) {
    manager = window.Jupyter.notebook.kernel.widget_manager;
  } else {
    const panel = [...window.jupyterapp.shell.widgets('main')].find(
      (w) => w && w.context && w.context.path === a.path);
    const renderer = panel.content.rendermime.getFactory(a.mime).createRenderer({ mimeType: a.mime });
    try { manager = await renderer._manager.promise; } finally { renderer.dispose(); }
  }
  window.__modules_manager = manager;
}
"""

# Counts the object URLs the page makes: one per distinct source when modules are parsed once.
_COUNT_BLOB_URLS = """
() => {
  window.__blob_urls = 0;
  window.__create_object_url = URL.createObjectURL;
  URL.createObjectURL = (blob) => {
    window.__blob_urls += 1;
    return window.__create_object_url.call(URL, blob);
  };
}
"""


def page_has_model(notebook: NotebookPage, model_id: str) -> bool:
    notebook.page.evaluate(_FIND_MANAGER, {"path": notebook.path, "mime": WIDGET_VIEW_MIME})
    return bool(notebook.page.evaluate("(id) => window.__modules_manager.has_model(id)", model_id))


def shown(notebook: NotebookPage, index: int, version: str) -> None:
    # Generous: several modules evaluate at once, on a machine other test runs share.
    spans = notebook.output(index).locator("span.sep")
    expect(spans).to_have_count(COUNT, timeout=20_000)
    expect(spans).to_have_text([f"{version} w{i} 1" for i in range(COUNT)], timeout=20_000)


def test_instances_keep_module_state_apart_through_reload_and_hot_reload(
    notebook: NotebookPage,
) -> None:
    notebook.run("%load_ext anywidget")
    notebook.run("%%vfile sep.js\n" + ESM % "v1")
    notebook.page.evaluate(_COUNT_BLOB_URLS)
    try:
        notebook.run(
            "import anywidget, traitlets\n"
            "from anywidget._core.modules import store\n"
            "class Sep(anywidget.AnyWidget):\n"
            "    _esm = 'vfile:sep.js'\n"
            "    label = traitlets.Unicode().tag(sync=True)\n"
            "class Other(anywidget.AnyWidget):\n"
            f"    _esm = {OTHER_ESM!r}\n"
            f"ws = [Sep(label=f'w{{i}}') for i in range({COUNT})]\n"
            "other = Other()"
        )
        first = notebook.run("for w in ws: display(w)\nother")
        shown(notebook, first, "v1")
        expect(notebook.output(first).locator("b.other")).to_have_text("other")
        # Each model ran its own instance, from one parse per distinct source.
        assert notebook.page.evaluate("() => window.__module_runs") == COUNT
        assert notebook.page.evaluate("() => window.__blob_urls") == 2
    finally:
        notebook.page.evaluate("() => { URL.createObjectURL = window.__create_object_url; }")
    # One module model carries the shared text, however many widgets use it.
    assert (
        notebook.run_and_read("print(sum(m.source == ws[0]._esm for m in store.open_models()))")
        == "1"
    )

    # A new source for the shared module reaches every instance using it, and only those.
    other_renders = notebook.page.evaluate("() => window.__other_renders")
    notebook.run("%%vfile sep.js\n" + ESM % "v2")
    shown(notebook, first, "v2")
    assert notebook.page.evaluate("() => window.__other_renders") == other_renders
    assert (
        notebook.run_and_read("print(sum(m.source.count('v1 ') for m in store.open_models()))")
        == "0"
    )

    # A fresh page gets the widgets (and their one module) from the kernel, and renders them apart.
    assert notebook.path is not None
    notebook.open(notebook.path)
    again = notebook.run("for w in ws: display(w)")
    shown(notebook, again, "v2")

    # Once no widget uses it, the module is closed in the kernel and gone from the page.
    module_id = notebook.run_and_read(
        "[module] = [m for m in store.open_models() if m.source == ws[0]._esm]\n"
        "print(module.model_id)"
    )
    assert page_has_model(notebook, module_id)
    notebook.run("for w in ws: w.close()")
    assert notebook.run_and_read("print(module.comm is None)") == "True"
    notebook.page.wait_for_function(
        "(id) => !window.__modules_manager.has_model(id)", arg=module_id, timeout=10_000
    )

    # A module replaced (and closed) before the page has seen the widgets still renders the new one.
    swapped = notebook.run(
        "class Swap(anywidget.AnyWidget):\n"
        "    _esm = 'export default { render({ el }) { el.innerHTML = \"<i class=swap>old</i>\"; } };'\n"
        "swaps = [Swap() for _ in range(2)]\n"
        "for w in swaps: w._esm = w._esm.replace('old', 'new')\n"
        "for w in swaps: display(w)"
    )
    expect(notebook.output(swapped).locator("i.swap")).to_have_text(["new", "new"])


def test_saved_state_holds_each_module_once_and_reopens_every_widget_when_trusted(
    notebook: NotebookPage,
) -> None:
    notebook.run(
        "import anywidget, traitlets\n"
        "class Saved(anywidget.AnyWidget):\n"
        f"    _esm = {ESM % 'saved'!r}\n"
        "    label = traitlets.Unicode().tag(sync=True)\n"
        f"saved = [Saved(label=f'w{{i}}') for i in range({COUNT})]"
    )
    shown(notebook, notebook.run("for w in saved: display(w)"), "saved")
    # The state a front end saves with the notebook ("Save Widget State", Lab's saveState).
    notebook.page.evaluate(_FIND_MANAGER, {"path": notebook.path, "mime": WIDGET_VIEW_MIME})
    state = notebook.page.evaluate(
        "() => window.__modules_manager.get_state({ drop_defaults: true })"
    )
    ids = [
        model_id
        for model_id, model in state["state"].items()
        if model["state"].get("_anywidget_id", "").endswith(".Saved")
    ]
    assert len(ids) == COUNT
    as_text = json.dumps(state)
    assert as_text.count("renders += 1") == 1

    views = [
        nbformat.v4.new_output(
            "display_data",
            data={
                WIDGET_VIEW_MIME: {"version_major": 2, "version_minor": 0, "model_id": model_id},
                "text/html": '<div class="anywidget-fallback">not shown here</div>',
            },
        )
        for model_id in ids
    ]
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "widgets": {WIDGET_STATE_MIME: state},
        }
    )
    nb.cells.append(nbformat.v4.new_code_cell("saved", outputs=views))
    name = "saved-modules.ipynb"
    nbformat.write(nb, str(notebook.server.root_dir / name))
    # Nothing else may run this module in the pages below: not this notebook's live widgets,
    # not Lab reopening this notebook from its workspace.
    assert notebook.path is not None
    notebook.server.shutdown_sessions_for(notebook.path)
    notebook.server.forget_workspaces()
    try:
        # Untrusted: the module models load with the state, but no module code runs.
        notebook.open(name)
        expect(notebook.output(0).locator(".anywidget-fallback")).to_have_count(COUNT)
        notebook.run("1 + 1")
        assert notebook.page.evaluate("() => window.__module_runs ?? 0") == 0
        assert notebook.output(0).locator("span.sep").count() == 0

        notebook.server.trust(name)
        notebook.open(name)
        shown(notebook, 0, "saved")
    finally:
        notebook.server.shutdown_sessions_for(name)
