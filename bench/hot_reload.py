"""Scenario: a widget's ES module file is saved -> its view has re-rendered with the new code.

Measured in JupyterLab with headless Chromium: the render function stamps the wall-clock time it ran
(`performance.timeOrigin + performance.now()`), the benchmark stamps the time just before writing the
file; both clocks are this machine's, so the difference is the save -> re-render latency.
"""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING

from harness.notebook_page import NotebookPage
from harness.notebooks import write_notebook
from harness.servers import JupyterServer

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

ESM = """
export default {
  render({ el }) {
    window.__rendered = { version: %d, at: performance.timeOrigin + performance.now() };
    el.innerHTML = '<b class=bench-hot>version %d</b>';
  },
};
"""


def measure(browser: Browser, python: str, saves: int, workdir: Path) -> dict[str, object]:
    """Median and spread of save -> re-render over `saves` saves, for the installation at `python`."""
    server = JupyterServer("lab", workdir=workdir, python=python, env={"ANYWIDGET_HMR": "1"})
    with server:
        file = server.root_dir / "bench_hot.js"
        file.write_text(ESM % (0, 0))
        write_notebook(server.root_dir / "hot.ipynb")
        context = browser.new_context()
        try:
            page = NotebookPage(context.new_page(), server, workdir, timeout=60)
            page.open("hot.ipynb")
            page.run(
                "import pathlib, anywidget\n"
                "class BenchHot(anywidget.AnyWidget):\n"
                "    _esm = pathlib.Path('bench_hot.js')\n"
                "w = BenchHot()"
            )
            page.run("w")
            page.page.wait_for_function("() => window.__rendered?.version === 0", timeout=30_000)
            latencies = []
            for version in range(1, saves + 1):
                saved_at = time.time() * 1000
                file.write_text(ESM % (version, version))
                page.page.wait_for_function(
                    "(v) => window.__rendered?.version === v", arg=version, timeout=30_000
                )
                rendered_at = page.page.evaluate("() => window.__rendered.at")
                latencies.append(rendered_at - saved_at)
        finally:
            context.close()
            server.shutdown_sessions_for("hot.ipynb")
    return {
        "median_ms": round(statistics.median(latencies), 1),
        "min_ms": round(min(latencies), 1),
        "max_ms": round(max(latencies), 1),
        "saves": saves,
    }
