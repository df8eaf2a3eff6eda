"""Saved widget code runs only in trusted notebooks, in every front end."""

from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import expect

from .notebook_page import NotebookPage

MODEL_ID = "feedfacefeedfacefeedfacefeedface"


def write_saved_widget_notebook(notebook: NotebookPage, name: str) -> None:
    """A notebook whose saved widget state holds code that leaves marks on the page when it runs."""
    base = notebook.server.base_url
    esm = (
        "window.__saved_top_level = true;\n"
        "export default {\n"
        "  initialize() { window.__saved_initialize = true; document.title = 'saved code ran'; },\n"
        "  render({ model, el }) { el.innerHTML = '<i class=saved>saved ' + model.get('value') + '</i>'; },\n"
        "};"
    )
    (notebook.server.root_dir / "probe.css").write_text(".saved { color: rgb(1, 2, 3); }")
    version = "~0.12.*"
    state = {
        "_model_name": "AnyModel",
        "_model_module": "anywidget",
        "_model_module_version": version,
        "_view_name": "AnyView",
        "_view_module": "anywidget",
        "_view_module_version": version,
        "_anywidget_id": "__main__.Saved",
        "_esm": esm,
        "_css": f"{base}files/probe.css",
        "value": 5,
    }
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "widgets": {
                "application/vnd.jupyter.widget-state+json": {
                    "version_major": 2,
                    "version_minor": 0,
                    "state": {
                        MODEL_ID: {
                            "model_name": "AnyModel",
                            "model_module": "anywidget",
                            "model_module_version": version,
                            "state": state,
                        }
                    },
                }
            },
        }
    )
    view = {"version_major": 2, "version_minor": 0, "model_id": MODEL_ID}
    fallback = '<div class="anywidget-fallback">This Saved widget cannot be shown here.</div>'
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "saved",
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "application/vnd.jupyter.widget-view+json": view,
                        "text/html": fallback,
                        "text/plain": "Saved()",
                    },
                )
            ],
        )
    )
    nbformat.write(nb, str(notebook.server.root_dir / name))


def marks(notebook: NotebookPage) -> dict[str, object]:
    return dict(
        notebook.page.evaluate(
            "() => ({ top: !!window.__saved_top_level, init: !!window.__saved_initialize,"
            " title: document.title })"
        )
    )


def test_untrusted_notebook_runs_no_saved_widget_code_until_trusted(notebook: NotebookPage) -> None:
    name = "saved-untrusted.ipynb"
    write_saved_widget_notebook(notebook, name)
    requests: list[str] = []
    notebook.page.on("request", lambda request: requests.append(request.url))
    try:
        notebook.open(name)
        # The output shows its safe fallback, so the notebook and its saved state have loaded.
        # Scoped to this notebook: Lab's workspace may reopen other notebooks beside it.
        expect(notebook.output(0).locator(".anywidget-fallback")).to_be_visible()
        notebook.run("1 + 1")  # a full kernel round trip after the restore
        seen = marks(notebook)
        assert (seen["top"], seen["init"]) == (False, False)
        assert seen["title"] != "saved code ran"
        # Not even the saved stylesheet was fetched.
        assert not [url for url in requests if "probe.css" in url]
        assert notebook.output(0).locator("i.saved").count() == 0

        notebook.server.trust(name)
        notebook.open(name)
        saved = notebook.output(0).locator("i.saved")
        expect(saved).to_have_text("saved 5")
        expect(saved).to_have_css("color", "rgb(1, 2, 3)")
        assert marks(notebook)["init"] is True
    finally:
        notebook.server.shutdown_sessions_for(name)


@pytest.mark.parametrize("frontend", ["lab"], indirect=True)
def test_untrusted_notebook_opened_without_a_kernel_runs_no_saved_code(
    notebook: NotebookPage, frontend: str
) -> None:
    name = "saved-no-kernel.ipynb"
    write_saved_widget_notebook(notebook, name)
    requests: list[str] = []
    notebook.page.on("request", lambda request: requests.append(request.url))
    notebook.page.evaluate(
        """(path) => window.jupyterapp.commands.execute('docmanager:open', {
             path, factory: 'Notebook', kernelPreference: { shouldStart: false, shouldReuse: false } })""",
        name,
    )
    notebook.path = name
    # The output shows its safe fallback once the document has loaded and rendered.
    expect(notebook.output(0).locator(".anywidget-fallback")).to_be_visible()
    assert notebook.page.evaluate(
        """(path) => [...window.jupyterapp.shell.widgets('main')]
             .find((w) => w.context && w.context.path === path).sessionContext.session === null""",
        name,
    )
    seen = marks(notebook)
    assert (seen["top"], seen["init"]) == (False, False)
    assert seen["title"] != "saved code ran"
    assert not [url for url in requests if "probe.css" in url]
