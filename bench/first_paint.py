"""Scenario: a cell displays one new widget -> the widget's content is painted.

Timed in the page (`performance.now()`): from just before the cell is added and executed to the
animation frame after a MutationObserver sees the widget's element in the DOM. The same timing of a
no-op cell (one line printed) is the cell-execution overhead, subtracted from each widget
figure; IntSlider and Button are the same-run references. Kinds are interleaved per trial, after
one untimed warm-up trial, so background load hits them alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.lab import median, notebook, painted_ms, watch_paint

if TYPE_CHECKING:
    from playwright.sync_api import Browser

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

# kind -> (cell, selector of what it paints)
_KINDS: dict[str, tuple[str, str]] = {
    "no-op": ("print('painted')", '[data-mime-type="application/vnd.jupyter.stdout"]'),
    "widget": ("BenchPaint()", ".bench-paint"),
    "IntSlider": ("ipywidgets.IntSlider(value=3)", ".widget-slider"),
    "Button": ("ipywidgets.Button(description='go')", ".widget-button"),
}


def measure(browser: Browser, server: JupyterServer, trials: int) -> dict[str, float]:
    """Median display -> paint per kind over `trials`, widget kinds net of the no-op cell."""
    samples: dict[str, list[float]] = {kind: [] for kind in _KINDS}
    with notebook(browser, server, "first_paint.ipynb") as page:
        page.run(_SETUP)
        for trial in range(trials + 1):
            for kind, (code, selector) in _KINDS.items():
                watch_paint(page, selector)
                page.run(code)
                elapsed = painted_ms(page, timeout=60)
                if trial:
                    samples[kind].append(elapsed)
    overhead = median(samples["no-op"])
    label = f"display -> first paint, median of {trials}, minus no-op cell (ms)"
    return {
        f"{label}: widget": round(median(samples["widget"]) - overhead, 1),
        f"{label}: IntSlider (reference)": round(median(samples["IntSlider"]) - overhead, 1),
        f"{label}: Button (reference)": round(median(samples["Button"]) - overhead, 1),
        f"no-op cell (print) run -> painted, median of {trials} (ms)": overhead,
    }
