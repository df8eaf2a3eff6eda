# A Shiny for Python app (run by tests/e2e/test_shiny.py): an anywidget counter through
# shinywidgets, a Shiny button that sets its value from Python, one that replaces it with a new
# counter (closing the old one), a text output showing what Python sees, and a widget whose
# module throws.
from __future__ import annotations

import traitlets
from shiny import App, reactive, render, ui
from shinywidgets import output_widget, reactive_read, render_widget

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


app_ui = ui.page_fluid(
    output_widget("counter"),
    ui.input_action_button("set_ten", "Set 10 from Python"),
    ui.input_action_button("replace", "New counter"),
    ui.output_text("seen"),
    output_widget("broken"),
)


def server(input, output, session):
    @render_widget
    def counter():
        return Counter(value=1 + 100 * input.replace())

    @render.text
    def seen():
        return f"python sees {reactive_read(counter.widget, 'value')}"

    @reactive.effect
    @reactive.event(input.set_ten)
    def _set_ten():
        counter.widget.value = 10

    @render_widget
    def broken():
        return Broken()


app = App(app_ui, server)
