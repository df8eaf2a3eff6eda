"""Hostile values from the kernel (JupyterLab): values widget code does not expect break only that
widget, shown in its own output; the other widgets on the page keep syncing both ways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.notebook_page import NotebookPage

pytestmark = pytest.mark.parametrize("frontend", ["lab"], indirect=True)

WIDGETS = '''
import anywidget, traitlets

class Steady(anywidget.AnyWidget):
    _esm = """
    export default {
      render({ model, el }) {
        el.innerHTML = '<button class=steady></button><span class=label></span>';
        const button = el.querySelector("button");
        const show = () => {
          button.textContent = `count is ${model.get("value")}`;
          el.querySelector(".label").textContent = model.get("label");
        };
        button.addEventListener("click", () => {
          model.set("value", model.get("value") + 1);
          model.save_changes();
        });
        model.on("change", show);
        show();
      },
    };
    """
    value = traitlets.Int(0).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)

class Fragile(anywidget.AnyWidget):
    # Expects a list of numbers, and custom messages carrying one.
    _esm = """
    export default {
      render({ model, el }) {
        const show = () => {
          el.innerHTML = "<span class=fragile></span>";
          el.firstChild.textContent = model.get("items").map((n) => n.toFixed(1)).join(" ");
        };
        model.on("change:items", show);
        model.on("change:items", () => { window.__fragile_last = model.get("items"); });
        model.on("msg:custom", (content) => { el.firstChild.textContent = content.n.toFixed(2); });
        show();
      },
    };
    """
    items = traitlets.Any([1, 2]).tag(sync=True)

class FragileStart(anywidget.AnyWidget):
    _esm = """
    export default {
      initialize({ model }) { window.__mode = model.get("config").mode.toUpperCase(); },
      render({ el }) { el.textContent = "rendered"; },
    };
    """
    config = traitlets.Any(None).tag(sync=True)

good, bad, other = Steady(), Fragile(), Steady()
bad_render, bad_start = Fragile(items=None), FragileStart()
'''

HOSTILE = """
deep = []
for _ in range(300):
    deep = [deep]
hostile = [
    None, "x" * 2_000_000, {"a": 1}, deep, float("nan"), float("inf"), True, 42,
    "</script><img src=x onerror='window.__pwned = 1'>",
]
for value in hostile:
    bad.items = value
bad.items = "last"
good.value, good.label = 7, hostile[-1]
other.value = 8
"""


def test_hostile_values_break_only_their_widget_and_others_keep_syncing(
    notebook: NotebookPage,
) -> None:
    notebook.run(WIDGETS)
    shared = notebook.output(notebook.run("display(good, bad, bad_render, bad_start)"))
    alone = notebook.output(notebook.run("other"))
    views = shared.locator(".jp-OutputArea-output")
    good_view, bad_view, render_view, start_view = (views.nth(i) for i in range(4))
    expect(good_view.locator("button.steady")).to_have_text("count is 0")
    expect(bad_view.locator(".fragile")).to_have_text("1.0 2.0")
    expect(render_view.locator(".anywidget-error")).to_contain_text("failed to render")
    expect(start_view.locator(".anywidget-error")).to_contain_text("failed to initialize")
    expect(alone.locator("button.steady")).to_have_text("count is 0")

    notebook.run(HOSTILE)
    # Every change still reached the widget's other listener, up to the last one.
    notebook.page.wait_for_function("() => window.__fragile_last === 'last'", timeout=20_000)
    expect(bad_view.locator(".anywidget-error")).to_contain_text("failed to handle change:items")
    expect(good_view.locator("button.steady")).to_have_text("count is 7")
    expect(good_view.locator(".label")).to_have_text(
        "</script><img src=x onerror='window.__pwned = 1'>"
    )
    expect(alone.locator("button.steady")).to_have_text("count is 8")

    notebook.run("bad.send({'n': 'not a number'})")
    expect(bad_view.locator(".anywidget-error")).to_contain_text("failed to handle msg:custom")

    # The others still sync both ways, and show no error of the bad widget's.
    good_view.locator("button.steady").click()
    alone.locator("button.steady").click()
    assert notebook.read_until("print(good.value, other.value)", "8 9") == "8 9"
    notebook.run("good.value = 20")
    expect(good_view.locator("button.steady")).to_have_text("count is 20")
    expect(good_view.locator(".anywidget-error")).to_have_count(0)
    expect(alone.locator(".anywidget-error")).to_have_count(0)
    assert notebook.page.evaluate("() => window.__pwned") is None

    uncaught = [line for line in notebook.console if "[pageerror]" in line]
    assert not uncaught, uncaught
    # ipywidgets' own report when a listener's exception escapes into its update handling.
    assert not [line for line in notebook.console if "Could not process update msg" in line]
