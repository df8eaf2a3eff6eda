"""Notebooks holding saved widget state (as Jupyter front ends save it), for reopen and trust tests."""

from __future__ import annotations

from typing import Any

import nbformat

WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def saved_widget_notebook(
    model_id: str, traits: dict[str, Any], version: str, extra_output: dict[str, str] | None = None
) -> nbformat.NotebookNode:
    """A notebook whose metadata saves one anywidget model asking for `version` (e.g. `~0.9.*`),
    with one cell displaying it; `extra_output` adds mime types beside the widget view."""
    names = {
        "_model_name": "AnyModel",
        "_model_module": "anywidget",
        "_model_module_version": version,
        "_view_name": "AnyView",
        "_view_module": "anywidget",
        "_view_module_version": version,
    }
    model = {
        "model_name": "AnyModel",
        "model_module": "anywidget",
        "model_module_version": version,
        "state": {**names, "_css": "", **traits},
    }
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "widgets": {
                WIDGET_STATE_MIME: {
                    "version_major": 2,
                    "version_minor": 0,
                    "state": {model_id: model},
                }
            },
        }
    )
    view = {"version_major": 2, "version_minor": 0, "model_id": model_id}
    data = {WIDGET_VIEW_MIME: view, "text/plain": "widget", **(extra_output or {})}
    nb.cells.append(
        nbformat.v4.new_code_cell("w", outputs=[nbformat.v4.new_output("display_data", data=data)])
    )
    return nb
