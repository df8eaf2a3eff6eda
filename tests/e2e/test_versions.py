"""Version agreement between kernel and front end, in every front end."""

from __future__ import annotations

from playwright.sync_api import expect

from harness.notebook_page import NotebookPage


def test_kernel_newer_than_the_front_end_gets_a_clear_message(notebook: NotebookPage) -> None:
    notebook.run(
        "import anywidget, traitlets\n"
        "class FromTheFuture(anywidget.AnyWidget):\n"
        "    _esm = \"export default { render({ el }) { el.innerHTML = '<b class=ran>ran</b>'; } };\"\n"
        "    _model_module_version = traitlets.Unicode('~0.13.*').tag(sync=True)\n"
        "    _view_module_version = traitlets.Unicode('~0.13.*').tag(sync=True)"
    )
    out = notebook.output(notebook.run("FromTheFuture()"))
    notice = out.locator(".anywidget-version-mismatch")
    expect(notice).to_contain_text(
        "needs the anywidget front end ~0.13.*, but this Jupyter has 0.12.0"
    )
    expect(notice).to_contain_text("pip install -U anywidget")
    expect(out.locator("b.ran")).to_have_count(0)
