"""JupyterLite, built and served with nothing from a CDN: anywidget installed with `%pip` into the
Pyodide kernel, a Counter renders, a click reaches Python, values set in Python (a tight loop of
them included) reach the page, and a widget whose module fails shows the error panel.

One site and one page for the module: starting a Pyodide kernel takes most of a minute.
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect
from wasm.dist import prepare

from anywidget import __version__
from harness.notebook_page import NotebookPage

from .conftest import _NOTEBOOK_KEY
from .lite_site import LiteSite, build_site

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Locator, Request

NOTEBOOK = "lite.ipynb"
LOOP = 2000

COUNTER = '''
import anywidget
import traitlets

class Counter(anywidget.AnyWidget):
    _esm = """
    export default {
      render({ model, el }) {
        const button = document.createElement("button");
        button.className = "counter-button";
        const show = () => { button.textContent = `count is ${model.get("value")}`; };
        button.addEventListener("click", () => {
          model.set("value", model.get("value") + 1);
          model.save_changes();
        });
        model.on("change:value", show);
        show();
        el.appendChild(button);
      },
    };
    """
    _css = ".counter-button { color: rgb(255, 0, 0); }"
    value = traitlets.Int(0).tag(sync=True)
'''


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiteSite]:
    files = prepare(tmp_path_factory.getbasetemp())
    root = build_site(tmp_path_factory.mktemp("jupyterlite"), files, (NOTEBOOK,))
    with LiteSite(root).serving() as served:
        yield served


@pytest.fixture(scope="module")
def outside() -> list[str]:
    """Requests the page (or its workers) made to anywhere but the site."""
    return []


@pytest.fixture(scope="module")
def lite(
    browser: Browser, site: LiteSite, artifacts_dir: Path, outside: list[str]
) -> Iterator[NotebookPage]:
    """The site's notebook, open, with anywidget installed in its kernel and `Counter` defined."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def record(request: Request) -> None:
        url = urllib.parse.urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            outside.append(request.url)

    context.on("request", record)
    try:
        page = NotebookPage(context.new_page(), site, artifacts_dir, timeout=60)
        page.open(NOTEBOOK, timeout=300)
        installed = page.run_and_read(
            "%pip install anywidget\nimport anywidget\nprint(anywidget.__version__)", timeout=180
        )
        assert installed.splitlines()[-1] == __version__  # this checkout's, from the site
        page.run(COUNTER)
        yield page
    finally:
        context.close()


@pytest.fixture(autouse=True)
def _evidence(request: pytest.FixtureRequest, lite: NotebookPage) -> None:
    # The e2e conftest attaches a screenshot and the console to a failing test's report.
    request.node.stash[_NOTEBOOK_KEY] = lite


def show(lite: NotebookPage, name: str) -> Locator:
    lite.run(f"{name} = Counter()")
    return lite.output(lite.run(name)).locator("button.counter-button")


def test_a_counter_renders_with_its_style(lite: NotebookPage) -> None:
    button = show(lite, "rendered")
    expect(button).to_have_text("count is 0")
    expect(button).to_have_css("color", "rgb(255, 0, 0)")


def test_a_click_reaches_python(lite: NotebookPage) -> None:
    button = show(lite, "clicked")
    button.click()
    button.click()
    expect(button).to_have_text("count is 2")
    assert lite.read_until("print(clicked.value)", "2", timeout=30) == "2"


def test_a_value_set_in_python_reaches_the_page(lite: NotebookPage) -> None:
    button = show(lite, "set_from_python")
    expect(button).to_have_text("count is 0")
    lite.run("set_from_python.value = 41")
    expect(button).to_have_text("count is 41")


def test_a_tight_loop_of_updates_ends_on_its_last_value_in_the_page(lite: NotebookPage) -> None:
    button = show(lite, "looped")
    expect(button).to_have_text("count is 0")
    # Faster than a Jupyter server's pace (about 1.5 ms an update here): where updates were
    # paced, this loop outran the budget, and the timer holding the rest could not start.
    lite.run(f"for i in range(1, {LOOP + 1}):\n    looped.value = i", timeout=120)
    expect(button).to_have_text(f"count is {LOOP}")


def test_a_widget_whose_module_fails_shows_the_error_panel(lite: NotebookPage) -> None:
    lite.run(
        "class Broken(anywidget.AnyWidget):\n"
        "    _esm = \"export default { render() { throw new Error('broken on purpose'); } };\""
    )
    panel = lite.output(lite.run("Broken()")).locator(".anywidget-error")
    expect(panel).to_contain_text("broken on purpose")


def test_nothing_is_fetched_from_outside_the_site(lite: NotebookPage, outside: list[str]) -> None:
    assert outside == []
