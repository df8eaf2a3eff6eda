"""Packages written by `python -m anywidget create` (both templates), pip-installed, render and sync in JupyterLab."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from harness.notebook_page import NotebookPage
from harness.servers import JupyterServer

from .conftest import SELECTED_FRONTENDS, write_notebook

pytestmark = pytest.mark.skipif("lab" not in SELECTED_FRONTENDS, reason="JupyterLab only")

TEMPLATES = {"js": "lab-js-counter", "ts": "lab-ts-counter"}


def _run(args: list[str], cwd: Path) -> None:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both templates generated and pip-installed (the ts one bundled by esbuild) into one folder."""
    work = tmp_path_factory.mktemp("scaffold")
    target = work / "site"
    for template, name in TEMPLATES.items():
        _run([sys.executable, "-m", "anywidget", "create", name, "--template", template], work)
        # This checkout's anywidget serves them: only the generated package goes into `target`.
        pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target)]
        _run([*pip, str(work / name)], work)
    return target


@pytest.fixture(scope="module")
def notebook(installed: Path, browser: Browser, artifacts_dir: Path) -> Iterator[NotebookPage]:
    server = JupyterServer(
        "lab", env={"PYTHONPATH": f"{installed}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        server.start()
        write_notebook(server.root_dir / "scaffold.ipynb")
        page = NotebookPage(context.new_page(), server, artifacts_dir)
        page.open("scaffold.ipynb")
        yield page
    finally:
        context.close()
        try:
            server.shutdown_sessions_for("scaffold.ipynb")
        except OSError as exc:
            warnings.warn(f"could not shut down the scaffold kernel: {exc}", stacklevel=1)
        server.stop()
        server.cleanup()


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_generated_widget_renders_and_syncs(notebook: NotebookPage, template: str) -> None:
    module = TEMPLATES[template].replace("-", "_")
    cls = "".join(part.title() for part in TEMPLATES[template].split("-"))
    notebook.run(f"from {module} import {cls}\nw_{template} = {cls}(value=2)")
    button = notebook.output(notebook.run(f"w_{template}")).locator(f"button.{module}-counter")
    expect(button).to_have_text("count is 2")
    button.click()
    expect(button).to_have_text("count is 3")
    notebook.read_until(f"print(w_{template}.value)", "3")
    notebook.run(f"w_{template}.value = 10")
    expect(button).to_have_text("count is 10")
