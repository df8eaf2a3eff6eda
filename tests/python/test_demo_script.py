"""scripts/demo.sh on a fresh machine: it starts for root too, prints the URL, opens no browser without a display."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from harness.servers import free_port

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "scripts" / "demo.sh"
IS_ROOT = os.geteuid() == 0


def _env(**changes: str | None) -> dict[str, str]:
    env = dict(os.environ)
    for name, value in changes.items():
        env.pop(name, None)
        if value is not None:
            env[name] = value
    return env


def _dry_run(env: dict[str, str], *, as_user: int | None = None) -> list[str]:
    command = ["bash", str(DEMO), "--dry-run"]
    if as_user is not None:
        command = [
            "setpriv",
            f"--reuid={as_user}",
            f"--regid={as_user}",
            "--clear-groups",
            *command,
        ]
    out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30, check=True)
    return out.stdout.split()


def test_dry_run_names_the_notebook_and_installs_nothing():
    words = _dry_run(_env())
    assert words[:3] == [".venv/bin/jupyter", "lab", "examples/counter.ipynb"]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS always has a display")
def test_no_browser_without_a_display():
    assert "--no-browser" in _dry_run(_env(DISPLAY=None, WAYLAND_DISPLAY=None))
    assert "--no-browser" not in _dry_run(_env(DISPLAY=":0", WAYLAND_DISPLAY=None))
    assert "--no-browser" not in _dry_run(_env(DISPLAY=None, WAYLAND_DISPLAY="wayland-0"))


@pytest.mark.skipif(not IS_ROOT, reason="runs the script as root and as another user")
def test_allow_root_only_for_root():
    assert "--allow-root" in _dry_run(_env())
    if shutil.which("setpriv") is None:
        pytest.fail("setpriv (util-linux) is needed to run the script as another user")
    nobody = 65534
    assert "--allow-root" not in _dry_run(_env(), as_user=nobody)


def test_server_starts_for_this_user_and_prints_the_url(tmp_path):
    port = free_port()
    env = _env(DISPLAY=None, WAYLAND_DISPLAY=None, PYTHONUNBUFFERED="1")
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR"):
        env[var] = str(tmp_path / var.lower())
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp_path / "workspaces")
    env["IPYTHONDIR"] = str(tmp_path / "ipython")
    command = [
        "bash", str(DEMO), "--no-install",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
    ]  # fmt: skip
    printed = re.compile(rf"http://127\.0\.0\.1:{port}/lab\?token=([0-9a-f]+)")
    log_path = tmp_path / "demo.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            # As root without --allow-root, Jupyter exits at once: the loop ends on proc.poll().
            deadline = time.monotonic() + 90
            found = None
            while found is None and proc.poll() is None and time.monotonic() < deadline:
                found = printed.search(log_path.read_text())
                if found is None:
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        proc.wait(timeout=0.25)
            text = log_path.read_text()
            assert found is not None, f"no URL printed; the script said:\n{text[-3000:]}"
            status = f"http://127.0.0.1:{port}/api/status?token={found.group(1)}"
            with urllib.request.urlopen(status, timeout=10) as reply:
                assert reply.status == 200
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    assert "Running as root is not recommended" not in text
    assert "Starting JupyterLab: open the URL it prints below" in text
