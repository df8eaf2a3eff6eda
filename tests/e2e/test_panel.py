"""Panel: `panel serve` with `pn.extension("ipywidgets")` shows anywidget widgets, synced with Python.

ipywidgets_bokeh loads the anywidget front end from a CDN as an AMD module, in a loader of its own that
provides `@jupyter-widgets/base` and nothing else. The local CDN (harness/cdn.py) serves it either this
checkout's npm package or the published anywidget 0.11.0's, both with our kernel.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from anywidget._wire.protocol import MODULE_VERSION_RANGE
from harness.cdn import Cdn, checkout_package, local_cdn, npm_pack
from harness.servers import free_port, serving

APP = Path(__file__).with_name("panel_app.py")
BUNDLES = {"ours": checkout_package, "published-0.11.0": lambda: npm_pack("anywidget@0.11.0")}


@pytest.fixture(scope="module")
def panel_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`panel serve panel_app.py` on 127.0.0.1, shared by both bundles; yields the app's URL."""
    workdir = tmp_path_factory.mktemp("panel")
    env = {**os.environ, "HOME": str(workdir)}
    port = free_port()
    command = [
        sys.executable, "-m", "panel", "serve", str(APP), "--liveness", "--log-level=warning",
        "--address", "127.0.0.1", f"--port={port}", f"--allow-websocket-origin=127.0.0.1:{port}",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    with serving(command, f"{url}liveness", workdir, env):
        yield f"{url}{APP.stem}"


@pytest.fixture(scope="module", params=list(BUNDLES), ids=str)
def cdn(request: pytest.FixtureRequest) -> Iterator[Cdn]:
    """A local CDN serving one anywidget front end: this checkout's, or the published 0.11.0's."""
    with local_cdn({"anywidget": [BUNDLES[request.param]()]}) as served:
        yield served


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    # Panel's page asks public CDNs for icon fonts; nothing here needs them, and they are unreachable.
    context.route(lambda url: not url.startswith("http://127.0.0.1:"), lambda route: route.abort())
    try:
        yield context.new_page()
    finally:
        context.close()


def test_panel_renders_syncs_and_shows_a_failing_module(
    panel_url: str, cdn: Cdn, page: Page
) -> None:
    cdn.requested.clear()
    page.goto(f"{panel_url}?cdn={quote(cdn.url.rstrip('/'), safe='')}")
    button = page.locator("button.echo")
    expect(button).to_have_text("1/0", timeout=60_000)
    expect(button).to_have_css("color", "rgb(0, 0, 255)")
    # The loader asked for the kernel's range exactly as sent, URL-encoded, and only once.
    assert cdn.requested == [f"/anywidget@{quote(MODULE_VERSION_RANGE, safe='~*')}/dist/index"]
    assert "%7C%7C" in cdn.requested[0]

    # Page -> Python: the click reaches the kernel, whose answers come back (4 is Python's doubling).
    button.click()
    expect(button).to_have_text("2/4")
    expect(page.locator(".seen pre")).to_have_text("python saw 2")

    # Python -> page: a Panel button's Python callback sets the trait.
    page.locator(".set-from-python button").click()
    expect(button).to_have_text("100/200")

    # The widget whose module does not parse shows why in its place, not a blank.
    error = page.locator(".anywidget-error[data-step=load]")
    expect(error).to_contain_text("Broken: widget code failed to load")
    expect(error).to_contain_text("SyntaxError")
