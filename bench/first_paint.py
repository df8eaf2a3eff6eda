"""Scenario: a cell displays one new widget of a class already shown -> the widget's node is connected.

Timed in the page (`performance.now()`), warm: one untimed trial first, so every timed widget is of
a class the page has already shown (its module loaded, its styles in place). Two figures per kind,
both ending when a MutationObserver sees the widget's element connected to the document:
- from the page sending the cell's execute_request: what `display(w)` costs, kernel and the
  kernel websocket's latency included (a no-op cell printing one line is that floor);
- from the kernel's first comm_open of the cell reaching the page: what the front end alone
  spends (model, module, initialize, styles, view).
IntSlider and Button are the same-run references. Kinds are interleaved per trial, so background
load hits them alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.lab import median, notebook

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from harness.notebook_page import NotebookPage
    from harness.servers import JupyterServer

_SETUP = """
import anywidget, ipywidgets

class BenchPaint(anywidget.AnyWidget):
    _esm = '''
    export default {
      render({ el }) {
        const mark = document.createElement("div");
        mark.className = "bench-paint";
        mark.textContent = "painted";
        el.appendChild(mark);
      },
    };
    '''
"""

# kind -> (cell, selector of the element it adds)
_KINDS: dict[str, tuple[str, str]] = {
    "no-op": ("print('painted')", '[data-mime-type="application/vnd.jupyter.stdout"]'),
    "widget": ("display(BenchPaint())", ".bench-paint"),
    "IntSlider": ("display(ipywidgets.IntSlider(value=3))", ".widget-slider"),
    "Button": ("display(ipywidgets.Button(description='go'))", ".widget-button"),
}

# Stamps `sent` when the page sends the cell's execute_request and `opened` when the kernel's first
# comm_open arrives (the kernel connection's anyMessage fires on sending and on receipt, before any
# handling), and `connected` when a new element matching the selector is in the document.
_WATCH = """
(a) => {
  const kernel = window.__bench.kernel(a.path);
  const state = { sent: null, opened: null, connected: null };
  const onMessage = (_sender, { msg, direction }) => {
    const type = msg.header.msg_type;
    if (direction === "send" && type === "execute_request" && state.sent === null) {
      state.sent = performance.now();
    } else if (direction === "recv" && type === "comm_open" && state.opened === null) {
      state.opened = performance.now();
    }
  };
  kernel.anyMessage.connect(onMessage);
  const observer = new MutationObserver(() => {
    if (document.querySelectorAll(a.selector).length <= a.before) return;
    state.connected = performance.now();
    observer.disconnect();
    kernel.anyMessage.disconnect(onMessage);
  });
  observer.observe(document.body, { childList: true, subtree: true });
  window.__bench.paint = state;
}
"""


def _timed(page: NotebookPage, code: str, selector: str) -> tuple[float, float | None]:
    """(execute_request sent -> connected, first comm_open -> connected) in ms, for one run of `code`."""
    before = page.page.evaluate("(s) => document.querySelectorAll(s).length", selector)
    page.page.evaluate(_WATCH, {"path": page.path, "selector": selector, "before": before})
    page.run(code)
    page.page.wait_for_function(
        "() => window.__bench.paint.connected !== null", timeout=60_000, polling=20
    )
    sent, opened, connected = page.page.evaluate(
        "() => { const s = window.__bench.paint; return [s.sent, s.opened, s.connected]; }"
    )
    return connected - sent, None if opened is None else connected - opened


def measure(browser: Browser, server: JupyterServer, trials: int) -> dict[str, float]:
    """Medians over `trials` per kind, from the cell's execute_request and from its first comm_open."""
    whole: dict[str, list[float]] = {kind: [] for kind in _KINDS}
    front: dict[str, list[float]] = {kind: [] for kind in _KINDS}
    with notebook(browser, server, "first_paint.ipynb") as page:
        page.run(_SETUP)
        for trial in range(trials + 1):
            for kind, (code, selector) in _KINDS.items():
                elapsed, after_open = _timed(page, code, selector)
                if trial:
                    whole[kind].append(elapsed)
                    if after_open is not None:
                        front[kind].append(after_open)
    label = f"display(w) -> node connected, warm, median of {trials}"
    names = {
        "widget": "widget",
        "IntSlider": "IntSlider (reference)",
        "Button": "Button (reference)",
    }
    rows = {
        f"{label}, from execute_request (ms): {name}": median(whole[kind])
        for kind, name in names.items()
    }
    rows[f"{label}, from execute_request (ms): no-op cell (floor)"] = median(whole["no-op"])
    for kind, name in names.items():
        rows[f"{label}, from the first comm_open (ms): {name}"] = median(front[kind])
    return rows
