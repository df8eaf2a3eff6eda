"""The foundation, in every front end: a counter widget defined by one class and one ES module."""

from __future__ import annotations

from playwright.sync_api import expect

from harness.notebook_page import NotebookPage

COUNTER = '''
import anywidget
import traitlets

class Counter(anywidget.AnyWidget):
    _esm = """
    export default {
      render({ model, el }) {
        const button = document.createElement("button");
        button.className = "counter-button";
        const show = () => { button.textContent = `count is ${model.get("value")}`; };
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
    _css = ".counter-button { color: rgb(255, 0, 0); border-top-width: 7px; }"
    value = traitlets.Int(0).tag(sync=True)

counter = Counter()
'''


def show_counter(notebook: NotebookPage):
    notebook.run(COUNTER)
    return notebook.output(notebook.run("counter")).locator("button.counter-button")


def test_counter_renders(notebook: NotebookPage) -> None:
    expect(show_counter(notebook)).to_have_text("count is 0")


def test_click_changes_the_python_trait(notebook: NotebookPage) -> None:
    button = show_counter(notebook)
    button.click()
    button.click()
    expect(button).to_have_text("count is 2")
    assert notebook.read_until("print(counter.value)", "2") == "2"


def test_python_change_updates_the_dom(notebook: NotebookPage) -> None:
    button = show_counter(notebook)
    expect(button).to_have_text("count is 0")
    notebook.run("counter.value = 41")
    expect(button).to_have_text("count is 41")


def test_css_applies_to_the_widget(notebook: NotebookPage) -> None:
    button = show_counter(notebook)
    expect(button).to_have_css("color", "rgb(255, 0, 0)")
    expect(button).to_have_css("border-top-width", "7px")
