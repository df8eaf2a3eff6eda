"""Page reload, in every front end: displayed widgets come back with the kernel's current state,
nothing is duplicated in the kernel, and a click still reaches Python exactly once."""

from __future__ import annotations

from playwright.sync_api import expect

from harness.notebook_page import NotebookPage

WIDGETS = '''
import anywidget, traitlets

class Tally(anywidget.AnyWidget):
    _esm = """
    export default {
      render({ model, el }) {
        const button = document.createElement("button");
        button.className = "tally";
        const show = () => { button.textContent = `${model.get("label")} ${model.get("value")}`; };
        button.addEventListener("click", () => {
          model.set("value", model.get("value") + 1);
          model.save_changes();
          model.send({ clicked: 1 });
        });
        model.on("change:value", show);
        show();
        el.appendChild(button);
      },
    };
    """
    _css = ".tally { color: rgb(0, 128, 0); border-top: 5px solid; }"
    label = traitlets.Unicode().tag(sync=True)
    value = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.clicks = 0
        self.on_msg(self._count)

    def _count(self, _widget, content, _buffers):
        self.clicks += content.get("clicked", 0)

class Note(anywidget.AnyWidget):
    _esm = """
    export default {
      render({ model, el }) {
        const note = document.createElement("i");
        note.className = "note";
        const show = () => { note.textContent = model.get("text"); };
        model.on("change:text", show);
        show();
        el.appendChild(note);
      },
    };
    """
    text = traitlets.Unicode("hello").tag(sync=True)

a, b, note = Tally(label="a"), Tally(label="b"), Note()
'''

# What the kernel holds: widget models and open comms (widgets plus their shared module models).
KERNEL_COUNTS = (
    "from ipywidgets.widgets.widget import _instances\n"
    "print(len(_instances), len(get_ipython().kernel.comm_manager.comms))"
)


def shows(notebook: NotebookPage, cell: int, a: str, b: str, text: str) -> None:
    out = notebook.output(cell)
    expect(out.locator("button.tally")).to_have_text([a, b], timeout=20_000)
    expect(out.locator("i.note")).to_have_text(text, timeout=20_000)


def test_reload_shows_every_widget_with_current_state_and_duplicates_nothing(
    notebook: NotebookPage,
) -> None:
    notebook.run(WIDGETS)
    cell = notebook.run("display(a, b, note)")
    shows(notebook, cell, "a 0", "b 0", "hello")
    notebook.output(cell).locator("button.tally").first.click()
    assert notebook.read_until("print(a.value, a.clicks)", "1 1") == "1 1"
    counts = notebook.run_and_read(KERNEL_COUNTS)

    # Changed in Python before the reload: the reloaded page shows the kernel's values.
    notebook.run("b.value = 5\nnote.text = 'before reload'")
    shows(notebook, cell, "a 1", "b 5", "before reload")
    notebook.save()
    notebook.reload()
    shows(notebook, cell, "a 1", "b 5", "before reload")
    expect(notebook.output(cell).locator("button.tally").first).to_have_css(
        "color", "rgb(0, 128, 0)"
    )

    # And after it: Python still reaches the reloaded views.
    notebook.run("a.value = 10\nnote.text = 'after reload'")
    shows(notebook, cell, "a 10", "b 5", "after reload")
    assert notebook.run_and_read(KERNEL_COUNTS) == counts

    # One click, one message: the kernel has one comm per widget and the page one view.
    notebook.output(cell).locator("button.tally").nth(1).click()
    assert notebook.read_until("print(b.value, b.clicks)", "6 1") == "6 1"
    assert notebook.run_and_read(KERNEL_COUNTS) == counts
