"""A JupyterLab server of one installation and notebooks opened in it, for the page-measured scenarios.

Owns the server's benchmark settings (no autosave, widget state saved with the notebook, optional
jupyter_server config), the page-side helpers every scenario uses (`window.__bench`), and waiting
on the page: a MutationObserver that stamps when N new elements matching a selector are painted.
"""

from __future__ import annotations

import contextlib
import json
import warnings
import weakref
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Error as PlaywrightError

from harness.notebook_page import WIDGET_VIEW_MIME, NotebookPage
from harness.notebooks import write_notebook
from harness.servers import JupyterServer

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, WebSocket

_SETTINGS: dict[str, dict[str, object]] = {
    # A 100-widget notebook with state is large: save it only when the benchmark says so.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyter-widgets/jupyterlab-manager/plugin": {"saveState": True},
}

# Installed once per page. `model(path, id)` finds any widget's Backbone model through the
# notebook's widget manager, which the ipywidgets renderer factory holds (private `_manager`);
# widget code of the benchmarked installations registers its own `model` in `models`.
_HELPERS = """
(mime) => {
const panelFor = (path) => {
  for (const w of window.jupyterapp.shell.widgets('main')) {
    if (w && w.context && w.context.path === path && w.content && w.content.model) return w;
  }
  throw new Error(`no notebook panel for ${path}`);
};
const manager = async (path) => {
  const renderer = panelFor(path).content.rendermime.getFactory(mime).createRenderer({ mimeType: mime });
  try { return await renderer._manager.promise; } finally { renderer.dispose(); }
};
window.__bench = {
  models: {},
  panelFor,
  model: async (path, id) => (await manager(path)).get_model(id),
  kernel: (path) => panelFor(path).sessionContext.session.kernel,
  paint: null,
};
}
"""

_WATCH = """
(a) => {
  const state = { start: performance.now(), seen: 0, inDom: null, at: null };
  const seen = new Set();
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        const found = [...node.querySelectorAll(a.selector)];
        if (node.matches(a.selector)) found.push(node);
        for (const el of found) seen.add(el);
      }
    }
    state.seen = seen.size;
    if (seen.size >= a.count && state.inDom === null) {
      observer.disconnect();
      state.inDom = performance.now();
      // The frame after the insertion is the first one that can show it.
      requestAnimationFrame(() => { state.at = performance.now(); });
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  window.__bench.paint = state;
}
"""


def write_settings(workdir: Path, config: dict[str, Any] | None = None) -> None:
    """Lab settings (and jupyter_server `config`) into the dirs JupyterServer points Jupyter at."""
    for plugin_id, values in _SETTINGS.items():
        package, plugin = plugin_id.rsplit("/", 1)
        target = workdir / "lab-settings" / package / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    if config:
        target = workdir / "config" / "jupyter_server_config.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(config))


@contextlib.contextmanager
def lab_server(
    python: str,
    workdir: Path,
    config: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[JupyterServer]:
    """A running JupyterLab (server, kernels and front end) of the installation at `python`."""
    write_settings(workdir, config)
    with JupyterServer("lab", workdir=workdir, python=python, env=env) as server:
        yield server


@contextlib.contextmanager
def notebook(
    browser: Browser, server: JupyterServer, name: str, timeout: float = 120.0
) -> Iterator[NotebookPage]:
    """A fresh notebook `name` open in its own browser context, kernel idle, helpers installed."""
    write_notebook(server.root_dir / name)
    server.forget_workspaces()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = NotebookPage(context.new_page(), server, server.workdir, timeout=timeout)
        _received[page] = counter = SocketBytes()
        page.page.on("websocket", counter.follow)
        page.open(name)
        page.page.evaluate(_HELPERS, WIDGET_VIEW_MIME)
        yield page
    finally:
        context.close()
        try:
            server.shutdown_sessions_for(name)
        except OSError as exc:
            warnings.warn(f"could not shut down the kernel of {name}: {exc}", stacklevel=1)


class SocketBytes:
    """Bytes the page has received over its websockets (the kernel's, in a notebook page): all
    of them, and those of frames holding `marker` (set it to a text only a module holds)."""

    def __init__(self) -> None:
        self.received = 0
        self.marked = 0
        self.marker = b""

    def follow(self, socket: WebSocket) -> None:
        socket.on("framereceived", self._count)

    def _count(self, payload: str | bytes) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        self.received += len(data)
        if self.marker and self.marker in data:
            self.marked += len(data)


_received: weakref.WeakKeyDictionary[NotebookPage, SocketBytes] = weakref.WeakKeyDictionary()


def socket_bytes(page: NotebookPage) -> SocketBytes:
    """What the page has received over its websockets since `notebook()` opened it."""
    return _received[page]


def watch_paint(page: NotebookPage, selector: str, count: int = 1) -> None:
    """From now on, stamp when `count` new elements matching `selector` have been painted."""
    page.page.evaluate(_WATCH, {"selector": selector, "count": count})


def painted_ms(page: NotebookPage, timeout: float) -> float:
    """Milliseconds from `watch_paint` to the first frame showing all the elements it waits for."""
    page.page.wait_for_function(
        "() => window.__bench.paint.at !== null", timeout=timeout * 1000, polling=20
    )
    return float(page.page.evaluate("() => window.__bench.paint.at - window.__bench.paint.start"))


def wait_connected(page: NotebookPage, timeout: float) -> bool:
    """Wait (bounded) until the notebook's kernel websocket is connected and idle; say if it is."""
    try:
        page.page.wait_for_function(
            "(path) => { const k = window.__bench.kernel(path);"
            " return k.connectionStatus === 'connected' && k.status === 'idle'; }",
            arg=page.path,
            timeout=timeout * 1000,
            polling=100,
        )
    except PlaywrightError:
        return False
    return True


def median(samples: list[float]) -> float:
    """Median, rounded for the table."""
    ordered = sorted(samples)
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round(value, 1)


def p95(samples: list[float]) -> float:
    """95th percentile by nearest rank, rounded for the table."""
    ordered = sorted(samples)
    rank = max(1, -(-95 * len(ordered) // 100))
    return round(ordered[rank - 1], 1)
