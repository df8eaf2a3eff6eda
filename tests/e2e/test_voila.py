"""Voilà: a dashboard served from a notebook shows anywidget widgets, synced with the kernel."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Browser, expect

from harness.servers import free_port, serving

ECHO = '''
import anywidget
import traitlets


class Echo(anywidget.AnyWidget):
    _esm = """
    export default {
      render({ model, el }) {
        const button = document.createElement("button");
        button.className = "echo";
        const show = () => { button.textContent = `${model.get("value")}/${model.get("doubled")}`; };
        button.addEventListener("click", () => {
          model.set("value", model.get("value") + 1);
          model.save_changes();
        });
        model.on("change", show);
        show();
        el.appendChild(button);
      },
    };
    """
    value = traitlets.Int(1).tag(sync=True)
    doubled = traitlets.Int(0).tag(sync=True)

    @traitlets.observe("value")
    def _double(self, change):
        self.doubled = change["new"] * 2


Echo()
'''


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`voila dashboard.ipynb` on 127.0.0.1; yields the dashboard's URL."""
    workdir = tmp_path_factory.mktemp("voila")
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells.append(nbformat.v4.new_code_cell(ECHO))
    nbformat.write(nb, str(workdir / "dashboard.ipynb"))
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        (workdir / var).mkdir()
        env[var] = str(workdir / var)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    port = free_port()
    command = [
        sys.executable, "-m", "voila", "dashboard.ipynb", "--no-browser",
        "--Voila.ip=127.0.0.1", f"--Voila.port={port}", "--Voila.port_retries=0",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    with serving(command, f"{url}voila/static/voila.js", workdir, env):
        yield url


def test_voila_dashboard_renders_and_round_trips_with_the_kernel(voila: str, browser: Browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(voila)
        button = page.locator("button.echo")
        expect(button).to_have_text("1/0", timeout=60_000)
        button.click()
        # 4 comes from Python: the kernel saw the click and answered.
        expect(button).to_have_text("2/4", timeout=20_000)
    finally:
        context.close()
