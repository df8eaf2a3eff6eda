"""marimo, the main non-Jupyter host of anywidget widgets, runs ours: `mo.ui.anywidget(Counter())` renders,
a click changes the trait, and a cell depending on it re-runs with the new value."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .servers import free_port

APP = Path(__file__).with_name("marimo_app.py")


@pytest.fixture(scope="module")
def marimo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("marimo")
    home = tmp_path_factory.mktemp("marimo-home")
    port = free_port()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "MARIMO_SKIP_UPDATE_CHECK": "1",
    }
    log = (home / "marimo.log").open("wb")
    command = [sys.executable, "-m", "marimo", "run", str(APP), "--headless", "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--no-token", "--no-check"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=home,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_serving(url, process, home / "marimo.log")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"marimo exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)  # polling a starting server: bounded by the deadline
    pytest.fail(f"marimo did not answer within 60 s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def marimo_page(browser: Browser, marimo_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(marimo_url)
    yield page
    context.close()


def test_marimo_renders_and_syncs_an_anywidget(marimo_page: Page) -> None:
    button = marimo_page.locator("button.marimo-counter")
    expect(button).to_have_text("clicked 2", timeout=60_000)
    expect(button).to_have_css("color", "rgb(0, 128, 0)")
    observed = marimo_page.locator(".observed")
    expect(observed).to_have_text("observed 2")

    button.click()
    expect(button).to_have_text("clicked 3")
    # The dependent cell re-ran in the kernel with the trait's new value.
    expect(observed).to_have_text("observed 3")
