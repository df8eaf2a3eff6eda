"""Static HTML: widgets that render without a kernel, from a live session or a saved notebook.

`to_html(widgets, path)` writes the given widgets of the running kernel into one HTML file;
`export_notebook(notebook, path)` (also `python -m anywidget export` and the nbconvert exporter
`anywidget_offline`) does the same for a notebook saved with widget state, leaving out the saved
widget code of a notebook Jupyter does not trust. Both inline RequireJS,
`@jupyter-widgets/html-manager`, anywidget's front end and the widget state (buffers included), so
the file works opened from disk with no network. Interaction that stays in the page works (a
counter's click updates its own view); nothing reaches Python.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._assets import MissingAssetsError, load_assets
from ._notebook import NotANotebookError, export_notebook
from ._output import SameFileError, write_whole
from ._page import render_page

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["MissingAssetsError", "NotANotebookError", "SameFileError", "export_notebook", "to_html"]


def to_html(widgets: Any | Iterable[Any], path: str | Path, *, title: str = "Widgets") -> Path:
    """Write one offline HTML file showing a view of each widget in `widgets`.

    Parameters
    ----------
    widgets
        A widget (any ipywidgets `Widget`, anywidget or built-in) or an iterable of them. Widgets
        they refer to (children, layouts, linked models) are saved with them.
    path
        The HTML file to write.
    title
        The page's title.

    Returns
    -------
    Path
        The file written.
    """
    from ipywidgets import Widget
    from ipywidgets.embed import dependency_state, embed_data

    views = [widgets] if isinstance(widgets, Widget) else list(widgets)
    if not views:
        raise ValueError("to_html needs at least one widget")
    for view in views:
        if not isinstance(view, Widget):
            raise TypeError(f"to_html shows widgets, not {type(view).__name__}: {view!r}")
    # Only these widgets and what they depend on: embed_data's default is every widget alive.
    state = dependency_state(views, drop_defaults=False)
    data = embed_data(views, drop_defaults=False, state=state)
    model_ids = [spec["model_id"] for spec in data["view_specs"]]
    page = render_page(data["manager_state"], model_ids, load_assets(), title)
    return write_whole(Path(path), page)
