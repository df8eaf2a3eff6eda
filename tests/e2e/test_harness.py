"""Self-tests of the e2e harness in every front end, using built-in ipywidgets only.

Owns: proof that NotebookPage can run cells, read text back, surface kernel errors,
and see widget DOM that stays in sync with the kernel in both directions.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.notebook_page import CellError, NotebookPage


def test_print_output_is_read_back(notebook: NotebookPage) -> None:
    assert notebook.run_and_read("print(1+1)") == "2"
    index = notebook.run("print('a')\nprint('b')\n'last'")
    assert notebook.output_text(index) == "a\nb\n'last'"


def test_exception_in_cell_raises_with_error_name(notebook: NotebookPage) -> None:
    with pytest.raises(CellError, match="ZeroDivisionError") as info:
        notebook.run("x = 1\n1 / 0")
    assert info.value.ename == "ZeroDivisionError"
    # The kernel survives and keeps state from the failed cell.
    assert notebook.run_and_read("print(x)") == "1"


def test_int_slider_renders_and_syncs_to_kernel(notebook: NotebookPage) -> None:
    notebook.run("import ipywidgets\ns = ipywidgets.IntSlider(value=3)")
    index = notebook.run("s")
    out = notebook.output(index)
    slider = out.locator(".widget-slider")
    expect(slider).to_be_visible()
    readout = slider.locator(".widget-readout")
    expect(readout).to_have_text("3")

    # kernel -> browser
    notebook.run("s.value = 7")
    expect(readout).to_have_text("7")

    # browser -> kernel: type a new value into the editable readout.
    readout.fill("8")
    readout.press("Enter")
    expect(readout).to_have_text("8")
    assert notebook.read_until("print(s.value)", "8") == "8"
