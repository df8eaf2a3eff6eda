"""Shiny for Python: an anywidget shown with shinywidgets' `@render_widget` renders, clicks reach
Python, values set in Python reach the page (shinywidgets feeds them to `model.comm.handle_msg`),
every visitor gets working widgets, also when they render again, and a module that throws shows the
error panel."""

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

APP = Path(__file__).with_name("shiny_app.py")


@pytest.fixture(scope="module")
def shiny_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Not imported here: shinywidgets hooks every widget made in the process that imports it.
    if importlib.util.find_spec("shinywidgets") is None:
        pytest.skip("shinywidgets is not installed")
    workdir = tmp_path_factory.mktemp("shiny")
    port = free_port()
    command = [
        sys.executable, "-m", "shiny", "run", str(APP), "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    with serving(command, url, workdir, {**os.environ, "PYTHONUNBUFFERED": "1"}):
        yield url


@pytest.fixture(scope="module")
def shiny_page(browser: Browser, shiny_url: str) -> Iterator[Page]:
    """A first visitor, open for the whole module; only the sync test changes its counter."""
    with app_page(browser, shiny_url) as page:
        yield page


def test_shiny_renders_and_syncs_both_ways(shiny_page: Page) -> None:
    button = shiny_page.locator("button.counter")
    seen = shiny_page.locator("#seen")
    expect(button).to_have_text("count 1", timeout=60_000)
    expect(seen).to_have_text("python sees 1")

    button.click()
    expect(button).to_have_text("count 2")
    # Rendered by Python from the widget's trait: the click reached the kernel side.
    expect(seen).to_have_text("python sees 2", timeout=20_000)

    # A Shiny input handled in Python sets the trait; the page follows.
    shiny_page.locator("#set_ten").click()
    expect(seen).to_have_text("python sees 10", timeout=20_000)
    expect(button).to_have_text("count 10", timeout=20_000)


def test_shiny_next_visitor_gets_widgets_that_render_again(
    shiny_page: Page, browser: Browser, shiny_url: str
) -> None:
    # `shiny_page` is an earlier visitor, still connected: one process serves both.
    with app_page(browser, shiny_url) as page:
        button = page.locator("button.counter")
        seen = page.locator("#seen")
        expect(button).to_have_text("count 1", timeout=60_000)
        # Each round closes the old counter (one remains) and opens a new one, connected both
        # ways; shinywidgets opens a new widget's comm before the comms it refers to.
        for n in range(1, 4):
            page.locator("#replace").click()
            expect(button).to_have_text(f"count {1 + 100 * n}", timeout=20_000)
            expect(seen).to_have_text(f"python sees {1 + 100 * n}", timeout=20_000)
        button.click()
        expect(seen).to_have_text("python sees 302", timeout=20_000)
    expect(shiny_page.locator("button.counter")).to_be_visible()


def test_shiny_shows_the_error_panel_for_a_module_that_throws(shiny_page: Page) -> None:
    panel = shiny_page.locator("#broken .anywidget-error")
    expect(panel).to_contain_text("Broken: widget code failed to load", timeout=60_000)
    expect(panel).to_contain_text("this module fails on purpose")
