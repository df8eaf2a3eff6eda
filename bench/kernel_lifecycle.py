"""Scenario: N widgets created and closed in a loop in a notebook cell of a live JupyterLab page.

Unlike `lifecycle_cost` (no kernel), every widget here opens and closes a comm the page handles.
Timed twice: in the kernel (`time.perf_counter()` around the loop) and in the page
(`performance.now()` from just before the cell is executed to the frame that paints a widget the
same cell displays after the loop; the page handles a kernel's messages in order, so that is when it
has caught up). Kernel RSS (VmRSS in /proc/self/status, after `gc.collect()`) before and after the
loop. The same loop over `ipywidgets.IntSlider`, run first in the same kernel, is the same-run
reference; 20 untimed warm-up widgets of each kind precede the loops.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from bench.lab import notebook, painted_ms, watch_paint

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from harness.notebook_page import NotebookPage
    from harness.servers import JupyterServer

_SETUP = """
import gc, json, time
import anywidget, ipywidgets, traitlets

class BenchLife(anywidget.AnyWidget):
    _esm = '''
    export default {
      render({ model, el }) {
        el.innerHTML = `<div class="bench-life-${model.get("value")}">life</div>`;
      },
    };
    '''
    _css = ".bench-life { color: teal }"
    value = traitlets.Int(0).tag(sync=True)

def rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")

def loop(make, count):
    for _ in range(20):
        make().close()
    gc.collect()
    before = rss_mib()
    start = time.perf_counter()
    for _ in range(count):
        make().close()
    elapsed = (time.perf_counter() - start) * 1000
    gc.collect()
    return {"ms": elapsed, "before": before, "after": rss_mib()}
"""

# Loop, then display a marker widget the page paints once it has handled every earlier message.
_CELL = """
result = loop({make}, {count})
display(BenchLife(value={marker}))
print(json.dumps(result))
"""


def _run(page: NotebookPage, make: str, count: int, marker: int) -> dict[str, float]:
    watch_paint(page, f".bench-life-{marker}")
    cell = page.run(_CELL.format(make=make, count=count, marker=marker), timeout=600)
    result: dict[str, float] = json.loads(page.output_text(cell).strip().splitlines()[-1])
    result["page_ms"] = painted_ms(page, timeout=600)
    return result


def measure(browser: Browser, server: JupyterServer, count: int) -> dict[str, float]:
    """Kernel and page time of `count` widgets created and closed, kernel RSS, and IntSliders."""
    with notebook(browser, server, "kernel_lifecycle.ipynb") as page:
        page.run(_SETUP)
        ref = _run(page, "lambda: ipywidgets.IntSlider(value=1)", count, 1)
        ours = _run(page, "BenchLife", count, 2)
    widgets = f"{count} widgets created and closed in a live kernel"
    sliders = f"{count} IntSliders created and closed in a live kernel"
    return {
        f"{widgets}: kernel time (ms)": round(ours["ms"], 1),
        f"{sliders}: kernel time (reference, ms)": round(ref["ms"], 1),
        f"{widgets}: cell run -> page caught up (ms)": round(ours["page_ms"], 1),
        f"{sliders}: cell run -> page caught up (reference, ms)": round(ref["page_ms"], 1),
        f"{widgets}: kernel RSS before (MiB)": round(ours["before"], 1),
        f"{widgets}: kernel RSS after (MiB)": round(ours["after"], 1),
        f"{sliders}: kernel RSS growth (reference, MiB)": round(ref["after"] - ref["before"], 2),
    }
