"""Pages of hosts that serve a Python app rather than a notebook (Shiny, Solara), checked to run
the anywidget front end installed in this environment."""

from __future__ import annotations

import contextlib
import importlib.metadata
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser, Page, Response

import anywidget

# Where pip put our classic-notebook bundle; both hosts serve widget front ends from there.
INSTALLED_FRONT_END = Path(sys.prefix) / "share/jupyter/nbextensions/anywidget/index.js"
# Shiny serves it as `lib/anywidget-<version>/index.js`, Solara as `nbextensions/anywidget/index.js?<hash>`.
_FRONT_END_URL = re.compile(r"/anywidget[^/]*/index\.js(\?|$)")


def _is_front_end(response: Response) -> bool:
    return _FRONT_END_URL.search(response.url) is not None


def _assert_ours(served: Response) -> None:
    """The host served the installed front end, and pip installed this tree's anywidget (these
    hosts' packages require `anywidget`: installing one after ours would pull the published one)."""
    installed = importlib.metadata.version("anywidget")
    assert installed == anywidget.__version__, (
        f"the installed anywidget is {installed}, not this tree's {anywidget.__version__}"
    )
    body = served.body()
    banner = body.split(b"\n", 1)[0].decode(errors="replace")
    assert banner == f"// anywidget {anywidget.__version__}", f"{served.url} starts {banner!r}"
    assert body == INSTALLED_FRONT_END.read_bytes(), f"{served.url} is not {INSTALLED_FRONT_END}"


@contextlib.contextmanager
def app_page(browser: Browser, url: str, timeout: float = 60_000) -> Iterator[Page]:
    """`url` open in a fresh browser context, once the page has fetched the anywidget front end;
    fails unless what it fetched is the installed one."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        page = context.new_page()
        with page.expect_response(_is_front_end, timeout=timeout) as served:
            page.goto(url)
        _assert_ours(served.value)
        yield page
    finally:
        context.close()
