"""What `pip install` put into this environment: the prebuilt front ends, enabled with no manual step."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import anywidget

pytestmark = pytest.mark.e2e

PREFIX = Path(sys.prefix)


def test_labextension_is_installed_with_this_version():
    package = PREFIX / "share/jupyter/labextensions/anywidget/package.json"
    meta = json.loads(package.read_text())
    assert meta["version"] == anywidget.__version__
    assert (package.parent / meta["jupyterlab"]["_build"]["load"]).is_file()


def test_jupyter_lists_the_labextension_as_enabled():
    listing = subprocess.run(
        [sys.executable, "-m", "jupyter", "labextension", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    text = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    assert re.search(rf"anywidget v{re.escape(anywidget.__version__)} enabled OK", text), text


def test_classic_notebook_loads_the_nbextension_without_a_manual_step():
    config = PREFIX / "etc/jupyter/nbconfig/notebook.d/anywidget.json"
    assert json.loads(config.read_text()) == {"load_extensions": {"anywidget/extension": True}}
    nbextension = PREFIX / "share/jupyter/nbextensions/anywidget"
    index = (nbextension / "index.js").read_text()
    banner, amd = index.split("\n", 2)[:2]
    assert banner == f"// anywidget {anywidget.__version__}"
    assert amd.startswith('define(["@jupyter-widgets/base"]')
    assert "requirejs.config" in (nbextension / "extension.js").read_text()


def test_jupyter_server_loads_the_server_extension_without_a_manual_step():
    config = PREFIX / "etc/jupyter/jupyter_server_config.d/anywidget.json"
    assert json.loads(config.read_text()) == {
        "ServerApp": {"jpserver_extensions": {"anywidget": True}}
    }
    listing = subprocess.run(
        [sys.executable, "-m", "jupyter", "server", "extension", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    text = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    assert re.search(rf"anywidget {re.escape(anywidget.__version__)} OK", text), text
