"""marimo, the main non-Jupyter host of anywidget widgets, runs ours: `mo.ui.anywidget(Counter())` renders,
a click changes the trait, Python's answer reaches the page, and a cell depending on it re-runs with
the new value."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from harness.servers import free_port, serving

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
    command = [sys.executable, "-m", "marimo", "run", str(APP), "--headless", "--host", "127.0.0.1"]
    url = f"http://127.0.0.1:{port}/"
    with serving(
        [*command, "--port", str(port), "--no-token", "--no-check"], f"{url}health", home, env
    ):
        yield url


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
    # Python's observer answered the page's change; its new trait came back to the page.
    expect(marimo_page.locator(".marimo-doubled")).to_have_text("doubled 6")
    # The dependent cell re-ran in the kernel with the trait's new value.
    expect(observed).to_have_text("observed 3")
