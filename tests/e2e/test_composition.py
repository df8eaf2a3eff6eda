"""Widget composition in JupyterLab: a parent AnyWidget shows an anywidget child and an IntSlider child
through `host.getWidget`, reads the anywidget child's exports, and both children stay live. The
exports and listener-lifetime scenario also runs on `anywidget.testing`'s `widget_page`, which must
behave as JupyterLab does."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

import anywidget
from anywidget.testing.fixtures import widget_page
from harness.notebook_page import NotebookPage

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Browser, Page

__all__ = ["widget_page"]

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


# A child whose `initialize` exports a function, and whose view and model each listen to `value`.
# The model's listener reports, once every listener of the change has run, how many times the
# view's listener ever ran (module variables are per model): after the view is gone, that stays.
SCOPED = """
import anywidget, ipywidgets, traitlets

class Scoped(anywidget.AnyWidget):
    _esm = '''
    let viewHeard = 0;
    export default {
      initialize({ model }) {
        model.on("change:value", () => queueMicrotask(() => {
          model.set("report", "value " + model.get("value") + ", view heard " + viewHeard);
          model.save_changes();
        }));
        return { describe: () => "scoped at " + model.get("value") };
      },
      render({ model, el }) {
        el.innerHTML = "<span class=scoped-view>scoped</span>";
        model.on("change:value", () => { viewHeard += 1; });
      },
    };
    '''
    value = traitlets.Int(0).tag(sync=True)
    report = traitlets.Unicode("").tag(sync=True)

class Holder(anywidget.AnyWidget):
    _esm = '''
    export default {
      async render({ model, el, host }) {
        const child = await host.getWidget(model.get("child"));
        const said = document.createElement("p");
        said.className = "holder-exports";
        said.textContent = child.exports.describe();
        const slot = document.createElement("div");
        el.append(said, slot);
        const shown = new AbortController();
        model.on("change:show_child", () => { if (!model.get("show_child")) shown.abort(); });
        await child.render({ el: slot, signal: shown.signal });
      },
    };
    '''
    child = traitlets.Instance(ipywidgets.Widget).tag(sync=True, **ipywidgets.widget_serialization)
    show_child = traitlets.Bool(True).tag(sync=True)

scoped = Scoped()
holder = Holder(child=scoped)
"""


def check_exports_and_scoping(
    page: Page, run: Callable[[str], object], report_is: Callable[[str], None]
) -> None:
    """SCOPED's holder shown on `page`; `run` executes Python where the widgets live."""
    expect(page.locator(".holder-exports")).to_have_text("scoped at 0")
    expect(page.locator(".scoped-view")).to_have_count(1)
    run("scoped.value = 1")
    report_is("value 1, view heard 1")
    run("holder.show_child = False")
    expect(page.locator(".scoped-view")).to_have_count(0)
    run("scoped.value = 2")
    report_is("value 2, view heard 1")


def test_exports_and_view_scoped_listeners_in_jupyterlab(notebook: NotebookPage) -> None:
    notebook.run(SCOPED)
    notebook.run("holder")

    def report_is(expected: str) -> None:
        assert notebook.read_until("print(scoped.report)", expected) == expected

    check_exports_and_scoping(notebook.page, notebook.run, report_is)


@pytest.fixture
def anywidget_browser(browser: Browser) -> Browser:
    """widget_page opens its pages in this suite's Chromium."""
    return browser


def test_exports_and_view_scoped_listeners_on_the_test_page(
    frontend: str, widget_page: Callable[..., Page]
) -> None:
    # `frontend` is this module's parameter; the test page itself needs no Jupyter server.
    names: dict[str, Any] = {}
    exec(SCOPED, names)
    page = widget_page(names["holder"])
    changed = threading.Condition()

    def notify(_: object) -> None:
        with changed:
            changed.notify_all()

    def report_is(expected: str) -> None:
        with changed:
            if not changed.wait_for(lambda: names["scoped"].report == expected, timeout=15):
                raise AssertionError(f"report is {names['scoped'].report!r}, not {expected!r}")

    names["scoped"].observe(notify, "report")
    check_exports_and_scoping(page, lambda code: exec(code, names), report_is)


SHOWS_SLIDER = """
class ShowsChild(anywidget.AnyWidget):
    _esm = '''
    export default {
      async render({ model, el, host }) {
        await (await host.getWidget(model.get("child"))).render({ el });
      },
    };
    '''
    child = traitlets.Instance(ipywidgets.Widget).tag(sync=True, **ipywidgets.widget_serialization)

shows_slider = ShowsChild(child=ipywidgets.IntSlider(value=4))
"""


def test_the_test_page_names_the_child_it_cannot_show(
    frontend: str, widget_page: Callable[..., Page]
) -> None:
    names: dict[str, Any] = {}
    exec(SCOPED + SHOWS_SLIDER, names)
    expected = "IntSliderView: the anywidget test page shows anywidget widgets only"
    with pytest.raises(AssertionError, match=expected):
        widget_page(names["shows_slider"])
