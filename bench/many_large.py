"""Scenario: one cell displays N instances of a widget class whose `_esm` is ~1 MB -> all N painted.

Timed in the page (`performance.now()`): from just before the cell is added and executed to the
animation frame after a MutationObserver has seen all N widgets' elements. The module is generated
in the kernel: plain functions up to the size, then a `render`. The notebook is then saved with its
widget state (Lab's `saveState`) and the `.ipynb` size on disk recorded. The bytes the page receives
over its websockets while the cell runs (every frame: the modules, the widget states, the outputs)
are counted by Playwright, and apart those of the frames carrying the module's text. N IntSliders in another
notebook of the same server are the same-run reference for both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.lab import notebook, painted_ms, socket_bytes, watch_paint

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from harness.notebook_page import NotebookPage
    from harness.servers import JupyterServer

_SETUP = """
import anywidget, ipywidgets

def large_module(size):
    lines, total, i = [], 0, 0
    while total < size:
        line = f"function f{i}(x) {{ return x * {i} + {i % 7}; }}"
        lines.append(line)
        total += len(line) + 1
        i += 1
    render = "export default { render({ el }) { el.innerHTML = '<div class=bench-big>big</div>'; } };"
    return "\\n".join(lines) + "\\n" + render

big_module = large_module(SIZE)

class BenchBig(anywidget.AnyWidget):
    _esm = big_module

print(len(big_module))
"""

_SAVE = """
(path) => window.__bench.panelFor(path).context.save()
"""


def _saved_bytes(page: NotebookPage) -> int:
    page.page.evaluate(_SAVE, page.path)
    assert page.path is not None
    return (page.server.root_dir / page.path).stat().st_size


def _paint_all(page: NotebookPage, cell: str, selector: str, count: int) -> float:
    watch_paint(page, selector, count)
    page.run(cell, timeout=300)
    return painted_ms(page, timeout=300)


def measure(
    browser: Browser, server: JupyterServer, count: int, esm_bytes: int
) -> dict[str, float]:
    """Paint time and saved size for `count` widgets with an `esm_bytes` module, and IntSliders."""
    with notebook(browser, server, "many_large.ipynb") as page:
        size = int(page.run_and_read(_SETUP.replace("SIZE", str(esm_bytes))))
        received = socket_bytes(page)
        # Only the module's text holds its first function: frames with it carry the module.
        received.marker = b"function f0(x)"
        before, marked_before = received.received, received.marked
        ours_ms = _paint_all(
            page, f"for _ in range({count}): display(BenchBig())", ".bench-big", count
        )
        ours_socket = received.received - before
        ours_module = received.marked - marked_before
        ours_saved = _saved_bytes(page)
    with notebook(browser, server, "many_sliders.ipynb") as page:
        page.run("import ipywidgets")
        ref_ms = _paint_all(
            page,
            f"for _ in range({count}): display(ipywidgets.IntSlider())",
            ".widget-slider",
            count,
        )
        ref_saved = _saved_bytes(page)
    label = f"{count} widgets, {size / 1e6:.1f} MB _esm each, in one cell"
    return {
        f"{label} -> all painted (ms)": round(ours_ms, 1),
        f"{count} IntSliders in one cell -> all painted (reference, ms)": round(ref_ms, 1),
        f"{label}: kernel websocket bytes to the page for that cell (MB)": round(
            ours_socket / 1e6, 2
        ),
        f"{label}: of which frames carrying the module (MB)": round(ours_module / 1e6, 2),
        f"{label}: .ipynb saved with widget state (MB)": round(ours_saved / 1e6, 2),
        f"{count} IntSliders: .ipynb saved with widget state (reference, MB)": round(
            ref_saved / 1e6, 3
        ),
    }
