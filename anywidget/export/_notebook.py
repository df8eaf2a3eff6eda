"""Writing a saved notebook as one offline HTML file."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._wire.protocol import WIDGET_STATE_MIMETYPE
from ._output import refuse_same_file, write_whole


class NotANotebookError(ValueError):
    """The input file is not a Jupyter notebook."""


@dataclass(frozen=True)
class Exported:
    """What an export wrote: the file, the widget models saved, and those whose code was left out."""

    path: Path
    widget_models: int
    code_left_out: int


def export_notebook(notebook: str | Path, output: str | Path, *, trust: bool = False) -> Path:
    """Write `notebook` as a single HTML file that renders its widgets offline.

    Parameters
    ----------
    notebook
        The `.ipynb` file. Its widgets show if it was saved with widget state (JupyterLab:
        Settings → Save Widget State Automatically); otherwise their text form shows.
    output
        The HTML file to write (not the notebook itself). It is replaced only once the export
        succeeded.
    trust
        Include the saved widget code even if Jupyter does not trust the notebook. Without it,
        an untrusted notebook's widgets show a notice instead of running their saved code (with a
        warning), as Jupyter front ends run none of it.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    NotANotebookError
        `notebook` is not a Jupyter notebook.
    SameFileError
        `output` is `notebook`.
    MissingAssetsError
        The installed package lacks its prebuilt front end.
    """
    exported = write_offline_html(Path(notebook), Path(output), trust=trust)
    if exported.code_left_out:
        warnings.warn(
            f"{notebook} is not trusted, so the code of its {exported.code_left_out} anywidget "
            "widget(s) was left out of the export; trust the notebook, or pass trust=True, to "
            "include it",
            stacklevel=2,
        )
    return exported.path


def write_offline_html(source: Path, target: Path, *, trust: bool) -> Exported:
    """`export_notebook`, saying what it wrote and left out (for the command line)."""
    import nbformat

    from ._nbconvert import OfflineHTMLExporter

    refuse_same_file(source, target)
    try:
        nb = nbformat.read(str(source), as_version=4)
    except FileNotFoundError:
        raise
    except Exception as exc:
        raise NotANotebookError(f"{source} is not a Jupyter notebook: {exc}") from exc
    exporter = OfflineHTMLExporter(trust=trust)
    body, resources = exporter.from_notebook_node(nb, {"metadata": {"name": source.stem}})
    write_whole(target, body)
    return Exported(target, saved_widget_count(nb), resources["anywidget_offline"]["code_left_out"])


def saved_widget_count(nb: Any) -> int:
    """How many widget models `nb` saved state for (0: its widgets cannot render)."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIMETYPE, {}).get("state", {})
    return len(state)
