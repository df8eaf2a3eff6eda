"""The foundation, in every front end: a counter widget defined by one class and one ES module."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

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


def fetched_chunks(page: Page) -> list[str]:
    """The names of our lab extension's files the page has fetched so far."""
    return list(
        page.evaluate(
            "() => performance.getEntriesByType('resource').map((entry) => entry.name)"
            ".filter((name) => /extensions\\/anywidget\\/static\\//.test(name))"
            ".map((name) => name.split('/').pop())"
        )
    )


def test_the_module_rewriter_and_no_kernel_code_load_only_when_needed(
    notebook: NotebookPage,
) -> None:
    if notebook.frontend == "nbclassic":
        pytest.skip("the classic notebook loads the nbextension, one file")
    at_start = fetched_chunks(notebook.page)
    assert any(name.startswith("remoteEntry.") for name in at_start), at_start
    assert not any(name.startswith(("module-rewriter.", "no-kernel.")) for name in at_start), (
        at_start
    )
    expect(show_counter(notebook)).to_have_text("count is 0")
    shown = fetched_chunks(notebook.page)
    assert any(name.startswith("module-rewriter.") for name in shown), shown
    assert not any(name.startswith("no-kernel.") for name in shown), shown
