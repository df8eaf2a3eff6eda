"""A JupyterLite site for the tests, built and served with nothing from a CDN: our labextension, the
widget manager and the Pyodide kernel extension as installed here; Pyodide from its npm package;
every wheel the kernel installs from local files (`wasm.dist`).

Owns: the site's source folder and build, its Pyodide lock, and the static server on 127.0.0.1
that `NotebookPage` drives like a Jupyter server (`frontend`, `notebook_url`, `log_tail`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import shutil
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
from wasm.dist import PyodideFiles

# The kernel JupyterLite's Pyodide kernel extension registers.
KERNEL_NAME = "python"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
# Federated extensions the site gets, from this environment: no others, so the site does not
# depend on what else happens to be installed.
EXTENSIONS = (
    "anywidget",
    "@jupyter-widgets/jupyterlab-manager",
    "@jupyterlite/pyodide-kernel-extension",
)


def write_lite_notebook(path: Path) -> None:
    """An empty notebook for the Pyodide kernel (no kernel picker on opening)."""
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": KERNEL_NAME, "display_name": "Python (Pyodide)"},
            "language_info": {"name": "python"},
        }
    )
    nbformat.write(nb, str(path))


def _pyodide_for_site(files: PyodideFiles, target: Path) -> None:
    """The npm core, micropip's wheel beside it, and a lock naming only that wheel.

    The kernel loads micropip through the lock (hash-checked), then installs everything else
    through piplite's index: the lock of the full distribution names files the npm package does
    not have, so each of them would be a failed fetch.
    """
    shutil.copytree(files.core, target)
    shutil.copy2(files.micropip, target / files.micropip.name)
    lock = json.loads((files.core / "pyodide-lock.json").read_text(encoding="utf-8"))
    micropip = {
        **lock["packages"]["micropip"],
        "file_name": files.micropip.name,
        "sha256": hashlib.sha256(files.micropip.read_bytes()).hexdigest(),
    }
    lock["packages"] = {"micropip": micropip}
    (target / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")


def build_site(work: Path, files: PyodideFiles, notebooks: tuple[str, ...]) -> Path:
    """Build the site in `work` (with the given empty notebooks as its contents); returns its root."""
    source = work / "source"
    (source / "pypi").mkdir(parents=True)
    for wheel in (*files.dependencies, files.anywidget):
        shutil.copy2(wheel, source / "pypi" / wheel.name)
    # A folder here is the site's Pyodide: the build copies it and points the kernel at it.
    _pyodide_for_site(files, source / "static" / "pyodide")
    (source / "files").mkdir()  # the site's contents, by default
    for name in notebooks:
        write_lite_notebook(source / "files" / name)
    installed = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    config = {
        "LiteBuildConfig": {
            "apps": ["lab"],
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": [str(installed / name) for name in EXTENSIONS],
            "no_sourcemaps": True,
        }
    }
    (source / "jupyter_lite_config.json").write_text(json.dumps(config), encoding="utf-8")
    settings = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "exposeAppInBrowser": "true",
            # Only the site's own index: a package missing from it fails at once, by name.
            "litePluginSettings": {KERNEL_PLUGIN: {"disablePyPIFallback": True}},
        },
    }
    (source / "jupyter-lite.json").write_text(json.dumps(settings), encoding="utf-8")
    output = work / "site"
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "lite", "build", "--output-dir", str(output)],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"jupyter lite build failed:\n{result.stdout[-4000:]}\n{result.stderr}")
    return output


class LiteSite:
    """A built site served on 127.0.0.1 by a thread of this process; failed requests are kept."""

    frontend = "lab"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.failed: list[str] = []
        handler = functools.partial(_Handler, self, directory=str(root))
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def notebook_url(self, path: str) -> str:
        return f"{self.base_url}lab/index.html?path={urllib.parse.quote(path)}"

    def log_tail(self, lines: int = 60) -> str:
        tail = "\n".join(self.failed[-lines:]) or "<none>"
        return f"--- JupyterLite site: failed requests ---\n{tail}"

    @contextlib.contextmanager
    def serving(self) -> Iterator[LiteSite]:
        self._thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=10)


class _Handler(http.server.SimpleHTTPRequestHandler):
    # Module workers and WebAssembly streaming compilation check the type; the system's MIME
    # table may lack these.
    extensions_map = {  # noqa: RUF012 -- the base class declares it as a class attribute
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }

    def __init__(self, site: LiteSite, *args: Any, **kwargs: Any) -> None:
        self._site = site
        super().__init__(*args, **kwargs)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if isinstance(code, int) and code >= 400:
            self._site.failed.append(f"{code} {self.path}")

    def log_message(self, format: str, *args: Any) -> None:
        return
