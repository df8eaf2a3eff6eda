"""pyobsplot 0.5.4 in JupyterLab: its widget builds `_esm`/`_css` with the published anywidget's
`anywidget._file_contents.FileContents(path, start_thread=False)` and must import, render and
re-render unchanged. Its bundle carries Observable Plot and d3; data is inline, so no network.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.notebook_page import NotebookPage

pytestmark = pytest.mark.parametrize("frontend", ["lab"], indirect=True)


def _dots(n: int) -> str:
    return (
        f"{{'caption': 'dots', 'marks': [Plot.dot([[i, i * i] for i in range({n})], {{'r': 4}})]}}"
    )


def test_plot_renders_and_a_new_spec_from_python_renders_again(notebook: NotebookPage) -> None:
    notebook.run(f"from pyobsplot import Plot\nplot = Plot.plot({_dots(3)})")
    out = notebook.output(notebook.run("plot"))
    figure = out.locator(".pyobsplot-plot svg")
    expect(figure.locator("circle")).to_have_count(3)
    # The widget's stylesheet (its `_css` FileContents) greys the caption of a light-theme plot.
    expect(out.locator(".pyobsplot-plot figcaption")).to_have_css("color", "rgb(119, 119, 119)")

    notebook.run(f"plot.spec = {_dots(5)}")
    expect(figure.locator("circle")).to_have_count(5)
