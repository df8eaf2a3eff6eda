"""Widgets inside widgets that the tests run on two hosts, JupyterLab (tests/e2e/test_composition.py)
and `anywidget.testing`'s `widget_page` (tests/python/test_testing_browser.py), holding both to one
behaviour: a child's exports reach its parent, and a listener goes with the view that registered it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import expect

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

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
