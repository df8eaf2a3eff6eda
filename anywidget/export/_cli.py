"""`python -m anywidget export NOTEBOOK -o OUT.html`: a notebook as one offline HTML file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m anywidget export",
        description="Write a notebook saved with widget state as one HTML file whose widgets "
        "render offline (html-manager, anywidget and the widget state inlined). The saved widget "
        "code of a notebook Jupyter does not trust is left out unless --trust is given.",
    )
    parser.add_argument("notebook", type=Path, help="the .ipynb file")
    parser.add_argument(
        "-o", "--output", type=Path, help="the HTML file to write (default: NOTEBOOK.html)"
    )
    parser.add_argument(
        "--trust",
        action="store_true",
        help="include the saved widget code even if Jupyter does not trust the notebook",
    )
    args = parser.parse_args(argv)
    notebook: Path = args.notebook
    output: Path = args.output or notebook.with_suffix(".html")
    from ._assets import MissingAssetsError
    from ._notebook import NotANotebookError, write_offline_html
    from ._output import SameFileError

    if not notebook.is_file():
        print(f"error: no notebook at {notebook}", file=sys.stderr)
        return 2
    try:
        exported = write_offline_html(notebook, output, trust=args.trust)
    except SameFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (NotANotebookError, MissingAssetsError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if exported.widget_models == 0:
        print(
            f"note: {notebook} holds no saved widget state, so its widgets show as text; "
            "in JupyterLab turn on Settings → Save Widget State Automatically and save it again",
            file=sys.stderr,
        )
    if exported.code_left_out:
        print(
            f"note: {notebook} is not trusted, so the code of its {exported.code_left_out} "
            "anywidget widget(s) was left out (each shows a notice instead); trust it in Jupyter "
            f"or with `jupyter trust {notebook}`, or pass --trust, to include it",
            file=sys.stderr,
        )
    size = exported.path.stat().st_size
    print(f"wrote {exported.path} ({size / 1e6:.1f} MB, {exported.widget_models} widget models)")
    return 0
