"""Pytest fixtures for the e2e suite: Chromium, one Jupyter server per front end, and a
fresh notebook (with its own kernel) per test.

Owns: browser and server lifecycles, per-test notebook/kernel cleanup, and failure evidence
attached to test reports; the machinery itself is the `harness` package (bench/ drives it too).
Importable without Playwright or Jupyter (`pytest -m unit` loads it in a plain virtualenv).

Environment knobs: E2E_CHROMIUM (browser binary, default /usr/bin/chromium),
E2E_FRONTENDS (comma list subset of lab,notebook,nbclassic), E2E_ARTIFACTS_DIR
(where screenshots go; default a pytest tmp dir).
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from harness.browser import CHROMIUM, CHROMIUM_ARGS
from harness.notebooks import write_notebook
from harness.servers import FRONTENDS, JupyterServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

    from harness.notebook_page import NotebookPage

SELECTED_FRONTENDS = tuple(
    name.strip()
    for name in os.environ.get("E2E_FRONTENDS", ",".join(FRONTENDS)).split(",")
    if name.strip()
)
_NOTEBOOK_KEY = pytest.StashKey["NotebookPage"]()


def pytest_configure(config: pytest.Config) -> None:
    unknown = set(SELECTED_FRONTENDS) - set(FRONTENDS)
    if unknown:
        raise pytest.UsageError(f"E2E_FRONTENDS has unknown front ends {sorted(unknown)}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report: pytest.TestReport = yield
    page = item.stash.get(_NOTEBOOK_KEY, None)
    if page is None:
        return report
    from harness.notebook_page import NotebookError

    already = call.excinfo is not None and call.excinfo.errisinstance(NotebookError)
    if report.failed and report.when == "call" and not already:
        report.sections.append(("e2e evidence", page.evidence(item.name)))
    return report


@pytest.fixture(scope="session")
def artifacts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory for screenshots taken on failures."""
    env = os.environ.get("E2E_ARTIFACTS_DIR")
    path = Path(env) if env else tmp_path_factory.mktemp("e2e-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def pw() -> Iterator[Playwright]:
    """The Playwright driver for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(pw: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the session; each test gets its own context."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package "
            "(apt-get install chromium) or set E2E_CHROMIUM",
            pytrace=False,
        )
    # launch() gives Chromium a fresh temporary profile dir of its own.
    instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield instance
    instance.close()


@pytest.fixture(scope="session", params=SELECTED_FRONTENDS, ids=str)
def frontend(request: pytest.FixtureRequest) -> str:
    """Front end name: "lab", "notebook" (Notebook 7) or "nbclassic"."""
    return str(request.param)


@pytest.fixture(scope="session")
def jupyter_server(frontend: str) -> Iterator[JupyterServer]:
    """One running Jupyter server per front end, shared by that front end's tests."""
    server = JupyterServer(frontend)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        server.cleanup()


@pytest.fixture
def notebook(
    request: pytest.FixtureRequest,
    browser: Browser,
    jupyter_server: JupyterServer,
    artifacts_dir: Path,
) -> Iterator[NotebookPage]:
    """A fresh notebook file opened in a fresh browser context, kernel idle and ready."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name).strip("_")[:80] + ".ipynb"
    write_notebook(jupyter_server.root_dir / name)
    jupyter_server.forget_workspaces()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    from harness.notebook_page import NotebookPage

    try:
        page = NotebookPage(context.new_page(), jupyter_server, artifacts_dir)
        request.node.stash[_NOTEBOOK_KEY] = page
        page.open(name)
        yield page
    finally:
        context.close()
        try:
            jupyter_server.shutdown_sessions_for(name)
        except OSError as exc:
            warnings.warn(f"could not shut down the kernel of {name}: {exc}", stacklevel=1)
