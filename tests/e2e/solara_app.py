# A Solara app (run by tests/e2e/test_solara.py): an anywidget counter bound to a reactive
# variable, a Solara button that sets it from Python, a text showing what Python sees, and a
# widget whose module throws.
from __future__ import annotations

import solara
import traitlets

import anywidget


class Counter(anywidget.AnyWidget):
    _esm = """
    export default {
      render({ model, el }) {
        const button = document.createElement("button");
        button.className = "counter";
        const show = () => { button.textContent = `count ${model.get("value")}`; };
        button.addEventListener("click", () => {
          model.set("value", model.get("value") + 1);
          model.save_changes();
        });
        model.on("change:value", show);
        show();
        el.appendChild(button);
      },
    };
    """
    value = traitlets.Int(1).tag(sync=True)


class Broken(anywidget.AnyWidget):
    _esm = "throw new Error('this module fails on purpose');"


count = solara.reactive(1)


@solara.component
def Page():
    Counter.element(value=count.value, on_value=count.set)
    solara.Button("Set 10 from Python", on_click=lambda: count.set(10), classes=["set-ten"])
    solara.Text(f"python sees {count.value}", classes=["seen"])
    Broken.element()
