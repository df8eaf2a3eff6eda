"""`python -m anywidget export NOTEBOOK -o OUT.html`: a notebook as one offline HTML file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m anywidget export",
        description="Write a notebook saved with widget state as one HTML file whose widgets "
        "render offline (html-manager, anywidget and the widget state inlined).",
    )
    parser.add_argument("notebook", type=Path, help="the .ipynb file")
    parser.add_argument(
        "-o", "--output", type=Path, help="the HTML file to write (default: NOTEBOOK.html)"
    )
    args = parser.parse_args(argv)
    notebook: Path = args.notebook
    output: Path = args.output or notebook.with_suffix(".html")
    from ._assets import MissingAssetsError
    from ._notebook import NotANotebookError, export_notebook, saved_widget_count

    if not notebook.is_file():
        print(f"error: no notebook at {notebook}", file=sys.stderr)
        return 2
    try:
        written = export_notebook(notebook, output)
        count = saved_widget_count(notebook)
    except (NotANotebookError, MissingAssetsError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if count == 0:
        print(
            f"note: {notebook} holds no saved widget state, so its widgets show as text; "
            "in JupyterLab turn on Settings → Save Widget State Automatically and save it again",
            file=sys.stderr,
        )
    size = written.stat().st_size
    print(f"wrote {written} ({size / 1e6:.1f} MB, {count} widget models)")
    return 0
