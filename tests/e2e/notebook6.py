"""`Notebook6Server`: classic Notebook 6.5 (its own `NotebookApp`, not jupyter_server), driven as nbclassic is.

Notebook 6 serves the page nbclassic grew from (`window.Jupyter`, `/notebooks/<path>`), so
`NotebookPage` drives it with the nbclassic snippets; only the command line and URLs differ.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from .servers import JupyterServer


class Notebook6Server(JupyterServer):
    """A Notebook 6.5 server run by `python` (an environment with `notebook<7` installed)."""

    def __init__(self, python: str, workdir: Path | None = None) -> None:
        super().__init__("nbclassic", workdir=workdir, python=python)

    def notebook_url(self, path: str) -> str:
        return f"{self.base_url}notebooks/{urllib.parse.quote(path)}?token={self.token}"

    def _command(self) -> list[str]:
        return [
            self.python, "-m", "notebook",
            "--no-browser",
            "--NotebookApp.ip=127.0.0.1",
            f"--NotebookApp.port={self.port}",
            "--NotebookApp.port_retries=0",
            "--NotebookApp.allow_root=True",
            f"--NotebookApp.notebook_dir={self.root_dir}",
            f"--NotebookApp.token={self.token}",
        ]  # fmt: skip
