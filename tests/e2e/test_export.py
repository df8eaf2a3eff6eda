"""Widgets without a kernel, in Chromium: nbconvert HTML through a local stand-in for the npm CDN,
the offline single file opened from disk with the network cut, and pages made from live widgets."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from urllib.parse import quote

import ipywidgets
import nbformat
import pytest
import traitlets
from ipywidgets.embed import dependency_state, embed_data, embed_minimal_html
from playwright.sync_api import Browser, Page, Route, expect

import anywidget
from anywidget._wire.protocol import MODULE_VERSION_RANGE
from anywidget.export import export_notebook, to_html
from harness.cdn import Cdn, checkout_package, local_cdn, node_package
from harness.servers import JupyterServer

TRICKY_TEXT = "</script><b>still text</b><!--"

COUNTER_ESM = """
// A comment with </script> in it must not end the page's script element.
export default {
  render({ model, el }) {
    const button = document.createElement("button");
    button.className = "counter";
    const show = () => { button.textContent = `count is ${model.get("value")}`; };
    button.addEventListener("click", () => {
      model.set("value", model.get("value") + 1);
      model.save_changes();
    });
    model.on("change:value", show);
    show();
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = model.get("label");
    const blob = model.get("blob");
    const bytes = document.createElement("span");
    bytes.className = "bytes";
    const values = new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);
    bytes.textContent = `${blob.constructor.name}:${values.join(",")}`;
    el.append(button, label, bytes);
  },
};
"""


class Counter(anywidget.AnyWidget):
    _esm = COUNTER_ESM
    _css = ".counter { color: rgb(255, 0, 0); }"
    value = traitlets.Int(5).tag(sync=True)
    label = traitlets.Unicode(TRICKY_TEXT).tag(sync=True)
    blob = traitlets.Bytes(b"\x01\x02\xff").tag(sync=True)


# ---------------------------------------------------------------------------------- the local CDN
@pytest.fixture(scope="module")
def cdn_server() -> Iterator[Cdn]:
    """A CDN on 127.0.0.1 serving anywidget (this checkout, packed), html-manager and RequireJS."""
    packages = {
        "anywidget": [checkout_package()],
        "@jupyter-widgets/html-manager": [node_package("@jupyter-widgets/html-manager")],
        "requirejs": [node_package("requirejs")],
    }
    with local_cdn(packages) as served:
        yield served


@pytest.fixture
def cdn(cdn_server: Cdn) -> str:
    """The local CDN's URL, its request log emptied for this test."""
    cdn_server.requested.clear()
    return cdn_server.url


# ------------------------------------------------------------------------------------ the pages
@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def only(page: Page, allowed: tuple[str, ...]) -> list[str]:
    """Abort every request whose URL starts with none of `allowed`; returns the aborted URLs."""
    refused: list[str] = []

    def handle(route: Route) -> None:
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    page.route("**/*", handle)
    return refused


def saved_notebook(path: Path) -> Path:
    """A notebook saved with widget state (as Lab's "Save Widget State Automatically" writes it):
    a counter with binary and tricky text traits, and a built-in slider."""
    counter, slider = Counter(), ipywidgets.IntSlider(value=3, description="speed")
    # Only these widgets and what they depend on, as one kernel's saved state holds: embed_data's
    # default (every widget alive in this process) would bring in other tests' widgets.
    widgets = [counter, slider]
    state = dependency_state(widgets, drop_defaults=False)
    data = embed_data(widgets, drop_defaults=False, state=state)
    nb = nbformat.v4.new_notebook(
        metadata={"widgets": {"application/vnd.jupyter.widget-state+json": data["manager_state"]}}
    )
    for widget, spec in zip((counter, slider), data["view_specs"]):
        output = nbformat.v4.new_output(
            "display_data",
            data={"application/vnd.jupyter.widget-view+json": spec, "text/plain": repr(widget)},
        )
        nb.cells.append(nbformat.v4.new_code_cell("w", outputs=[output]))
    nbformat.write(nb, str(path))
    assert counter.get_state()["_model_module_version"] == MODULE_VERSION_RANGE
    return path


def expect_widgets(page: Page) -> None:
    """The counter and the slider render, and the counter counts in the page."""
    button = page.locator("button.counter")
    expect(button).to_have_text("count is 5", timeout=20_000)
    expect(button).to_have_css("color", "rgb(255, 0, 0)")
    expect(page.locator(".label")).to_have_text(TRICKY_TEXT)
    expect(page.locator(".bytes")).to_have_text("DataView:1,2,255")
    expect(page.locator(".widget-readout")).to_have_text("3")
    button.click()
    expect(button).to_have_text("count is 6")


def test_nbconvert_html_loads_widgets_from_the_cdn(
    tmp_path: Path, cdn: str, cdn_server: Cdn, page: Page
) -> None:
    notebook = saved_notebook(tmp_path / "saved.ipynb")
    subprocess.run(
        [
            sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", str(notebook),
            f"--HTMLExporter.jupyter_widgets_base_url={cdn}",
            f"--HTMLExporter.require_js_url={cdn}requirejs@2/require.js",
        ],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    html_path = tmp_path / "saved.html"
    # The page author points html-manager at the CDN, as they would at a mirror.
    pointer = f'<script data-jupyter-widgets-cdn="{cdn}" data-jupyter-widgets-cdn-only></script>'
    html_path.write_text(html_path.read_text().replace("<head>", f"<head>\n{pointer}", 1))
    refused = only(page, ("file:", cdn))
    page.goto(html_path.as_uri())
    expect_widgets(page)
    # anywidget came from the packed package, by the range the kernel saved, exactly (URL-encoded).
    saved_range = quote(MODULE_VERSION_RANGE, safe="~*")
    assert f"/anywidget@{saved_range}/dist/index.js" in cdn_server.requested
    # Only MathJax (a CDN nbconvert's template names) was refused; no widget needed it.
    assert all("mathjax" in url.lower() for url in refused), refused


def test_offline_file_renders_from_disk_with_the_network_cut(tmp_path: Path, page: Page) -> None:
    notebook = saved_notebook(tmp_path / "saved.ipynb")
    # In process: the command line around it has its own unit tests. Trusted: it is our own.
    export_notebook(notebook, tmp_path / "o.html", trust=True)
    refused = only(page, ("file:",))
    page.goto((tmp_path / "o.html").as_uri())
    expect_widgets(page)
    assert page.evaluate("window.broken") is None
    assert refused == []


def test_live_widgets_to_html_and_embed_minimal_html(tmp_path: Path, cdn: str, page: Page) -> None:
    counter, slider = Counter(), ipywidgets.IntSlider(value=3)
    to_html([counter, slider], tmp_path / "offline.html")
    refused = only(page, ("file:",))
    page.goto((tmp_path / "offline.html").as_uri())
    expect_widgets(page)
    assert refused == []

    # ipywidgets' own embedding fetches html-manager and anywidget from jsDelivr: the local CDN
    # answers in its place. Its RequireJS tag pins cdnjs' exact file by hash, so the page gets
    # ours instead, as the snippet's own comment invites ("Delete this if your page already
    # loads require.js").
    embed_minimal_html(tmp_path / "minimal.html", views=[counter, slider], drop_defaults=False)
    minimal = tmp_path / "minimal.html"
    text, pinned = re.subn(
        r'<script src="https://cdnjs[^"]*/require[^"]*"[^>]*></script>',
        f'<script src="{cdn}requirejs@2/require.js"></script>',
        minimal.read_text(),
    )
    assert pinned == 1
    minimal.write_text(text)
    online = page.context.new_page()
    refused = only(online, ("file:", cdn))
    online.route("https://cdn.jsdelivr.net/npm/**", partial(_redirect, cdn=cdn))
    online.goto((tmp_path / "minimal.html").as_uri())
    expect_widgets(online)
    assert refused == []


def _redirect(route: Route, cdn: str) -> None:
    """Answer a request for jsDelivr from the local CDN."""
    path = route.request.url.removeprefix("https://cdn.jsdelivr.net/npm/")
    route.fulfill(response=route.fetch(url=cdn + path))


class Importer(anywidget.AnyWidget):
    _esm = """
    import confetti from "https://cdn.example.invalid/confetti.js";
    export default { render({ el }) { el.textContent = "imported"; confetti(); } };
    """


def test_offline_module_importing_a_url_still_fetches_it_and_shows_the_failure(
    tmp_path: Path, page: Page
) -> None:
    to_html(Importer(), tmp_path / "importer.html")
    refused = only(page, ("file:",))
    page.goto((tmp_path / "importer.html").as_uri())
    # The widget's place shows the load failure and names the import that could not be fetched.
    error = page.locator(".anywidget-error[data-step=load]")
    expect(error).to_contain_text("Importer: widget code failed to load")
    expect(error).to_contain_text("https://cdn.example.invalid/confetti.js")
    assert refused == ["https://cdn.example.invalid/confetti.js"]


@pytest.mark.parametrize("frontend", ["lab"], indirect=True)
def test_jupyter_offers_the_offline_export(jupyter_server: JupyterServer) -> None:
    # JupyterLab's File → Save and Export Notebook As menu lists these formats.
    formats = jupyter_server.api("GET", "api/nbconvert")
    assert formats["anywidget_offline"]["output_mimetype"] == "text/html"
