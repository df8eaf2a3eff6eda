"""Static HTML from an ipywidgets 7 kernel: nbconvert's page with ipywidgets 7's html-manager (0.20),
which loads this package's `dist/index.js` from a CDN, served here by a small local stand-in."""

from __future__ import annotations

import re
import subprocess
import textwrap
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from anywidget._wire.protocol import MODULE_VERSION_RANGE
from harness.legacy_envs import ROOT, Env, legacy_envs, npm_package

from .conftest import SELECTED_FRONTENDS

pytestmark = pytest.mark.skipif(
    "nbclassic" not in SELECTED_FRONTENDS,
    reason="the ipywidgets 7 tests run with nbclassic selected",
)

# Run by the ipywidgets 7.8 environment's Python: a notebook holding the state of a counter and a
# slider, as ipywidgets 7 itself embeds it, with one view of each.
SAVE_NOTEBOOK = '''
import sys
import anywidget, ipywidgets, nbformat, traitlets
from ipywidgets.embed import dependency_state, embed_data

class Counter(anywidget.AnyWidget):
    _esm = """
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
        el.appendChild(button);
      },
    };
    """
    _css = ".counter { color: rgb(255, 0, 0); }"
    value = traitlets.Int(5).tag(sync=True)

widgets = [Counter(), ipywidgets.IntSlider(value=3)]
data = embed_data(widgets, drop_defaults=False, state=dependency_state(widgets, drop_defaults=False))
nb = nbformat.v4.new_notebook(
    metadata={"widgets": {"application/vnd.jupyter.widget-state+json": data["manager_state"]}}
)
for spec in data["view_specs"]:
    view = {"application/vnd.jupyter.widget-view+json": spec, "text/plain": "widget"}
    nb.cells.append(nbformat.v4.new_code_cell("w", outputs=[nbformat.v4.new_output("display_data", data=view)]))
nbformat.write(nb, sys.argv[1])
print(ipywidgets._version.__html_manager_version__)
'''


class LocalCdn:
    """Serves `/<npm name>@<range>/<file>` from local package folders on 127.0.0.1, as jsDelivr
    serves npm, and records each request. Ranges are recorded, not resolved: the test checks them."""

    def __init__(self, packages: dict[str, Path]) -> None:
        self.requested: list[str] = []
        requested = self.requested

        class Handler(SimpleHTTPRequestHandler):
            def translate_path(self, path: str) -> str:
                match = re.fullmatch(
                    r"/((?:@[^/]+/)?[^/@]+)@([^/]+)/(.*)", unquote(path.split("?")[0])
                )
                if match is None or match.group(1) not in packages:
                    return "/nonexistent"
                return str(packages[match.group(1)] / match.group(3))

            def end_headers(self) -> None:
                self.send_header("Access-Control-Allow-Origin", "*")
                super().end_headers()

            def log_message(self, format: str, *args: object) -> None:
                requested.append(unquote(self.path))

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(ROOT)))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def __enter__(self) -> LocalCdn:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


@pytest.fixture(scope="module")
def legacy() -> Env:
    return legacy_envs()["7.8"]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def test_nbconvert_html_renders_with_ipywidgets_7_html_manager(
    legacy: Env, tmp_path: Path, page: Page
) -> None:
    notebook = tmp_path / "saved.ipynb"
    script = tmp_path / "save.py"
    script.write_text(textwrap.dedent(SAVE_NOTEBOOK))
    manager_range = subprocess.run(
        [legacy.python, str(script), str(notebook)],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout.strip()  # fmt: skip
    assert manager_range.startswith("^0.20")
    packages = {
        "anywidget": ROOT,  # package.json and the dist/index.js scripts/setup.sh built
        "@jupyter-widgets/html-manager": npm_package(
            "@jupyter-widgets/html-manager", manager_range
        ),
        "requirejs": ROOT / "node_modules" / "requirejs",
    }
    with LocalCdn(packages) as cdn:
        subprocess.run(
            [
                legacy.python, "-m", "jupyter", "nbconvert", "--to", "html", str(notebook),
                f"--HTMLExporter.jupyter_widgets_base_url={cdn.url}",
                f"--HTMLExporter.html_manager_semver_range={manager_range}",
                f"--HTMLExporter.require_js_url={cdn.url}requirejs@2/require.js",
            ],
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        html = tmp_path / "saved.html"
        # The page author points html-manager at the CDN stand-in, as they would at a mirror.
        pointer = f'<script data-jupyter-widgets-cdn="{cdn.url}"></script>'
        html.write_text(html.read_text().replace("<head>", f"<head>\n{pointer}", 1))
        refused: list[str] = []

        def only_local(route: Route) -> None:
            if route.request.url.startswith(("file:", cdn.url)):
                route.continue_()
            else:
                refused.append(route.request.url)
                route.abort()

        page.route("**/*", only_local)
        page.goto(html.as_uri())
        button = page.locator("button.counter")
        expect(button).to_have_text("count is 5", timeout=20_000)
        expect(button).to_have_css("color", "rgb(255, 0, 0)")
        expect(page.locator(".widget-readout")).to_have_text("3")
        button.click()
        expect(button).to_have_text("count is 6")
    assert f"/@jupyter-widgets/html-manager@{manager_range}/dist/embed-amd.js" in cdn.requested
    assert f"/anywidget@{MODULE_VERSION_RANGE}/dist/index.js" in cdn.requested
    # Nothing a widget needs came from elsewhere (nbconvert's template also names MathJax).
    assert not [url for url in refused if "widget" in url], refused
