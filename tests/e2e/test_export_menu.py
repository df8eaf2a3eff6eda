"""JupyterLab's File → Save and Export Notebook As → the offline format: one menu entry, which
downloads a page whose widgets render from disk with the network cut, following the server's trust."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from anywidget._wire.protocol import MODULE_VERSION_RANGE
from harness.notebook_page import NotebookPage
from harness.saved_state import saved_widget_notebook
from harness.servers import JupyterServer

pytestmark = pytest.mark.parametrize("frontend", ["lab"], indirect=True)

MODEL_ID = "0ff1ce0ff1ce0ff1ce0ff1ce0ff1ce00"
# Text that once broke the offline page: `<!--<script` inside the inlined widget state.
LABEL = "<!--<script>still text</script>-->"
ESM = """
export default {
  render({ model, el }) {
    const button = document.createElement("button");
    button.className = "saved-counter";
    const show = () => { button.textContent = `count is ${model.get("value")}`; };
    button.addEventListener("click", () => { model.set("value", model.get("value") + 1); });
    model.on("change:value", show);
    show();
    const label = document.createElement("span");
    label.className = "saved-label";
    label.textContent = model.get("label");
    el.append(button, label);
  },
};
"""


def write_notebook(server: JupyterServer, name: str) -> None:
    traits = {"_anywidget_id": "demo.Saved", "_esm": ESM, "value": 5, "label": LABEL}
    nb = saved_widget_notebook(MODEL_ID, traits, MODULE_VERSION_RANGE)
    nbformat.write(nb, str(server.root_dir / name))


def only_files(page: Page) -> list[str]:
    """Abort every request that is not for a local file; returns the URLs refused."""
    refused: list[str] = []

    def handle(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return refused


def test_the_menu_entry_downloads_a_page_that_renders_offline(
    jupyter_server: JupyterServer, browser: Browser, artifacts_dir: Path, tmp_path: Path
) -> None:
    # The server lists the name it can route, and only that one.
    formats = jupyter_server.api("GET", "api/nbconvert")
    assert [name for name in formats if "anywidget" in name] == ["anywidget_offline"]

    name = "export-menu.ipynb"
    write_notebook(jupyter_server, name)
    jupyter_server.trust(name)
    jupyter_server.forget_workspaces()
    context = browser.new_context(accept_downloads=True)
    try:
        notebook = NotebookPage(context.new_page(), jupyter_server, artifacts_dir)
        notebook.open(name)
        page = notebook.page
        page.get_by_role("menuitem", name="File", exact=True).click()
        # A Lumino submenu item: opened by clicking it, its entries are a menu of their own.
        page.locator(".lm-Menu-item", has_text="Save and Export Notebook As").click()
        formats = page.locator(".lm-Menu").filter(has_text="Executable Script")
        entries = formats.get_by_role("menuitem", name=re.compile("anywidget", re.IGNORECASE))
        # Lab fills the submenu once /api/nbconvert answers, which makes every exporter: slow
        # on a busy machine. The open menu shows entries as they are added.
        expect(entries).to_have_count(1, timeout=60_000)
        with page.expect_download(timeout=60_000) as downloading:
            entries.click()
        download = downloading.value
        assert download.failure() is None
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
    finally:
        context.close()
        jupyter_server.shutdown_sessions_for(name)

    offline = browser.new_context()
    try:
        page = offline.new_page()
        refused = only_files(page)
        page.goto(saved.as_uri())
        button = page.locator("button.saved-counter")
        expect(button).to_have_text("count is 5", timeout=20_000)
        expect(page.locator(".saved-label")).to_have_text(LABEL)
        button.click()
        expect(button).to_have_text("count is 6")
        assert refused == []
    finally:
        offline.close()


def test_an_untrusted_notebook_downloads_without_its_widget_code(
    jupyter_server: JupyterServer, browser: Browser, tmp_path: Path
) -> None:
    name = "export-untrusted.ipynb"
    write_notebook(jupyter_server, name)
    # The URL the menu entry opens, fetched as the page does (same token, same server trust).
    url = f"{jupyter_server.base_url}nbconvert/anywidget_offline/{name}?download=true"
    request = urllib.request.Request(
        url, headers={"Authorization": f"token {jupyter_server.token}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        page_text = response.read().decode("utf-8")
    assert "saved-counter" not in page_text
    saved = tmp_path / "untrusted.html"
    saved.write_text(page_text, encoding="utf-8")

    offline = browser.new_context()
    try:
        page = offline.new_page()
        refused = only_files(page)
        page.goto(saved.as_uri())
        notice = page.locator(".anywidget-code-left-out")
        expect(notice).to_contain_text("demo.Saved: its code was left out", timeout=20_000)
        assert page.locator(".saved-counter").count() == 0
        assert refused == []
    finally:
        offline.close()
    state = re.search(
        r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>',
        page_text,
        re.DOTALL,
    )
    assert state is not None
    assert json.loads(state.group(1))["state"][MODEL_ID]["state"]["label"] == LABEL
