"""altair's JupyterChart in its documented offline mode, in JupyterLab with no network.

`alt.JupyterChart.enable_offline()` assigns the class's `_esm` after its definition: a bundle made by
vl-convert that imports nothing. Charts made afterwards must use it (the class's original module
imports vega-embed from esm.sh, unreachable here), and stay live both ways.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.notebook_page import NotebookPage

pytestmark = pytest.mark.parametrize("frontend", ["lab"], indirect=True)

_CHART = """\
import altair as alt
import pandas as pd

alt.JupyterChart.enable_offline()
size = alt.param(name="size", value=40)
pick = alt.selection_point(name="pick", fields=["x"])
chart = (
    alt.Chart(pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]}))
    .mark_point(size=size, filled=True)
    .encode(x="x:Q", y="y:Q")
    .add_params(size, pick)
    .properties(width=300, height=200)
)
jchart = alt.JupyterChart(chart, embed_options={"renderer": "svg", "actions": False})
print("esm.sh" in jchart._esm, "esm.sh" in type(jchart).__mro__[1]._esm)
"""


def test_offline_chart_renders_from_its_bundle_and_syncs_params_and_selections(
    notebook: NotebookPage,
) -> None:
    requested: list[str] = []
    notebook.page.on("request", lambda request: requested.append(request.url))
    # vl-convert bundles the module (a few seconds); the kernel reads the offline class attribute.
    assert notebook.run_and_read(_CHART, timeout=120) == "False False"

    out = notebook.output(notebook.run("jchart"))
    points = out.locator(".vega-embed svg .mark-symbol path")
    expect(points).to_have_count(3)
    assert not [url for url in requested if "esm.sh" in url]

    # A param set in Python redraws the marks at the new size.
    small = points.first.get_attribute("d")
    notebook.run("jchart.params.size = 900")
    expect(points.first).not_to_have_attribute("d", small or "")
    assert len(points.first.get_attribute("d") or "") > 0

    # A click on the point at x=2 selects it; the selection reaches Python.
    points.nth(1).click()
    notebook.read_until("print(jchart.selections.pick.value)", "[{'x': 2}]")
