"""Kernel restart, interrupt and death, in every front end: views of a gone kernel say so in place
and take no input; an interrupt changes nothing; re-running the cell gives a working widget."""

from __future__ import annotations

import os
import signal

from playwright.sync_api import Locator, expect

from harness.frontend_js import SNIPPETS
from harness.notebook_page import WIDGET_VIEW_MIME, NotebookPage

COUNTER = '''
import anywidget, traitlets

class Counter(anywidget.AnyWidget):
    _esm = """
    export default {
      render({ model, el }) {
        const button = document.createElement("button");
        button.className = "restart-counter";
        const show = () => { button.textContent = `count is ${model.get("value")}`; };
        button.addEventListener("click", () => {
          window.__restart_clicks = (window.__restart_clicks ?? 0) + 1;
          model.set("value", model.get("value") + 1);
          model.save_changes();
        });
        model.on("change:value", show);
        show();
        el.appendChild(button);
      },
    };
    """
    value = traitlets.Int(0).tag(sync=True)

counter = Counter()
'''

GONE_TEXT = "Kernel restarted or stopped: re-run the cell to use this widget again."

# The front end's own kernel API, as its toolbar and menus call it (without their dialogs).
_LAB_KERNEL = """
const panel = [...window.jupyterapp.shell.widgets('main')].find(
  (w) => w && w.context && w.context.path === a.path);
const session = panel.sessionContext;
"""
KERNEL_JS = {
    "lab": {
        "busy": _LAB_KERNEL + "session.session.kernel.requestExecute({ code: a.code });",
        "is_busy": _LAB_KERNEL + "return session.session.kernel.status === 'busy';",
        "interrupt": _LAB_KERNEL + "return session.session.kernel.interrupt();",
        "restart": _LAB_KERNEL + "return session.restartKernel();",
        "shutdown": _LAB_KERNEL + "return session.shutdown();",
    },
    "nbclassic": {
        "busy": "Jupyter.notebook.kernel.execute(a.code);",
        "is_busy": "return !!document.querySelector('#kernel_indicator_icon.kernel_busy_icon');",
        "interrupt": "Jupyter.notebook.kernel.interrupt();",
        "restart": "Jupyter.notebook.kernel.restart();",
        "shutdown": "Jupyter.notebook.shutdown_kernel({ confirm: false });",
    },
}


def kernel(notebook: NotebookPage, action: str, **arg: object) -> object:
    js = js_for(notebook)[action]
    return notebook.page.evaluate(f"(a) => {{ {js} }}", {"path": notebook.path, **arg})


def js_for(notebook: NotebookPage) -> dict[str, str]:
    return KERNEL_JS["nbclassic" if notebook.frontend == "nbclassic" else "lab"]


def wait_ready(notebook: NotebookPage) -> None:
    """Until the (new) kernel is idle and its widget manager can take comms."""
    ready = SNIPPETS["nbclassic" if notebook.frontend == "nbclassic" else "lab"]["ready"]
    notebook.page.wait_for_function(
        f"(a) => {{ {ready} }}",
        arg={"path": notebook.path, "widgets": True, "mime": WIDGET_VIEW_MIME},
        timeout=60_000,
        polling=50,
    )


def click_where(notebook: NotebookPage, button: Locator) -> None:
    """A user's click at the button's place on screen (a locator click would wait for it to take input)."""
    box = button.bounding_box()
    assert box is not None
    notebook.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def expect_gone(notebook: NotebookPage, cell: int, shown: str) -> None:
    out = notebook.output(cell)
    expect(out.locator(".anywidget-kernel-notice")).to_have_text(GONE_TEXT, timeout=20_000)
    button = out.locator("button.restart-counter")
    expect(button).to_have_text(shown)
    assert button.evaluate("(b) => b.closest('[inert]') !== null")
    clicks = notebook.page.evaluate("() => window.__restart_clicks")
    click_where(notebook, button)
    assert notebook.page.evaluate("() => window.__restart_clicks") == clicks
    expect(button).to_have_text(shown)


def test_restart_and_death_mark_views_in_place_and_rerunning_the_cell_works(
    notebook: NotebookPage,
) -> None:
    define = notebook.run(COUNTER)
    cell = notebook.run("counter")
    button = notebook.output(cell).locator("button.restart-counter")
    button.click()
    assert notebook.read_until("print(counter.value)", "1") == "1"

    # An interrupt stops the running code, not the kernel: the widget stays live.
    # The kernel waits (at most 60 s) on an event nothing sets, until the interrupt ends the wait.
    kernel(notebook, "busy", code="import threading; threading.Event().wait(60)")
    notebook.page.wait_for_function(
        f"(a) => {{ {js_for(notebook)['is_busy']} }}",
        arg={"path": notebook.path},
        timeout=10_000,
    )
    kernel(notebook, "interrupt")
    wait_ready(notebook)
    button.click()
    assert notebook.read_until("print(counter.value)", "2") == "2"
    expect(notebook.output(cell).locator(".anywidget-kernel-notice")).to_have_count(0)

    kernel(notebook, "restart")
    expect_gone(notebook, cell, "count is 2")
    wait_ready(notebook)

    # Re-running the cells in the new kernel gives a working widget.
    notebook.rerun(define)
    notebook.rerun(cell)
    fresh = notebook.output(cell).locator("button.restart-counter")
    expect(fresh).to_have_text("count is 0")
    expect(notebook.output(cell).locator(".anywidget-kernel-notice")).to_have_count(0)
    fresh.click()
    assert notebook.read_until("print(counter.value)", "1") == "1"

    # A kernel that dies (its process killed) gives the same state once the front end hears of it.
    # This is the last step: a kernel that dies within 10 s of its start comes back on new ports,
    # and nbclassic's open connection never follows it there (the server's rule, not ours).
    pid = int(notebook.run_and_read("import os; print(os.getpid())"))
    os.kill(pid, signal.SIGKILL)
    expect_gone(notebook, cell, "count is 1")


def test_shutdown_from_the_front_end_marks_views_in_place(notebook: NotebookPage) -> None:
    # A kernel shut down from the front end ends its connection: the views say so too.
    notebook.run(COUNTER)
    cell = notebook.run("counter")
    button = notebook.output(cell).locator("button.restart-counter")
    button.click()
    assert notebook.read_until("print(counter.value)", "1") == "1"
    kernel(notebook, "shutdown")
    expect_gone(notebook, cell, "count is 1")
