"""Solara: an anywidget in a Solara app renders, clicks reach Python, values set in Python reach
the page, every visitor gets widgets of its own, and a module that throws shows the error panel.
Offline, Solara's page assets come from the `solara-assets` package (Vue 2, hence `ipyvue<3` and
`ipyvuetify<3`)."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from harness.app_hosts import app_page
from harness.servers import free_port, serving

APP = Path(__file__).with_name("solara_app.py")


@pytest.fixture(scope="module")
def solara_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Not imported here: importing solara makes widgets of its own in this process.
    if importlib.util.find_spec("solara") is None:
        pytest.skip("solara is not installed")
    workdir = tmp_path_factory.mktemp("solara")
    port = free_port()
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "SOLARA_HOME": str(workdir / "solara-home"),
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    }
    # Production mode: no file watcher, no hot reload, and no install check fetched from solara.dev.
    command = [
        sys.executable, "-m", "solara", "run", str(APP), "--production", "--no-open",
        "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    with serving(command, f"{url}readyz", workdir, env):
        yield url


@pytest.fixture(scope="module")
def solara_page(browser: Browser, solara_url: str) -> Iterator[Page]:
    """A first visitor, open for the whole module; only the sync test changes its counter."""
    with app_page(browser, solara_url) as page:
        yield page


def test_solara_renders_and_syncs_both_ways(solara_page: Page) -> None:
    button = solara_page.locator("button.counter")
    seen = solara_page.locator(".seen")
    expect(button).to_have_text("count 1", timeout=60_000)
    expect(seen).to_have_text("python sees 1")

    button.click()
    expect(button).to_have_text("count 2")
    # Rendered by Python from the reactive variable the widget's trait sets.
    expect(seen).to_have_text("python sees 2", timeout=20_000)

    # A Solara button handled in Python sets the variable, and through it the trait.
    solara_page.locator(".set-ten").click()
    expect(seen).to_have_text("python sees 10", timeout=20_000)
    expect(button).to_have_text("count 10", timeout=20_000)


def test_solara_next_visitor_gets_widgets_of_its_own(
    solara_page: Page, browser: Browser, solara_url: str
) -> None:
    # `solara_page` is an earlier visitor, still connected: one process serves both.
    with app_page(browser, solara_url) as page:
        button = page.locator("button.counter")
        expect(button).to_have_text("count 1", timeout=60_000)
        button.click()
        expect(page.locator(".seen")).to_have_text("python sees 2", timeout=20_000)
        expect(page.locator(".anywidget-error")).to_contain_text("this module fails on purpose")
    expect(solara_page.locator("button.counter")).to_be_visible()


def test_solara_shows_the_error_panel_for_a_module_that_throws(solara_page: Page) -> None:
    panel = solara_page.locator(".anywidget-error")
    expect(panel).to_contain_text("Broken: widget code failed to load", timeout=60_000)
    expect(panel).to_contain_text("this module fails on purpose")
