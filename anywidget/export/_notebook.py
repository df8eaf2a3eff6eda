"""Writing a saved notebook as one offline HTML file."""

from __future__ import annotations

from pathlib import Path

WIDGET_STATE_MIMETYPE = "application/vnd.jupyter.widget-state+json"


class NotANotebookError(ValueError):
    """The input file is not a Jupyter notebook."""


def export_notebook(notebook: str | Path, output: str | Path) -> Path:
    """Write `notebook` as a single HTML file that renders its widgets offline.

    Parameters
    ----------
    notebook
        The `.ipynb` file. Its widgets show if it was saved with widget state (JupyterLab:
        Settings → Save Widget State Automatically); otherwise their text form shows.
    output
        The HTML file to write.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    NotANotebookError
        `notebook` is not a Jupyter notebook.
    MissingAssetsError
        The installed package lacks its prebuilt front end.
    """
    import nbformat

    from ._nbconvert import OfflineHTMLExporter

    source = Path(notebook)
    try:
        nb = nbformat.read(str(source), as_version=4)
    except FileNotFoundError:
        raise
    except Exception as exc:
        raise NotANotebookError(f"{source} is not a Jupyter notebook: {exc}") from exc
    body, _ = OfflineHTMLExporter().from_notebook_node(nb, {"metadata": {"name": source.stem}})
    target = Path(output)
    target.write_text(body, encoding="utf-8")
    return target


def saved_widget_count(notebook: str | Path) -> int:
    """How many widget models `notebook` saved state for (0: its widgets cannot render)."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIMETYPE, {}).get("state", {})
    return len(state)
