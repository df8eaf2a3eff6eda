"""Servers of the ipywidgets 7 generation: classic Notebook 6.5 and JupyterLab 3.6, from another environment.

Notebook 6 serves the page nbclassic grew from (`window.Jupyter`, `/notebooks/<path>`), so
`NotebookPage` drives it with the nbclassic snippets; only the command line and URLs differ.
JupyterLab 3 takes the same command line as 4, less the options 4 added.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from .servers import JupyterServer

# Settings JupyterLab 4 knows and 3 refuses (its settings schema allows no other keys).
_LAB4_ONLY_SETTINGS = ("@jupyterlab/notebook-extension/tracker.jupyterlab-settings",)


class Notebook6Server(JupyterServer):
    """A Notebook 6.5 server (its own `NotebookApp`, not jupyter_server) run by `python`."""

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


class Lab3Server(JupyterServer):
    """A JupyterLab 3.6 server run by `python`, the page exposing `window.jupyterapp`."""

    def __init__(self, python: str, workdir: Path | None = None) -> None:
        super().__init__("lab", workdir=workdir, python=python)

    def _write_config(self) -> None:
        super()._write_config()
        for name in _LAB4_ONLY_SETTINGS:
            (self.workdir / "lab-settings" / name).unlink(missing_ok=True)

    def _command(self) -> list[str]:
        lab4_only = ("--LabApp.news_url", "--LabApp.check_for_updates_class")
        return [part for part in super()._command() if not part.startswith(lab4_only)]
