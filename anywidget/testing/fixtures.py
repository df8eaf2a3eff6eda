"""Pytest fixtures that show a widget in headless Chromium, connected to the live widget in the test.

Enable them with ``pytest_plugins = ["anywidget.testing.fixtures"]`` in a ``conftest.py``.
``widget_page(widget)`` opens a page showing the widget with the front end that ships in
JupyterLab (the same model, view and runtime: exports, scoped listeners, ``host.getWidget`` for the
widgets it refers to), talking to `widget` through a local bridge (127.0.0.1; it answers only that
page, whose URL holds a secret), and returns the Playwright page::

    def test_click_counts(widget_page):
        widget = Counter()
        page = widget_page(widget)
        page.locator("button").click()
        assert widget.value == 1

Chromium is Debian's ``/usr/bin/chromium`` unless ``ANYWIDGET_CHROMIUM`` names another binary
(or a test suite overrides the ``anywidget_chromium`` fixture); Playwright's own browser
downloads are not needed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pytest

from ._bridge import Bridge

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

    from ..widget import AnyWidget

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_READY = "() => window.anywidgetTest !== undefined && (window.anywidgetTest.ready || window.anywidgetTest.error !== null)"


@pytest.fixture(scope="session")
def anywidget_chromium() -> str:
    """Path of the Chromium binary to drive (``ANYWIDGET_CHROMIUM``, default /usr/bin/chromium)."""
    return os.environ.get("ANYWIDGET_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def anywidget_browser(anywidget_chromium: str) -> Iterator[Browser]:
    """A headless Chromium for one test module (each page gets its own context)."""
    from playwright.sync_api import sync_playwright

    if not Path(anywidget_chromium).exists():
        pytest.fail(
            f"Chromium not found at {anywidget_chromium}: install it (e.g. apt-get install "
            "chromium) or set ANYWIDGET_CHROMIUM to its path",
            pytrace=False,
        )
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=anywidget_chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def widget_page(anywidget_browser: Browser) -> Iterator[Callable[..., Page]]:
    """``widget_page(widget, timeout=15_000)``: a page showing `widget`, rendered and connected."""
    opened: list[tuple[Bridge, Callable[[], None]]] = []

    def show(widget: AnyWidget, timeout: float = 15_000) -> Page:
        bridge = Bridge(widget)
        context = anywidget_browser.new_context()
        opened.append((bridge, context.close))
        page = context.new_page()
        page.goto(bridge.url)
        page.wait_for_function(_READY, timeout=timeout)
        error = page.evaluate("window.anywidgetTest.error")
        if error is not None:
            raise AssertionError(f"{type(widget).__name__} failed to render: {error}")
        return page

    yield show
    for bridge, close_context in reversed(opened):
        close_context()
        bridge.close()
