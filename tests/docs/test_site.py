"""The built site (docs/_build/html, made by scripts/docs.sh): every page there, widgets live offline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import sync_playwright

from anywidget.testing.fixtures import CHROMIUM_ARGS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page, Route

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "docs" / "_build" / "html"
CHROMIUM = "/usr/bin/chromium"
VIEW_MIMETYPE = "application/vnd.jupyter.widget-view+json"
VIEW = f'script[type="{VIEW_MIMETYPE}"]'
# The pages the documentation issue lists, by their place in the site.
PAGES = [
    "getting-started",
    "contract",
    "api/python",
    "api/cli",
    "guides/files-and-hot-reload",
    "guides/binary-data",
    "guides/commands",
    "guides/composition",
    "guides/publishing",
    "guides/export",
    "guides/hosts",
    "migrating",
    "troubleshooting",
    "benchmarks",
    "gallery",
    "changelog",
]
# Pages showing a broken widget on purpose, and what its error panel says.
BROKEN_ON_PURPOSE = {"troubleshooting.html": "TypeError"}


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no site at {SITE}: build it with `bash scripts/docs.sh`")
    return SITE


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OfflinePage:
    """A page whose every network request is refused (and recorded): only file:// loads."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context()
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.context.route(re.compile(r"^(?!file:).*"), self._refuse)
        self.page: Page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _refuse(self, route: Route) -> None:
        self.refused.append(route.request.url)
        route.abort()

    def open(self, path: Path) -> Page:
        self.page.goto(path.as_uri())
        return self.page


@pytest.fixture
def offline(browser: Browser) -> Iterator[OfflinePage]:
    page = OfflinePage(browser)
    yield page
    page.context.close()


def _widget_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if VIEW_MIMETYPE in p.read_text())


@pytest.mark.parametrize("page", PAGES)
def test_listed_page_is_built(site, page):
    assert (site / f"{page}.html").is_file()


def test_getting_started_counter_counts_offline(site, offline):
    page = offline.open(site / "getting-started.html")
    button = page.locator("button.counter").first
    button.wait_for(timeout=30_000)
    start = int(button.inner_text().rsplit(" ", 1)[1])
    button.click()
    button.click()
    page.wait_for_function(
        "([el, want]) => el.textContent === want",
        arg=[button.element_handle(), f"count is {start + 2}"],
        timeout=10_000,
    )
    assert offline.refused == []
    assert offline.errors == []


def test_every_widget_on_the_site_renders_offline(site, offline):
    pages = _widget_pages(site)
    assert len(pages) >= 5, "the site shows widgets on several pages"
    for path in pages:
        page = offline.open(path)
        views = page.locator(VIEW).count()
        # html-manager puts each view in a .widget-subarea just before its script.
        page.wait_for_function(
            """([selector, count]) => [...document.querySelectorAll(selector)].filter(
                 (script) => script.previousElementSibling?.classList.contains("widget-subarea")
                   && script.previousElementSibling.childElementCount > 0).length === count""",
            arg=[VIEW, views],
            timeout=30_000,
        )
        name = path.relative_to(site).as_posix()
        panels = page.locator(".anywidget-error")
        if name in BROKEN_ON_PURPOSE:
            assert panels.count() == 1, name
            assert BROKEN_ON_PURPOSE[name] in panels.inner_text(), name
        else:
            assert panels.count() == 0, f"{name} shows {panels.count()} error panels"
        assert "Error displaying widget" not in page.locator("body").inner_text(), name
    assert offline.refused == []
    assert offline.errors == []


def test_benchmark_page_draws_charts(site):
    text = (site / "benchmarks.html").read_text()
    assert text.count('<svg xmlns="http://www.w3.org/2000/svg" class="benchmark-chart"') >= 3


def test_gallery_shows_each_example_with_its_screenshot(site, offline):
    examples = sorted(p.stem for p in (ROOT / "examples").glob("*.ipynb"))
    page = offline.open(site / "gallery.html")
    cards = page.locator("a.gallery-card")
    assert cards.count() == len(examples)
    for index, name in enumerate(examples):
        card = cards.nth(index)
        assert card.get_attribute("href") == f"examples/{name}.html"
        assert (site / "examples" / f"{name}.html").is_file()
        image = card.locator("img")
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0",
            arg=image.element_handle(),
            timeout=10_000,
        )
