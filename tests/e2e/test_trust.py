"""Saved widget code runs only in trusted notebooks, in every front end."""

from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import expect

from harness.notebook_page import NotebookPage
from harness.saved_state import saved_widget_notebook

MODEL_ID = "feedfacefeedfacefeedfacefeedface"


def write_saved_widget_notebook(notebook: NotebookPage, name: str) -> None:
    """A notebook whose saved widget state holds code that leaves marks on the page when it runs.

    The marks name the notebook: Lab's workspace may reopen (trusted) notebooks of earlier tests."""
    base = notebook.server.base_url
    esm = (
        f"(window.__saved_top_level ??= []).push({name!r});\n"
        "export default {\n"
        f"  initialize() {{ (window.__saved_initialize ??= []).push({name!r}); document.title = 'saved code ran: ' + {name!r}; }},\n"
        "  render({ model, el }) { el.innerHTML = '<i class=saved>saved ' + model.get('value') + '</i>'; },\n"
        "};"
    )
    css = f"{name}.probe.css"
    (notebook.server.root_dir / css).write_text(".saved { color: rgb(1, 2, 3); }")
    traits = {
        "_anywidget_id": "__main__.Saved",
        "_esm": esm,
        "_css": f"{base}files/{css}",
        "value": 5,
    }
    fallback = '<div class="anywidget-fallback">This Saved widget cannot be shown here.</div>'
    nb = saved_widget_notebook(MODEL_ID, traits, "~0.12.*", {"text/html": fallback})
    nbformat.write(nb, str(notebook.server.root_dir / name))


def marks(notebook: NotebookPage, name: str) -> dict[str, object]:
    return dict(
        notebook.page.evaluate(
            "(name) => ({ top: (window.__saved_top_level ?? []).includes(name),"
            " init: (window.__saved_initialize ?? []).includes(name), title: document.title })",
            name,
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
        seen = marks(notebook, name)
        assert (seen["top"], seen["init"]) == (False, False)
        assert seen["title"] != f"saved code ran: {name}"
        # Not even the saved stylesheet was fetched.
        assert not [url for url in requests if f"{name}.probe.css" in url]
        assert notebook.output(0).locator("i.saved").count() == 0

        notebook.server.trust(name)
        notebook.open(name)
        saved = notebook.output(0).locator("i.saved")
        expect(saved).to_have_text("saved 5")
        expect(saved).to_have_css("color", "rgb(1, 2, 3)")
        assert marks(notebook, name)["init"] is True
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
    seen = marks(notebook, name)
    assert (seen["top"], seen["init"]) == (False, False)
    assert seen["title"] != f"saved code ran: {name}"
    assert not [url for url in requests if f"{name}.probe.css" in url]
