"""Two browser tabs on one notebook (JupyterLab): each shows the widget, and a change in either tab
or in Python reaches the other two."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.notebook_page import NotebookPage

from .test_kernel_restart import COUNTER

pytestmark = pytest.mark.parametrize("frontend", ["lab"], indirect=True)


def test_two_tabs_show_one_widget_and_every_change_reaches_both_and_python(
    notebook: NotebookPage,
) -> None:
    notebook.run(COUNTER)
    first = notebook.output(notebook.run("counter")).locator("button.restart-counter")
    expect(first).to_have_text("count is 0")

    # A second tab of the same browser on the same notebook joins the same kernel.
    assert notebook.path is not None
    other = NotebookPage(notebook.page.context.new_page(), notebook.server, notebook.artifacts_dir)
    other.open(notebook.path)
    second = other.output(other.run("counter")).locator("button.restart-counter")
    expect(second).to_have_text("count is 0")

    first.click()
    expect(second).to_have_text("count is 1")
    assert notebook.read_until("print(counter.value)", "1") == "1"

    second.click()
    expect(first).to_have_text("count is 2")
    assert other.read_until("print(counter.value)", "2") == "2"

    notebook.run("counter.value = 10")
    expect(first).to_have_text("count is 10")
    expect(second).to_have_text("count is 10")
    assert not [line for line in notebook.console + other.console if "[pageerror]" in line]
