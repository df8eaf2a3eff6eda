"""Never blank without a reason (JupyterLab): failures are shown where the user looks, and recoverable."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from .conftest import write_notebook
from .notebook_page import NotebookPage
from .servers import JupyterServer

pytestmark = pytest.mark.parametrize("frontend", ["lab"], indirect=True)

BOUNDED = """
import anywidget, traitlets
class Bounded(anywidget.AnyWidget):
    _esm = '''
    export default {
      render({ model, el }) {
        el.innerHTML = '<span class=shown></span><button class=bad>bad</button><button class=good>good</button>';
        const show = () => { el.querySelector('.shown').textContent = 'value ' + model.get('value'); };
        model.on('change:value', show);
        show();
        const set = (v) => { model.set('value', v); model.save_changes(); };
        el.querySelector('.bad').onclick = () => set(99);
        el.querySelector('.good').onclick = () => set(model.get('value') + 1);
      },
    };
    '''
    value = traitlets.Int(3).tag(sync=True)

    @traitlets.validate('value')
    def _at_most_10(self, proposal):
        if proposal['value'] > 10:
            raise traitlets.TraitError('value must be at most 10')
        return proposal['value']

b = Bounded()
"""


def test_rejected_update_is_reverted_and_reported_once(notebook: NotebookPage) -> None:
    notebook.run(BOUNDED)
    out = notebook.output(notebook.run("b"))
    shown = out.locator(".shown")
    expect(shown).to_have_text("value 3")
    for _ in range(3):
        out.locator(".bad").click()
        expect(shown).to_have_text("value 3")
    assert notebook.read_until("print(b.value)", "3") == "3"
    out.locator(".good").click()
    expect(shown).to_have_text("value 4")
    assert notebook.read_until("print(b.value)", "4") == "4"
    warnings = [line for line in notebook.console if "rejected the new value of `value`" in line]
    assert len(warnings) == 1, notebook.console
    assert "at most 10" in warnings[0]


def test_missing_front_end_shows_what_to_fix(
    frontend: str, browser: Browser, artifacts_dir: Path, tmp_path: Path
) -> None:
    # A Lab whose widget manager and anywidget extension are both off: as with neither installed.
    disabled = ("anywidget", "@jupyter-widgets/jupyterlab-manager")
    with JupyterServer("lab", workdir=tmp_path / "server", disabled=disabled) as server:
        write_notebook(server.root_dir / "missing.ipynb")
        context = browser.new_context()
        try:
            page = NotebookPage(context.new_page(), server, artifacts_dir)
            page.open("missing.ipynb", widgets=False)
            page.run(
                "import anywidget\nclass Counter(anywidget.AnyWidget):\n    _esm = 'export default {}'"
            )
            out = page.output(page.run("Counter()"))
            expect(out.locator(".anywidget-fallback")).to_contain_text(
                "This Counter widget cannot be shown here"
            )
            expect(out).to_contain_text("pip install anywidget")
        finally:
            context.close()
            server.shutdown_sessions_for("missing.ipynb")
