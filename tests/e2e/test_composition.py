"""Widget composition in JupyterLab: a parent AnyWidget shows an anywidget child and an IntSlider child
through `host.getWidget`, reads the anywidget child's exports, and both children stay live. The
exports and listener-lifetime scenario (harness/composition.py) runs on `anywidget.testing`'s
`widget_page` too (tests/python/test_testing_browser.py), which must behave as JupyterLab does."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import anywidget
from harness.composition import SCOPED, check_exports_and_scoping
from harness.notebook_page import NotebookPage

pytestmark = pytest.mark.parametrize("frontend", ["lab"], indirect=True)

# How each child trait is declared: a plain ipywidgets reference ("IPY_MODEL_<id>"), the published
# `WidgetTrait`'s wire form ("anywidget:<id>") by hand, and `anywidget.WidgetTrait` where this anywidget has it.
TRAITS = {
    "instance": (
        "traitlets.Instance(ipywidgets.Widget).tag(sync=True, **ipywidgets.widget_serialization)"
    ),
    "anywidget_ref": (
        "traitlets.Instance(ipywidgets.Widget).tag("
        "sync=True, to_json=lambda w, _: 'anywidget:' + w.model_id)"
    ),
    "widget_trait": "anywidget.WidgetTrait().tag(sync=True)",
}

COMPOSED = """
import anywidget, ipywidgets, traitlets

class Counter(anywidget.AnyWidget):
    _esm = '''
    export default {
      initialize({ model }) {
        return { describe: () => "counter at " + model.get("value") };
      },
      render({ model, el }) {
        const button = document.createElement("button");
        button.className = "counter";
        const show = () => { button.textContent = "value " + model.get("value"); };
        model.on("change:value", show);
        show();
        button.addEventListener("click", () => { model.set("value", model.get("value") + 1); model.save_changes(); });
        el.appendChild(button);
      },
    };
    '''
    value = traitlets.Int(0).tag(sync=True)

class Parent(anywidget.AnyWidget):
    _esm = '''
    export default {
      async render({ model, el, host }) {
        el.innerHTML = "<p class=parent>parent</p>";
        for (const name of ["counter", "slider"]) {
          const slot = document.createElement("div");
          slot.className = "slot-" + name;
          el.appendChild(slot);
          const child = await host.getWidget(model.get(name));
          await child.render({ el: slot });
          const exported = document.createElement("p");
          exported.className = "exports-" + name;
          exported.textContent = child.exports === undefined ? "no exports" : child.exports.describe();
          el.appendChild(exported);
        }
      },
    };
    '''
    counter = TRAIT
    slider = TRAIT

counter = Counter()
slider = ipywidgets.IntSlider(value=4)
parent = Parent(counter=counter, slider=slider)
"""


@pytest.mark.parametrize(
    "trait",
    [
        "instance",
        "anywidget_ref",
        pytest.param(
            "widget_trait",
            marks=pytest.mark.skipif(
                not hasattr(anywidget, "WidgetTrait"), reason="anywidget.WidgetTrait not here yet"
            ),
        ),
    ],
)
def test_parent_shows_live_children_and_reads_their_exports(
    notebook: NotebookPage, trait: str
) -> None:
    notebook.run(COMPOSED.replace("TRAIT", TRAITS[trait]))
    out = notebook.output(notebook.run("parent"))
    expect(out.locator(".parent")).to_have_text("parent")

    counter = out.locator(".slot-counter button.counter")
    expect(counter).to_have_text("value 0")
    expect(out.locator(".exports-counter")).to_have_text("counter at 0")
    expect(out.locator(".slot-slider .widget-readout")).to_have_text("4")
    expect(out.locator(".exports-slider")).to_have_text("no exports")

    # Page -> kernel from inside the parent: a click in the anywidget child, a key on the slider.
    counter.click()
    expect(counter).to_have_text("value 1")
    assert notebook.read_until("print(counter.value)", "1") == "1"
    out.locator(".slot-slider .noUi-handle").press("ArrowRight")
    assert notebook.read_until("print(slider.value)", "5") == "5"

    # Kernel -> page: both children inside the parent follow their Python traits.
    notebook.run("counter.value = 7\nslider.value = 9")
    expect(counter).to_have_text("value 7")
    expect(out.locator(".slot-slider .widget-readout")).to_have_text("9")


def test_exports_and_view_scoped_listeners_in_jupyterlab(notebook: NotebookPage) -> None:
    notebook.run(SCOPED)
    notebook.run("holder")

    def report_is(expected: str) -> None:
        assert notebook.read_until("print(scoped.report)", expected) == expected

    check_exports_and_scoping(notebook.page, notebook.run, report_is)
