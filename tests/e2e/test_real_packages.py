"""Widget packages from PyPI, written against the published anywidget, running unchanged on ours in JupyterLab.

- drawdata: two ScatterWidgets over different data stay apart (render, Python -> page, page -> Python).
- manywidgets: a Row container shows anywidget children through the widget manager; they stay live.
- wigglystuff: Pip holds its child in an `anywidget.WidgetTrait` and shows it with `host.getWidget`.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.notebook_page import NotebookPage

pytestmark = pytest.mark.parametrize("frontend", ["lab"], indirect=True)


def _points(n: int, x0: int) -> str:
    return f"[{{'x': {x0} + 20 * i, 'y': 200, 'color': '#1f77b4', 'label': 'a', 'batch': 0}} for i in range({n})]"


def test_drawdata_scatter_widgets_keep_their_own_data(notebook: NotebookPage) -> None:
    notebook.run(
        "from drawdata import ScatterWidget\n"
        f"a = ScatterWidget(data={_points(1, 100)})\n"
        f"b = ScatterWidget(data={_points(3, 300)})"
    )
    first = notebook.output(notebook.run("a")).locator("svg.dd-scatter-svg")
    second = notebook.output(notebook.run("b")).locator("svg.dd-scatter-svg")
    expect(first.locator("circle.drawn")).to_have_count(1)
    expect(second.locator("circle.drawn")).to_have_count(3)

    notebook.run(f"b.data = {_points(5, 200)}")
    expect(second.locator("circle.drawn")).to_have_count(5)
    expect(first.locator("circle.drawn")).to_have_count(1)

    # A click outside any drag adds one point to that widget only, and saves it.
    first.scroll_into_view_if_needed()
    first.click(position={"x": 400, "y": 150})
    expect(first.locator("circle.drawn")).to_have_count(2)
    notebook.read_until("print(len(a.data), len(b.data))", "2 5")
    expect(second.locator("circle.drawn")).to_have_count(5)


def test_manywidgets_row_children_stay_live(notebook: NotebookPage) -> None:
    notebook.run(
        "import manywidgets as mw\n"
        "one = mw.Slider(value=3, label='one')\n"
        "two = mw.Slider(value=7, label='two')\n"
        "row = mw.Row(one, two)"
    )
    out = notebook.output(notebook.run("row"))
    values = out.locator(".manywidgets-row .manywidgets-slider__value")
    expect(values).to_have_text(["3", "7"])

    notebook.run("two.value = 55")
    expect(values).to_have_text(["3", "55"])

    out.locator("input.manywidgets-slider__input").first.fill("42")
    notebook.read_until("print(one.value, two.value)", "42.0 55.0")


def test_wigglystuff_pip_shows_its_child_through_the_host(notebook: NotebookPage) -> None:
    notebook.run(
        "import ipywidgets\n"
        "from wigglystuff import Pip\n"
        "slider = ipywidgets.IntSlider(value=4, description='inside')\n"
        "pip = Pip(slider)\n"
        "print(pip.get_state()['child'].startswith('anywidget:'))"
    )
    out = notebook.output(notebook.run("pip"))
    stage = out.locator(".pip-stage")
    expect(stage.locator(".widget-readout")).to_have_text("4")

    notebook.run("slider.value = 9")
    expect(stage.locator(".widget-readout")).to_have_text("9")

    # The child is interactive inside its parent: a key press moves the slider by one step.
    stage.locator(".slider-container .ui-slider-handle, .noUi-handle").first.focus()
    notebook.page.keyboard.press("ArrowRight")
    notebook.read_until("print(slider.value)", "10")
