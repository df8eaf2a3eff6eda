"""Churn and burst probes on an open JupyterLab notebook, shared by the e2e tests and bench/reliability.py.

Churn: widgets displayed in a cell's output, rendered, then closed (or, for experimental objects, their
last reference dropped) when the cell runs again, which also clears its output; what the kernel (comms,
threads, ipywidgets instances, our module store, file watchers) and the page (widget models, style
elements, unrevoked blob URLs) hold is counted before and after. Bursts: many updates of one value from
Python, and `model.set` + `model.save_changes()` from widget code, with the values the other side saw,
the page's longest main-thread stall, JS heap and kernel RSS.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Error as PlaywrightError

from .notebook_page import WIDGET_VIEW_MIME, NotebookError

if TYPE_CHECKING:
    from playwright.sync_api import CDPSession

    from .notebook_page import NotebookPage

# Defined in the kernel once: the probe, the widget kinds churned, and the churn round itself.
KERNEL_SETUP = r"""
import gc, json, pathlib, threading
import anywidget, comm, ipywidgets, traitlets
from ipywidgets.widgets.widget import _instances

_VIEW = "export default { render({ model, el }) { el.innerHTML = `<span class='churn-view'>${model.get('value')}</span>`; } };"
pathlib.Path("churn_widget.js").write_text(_VIEW)

class ChurnWidget(anywidget.AnyWidget):
    _esm = pathlib.Path("churn_widget.js").absolute()  # a file: hot reload watches it
    _css = ".churn-view { color: teal }"
    value = traitlets.Int(0).tag(sync=True)

@anywidget.experimental.dataclass(esm=_VIEW, css=".churn-view { color: purple }")
class ChurnPoint:
    value: int = 0

CHURN_KINDS = {
    "widget": ChurnWidget,
    "experimental": ChurnPoint,
    "IntSlider": lambda value: ipywidgets.IntSlider(value=value),
}
churn_batch, churn_kind, churn_count = [], "widget", 0

def churn_round():
    # Closes the previous round (experimental objects are dropped), then shows a new one.
    for shown in churn_batch:
        if hasattr(shown, "close"):
            shown.close()
    churn_batch.clear()
    gc.collect()
    make = CHURN_KINDS[churn_kind]
    for value in range(churn_count):
        shown = make(value=value)
        display(shown)
        churn_batch.append(shown)
    del shown

def _rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return -1.0

def reliability_probe():
    gc.collect()
    # Watchers and timers end within a bounded wait once nothing needs them.
    for thread in threading.enumerate():
        if thread.name.startswith("anywidget"):
            thread.join(timeout=5)
    counts = {
        "comms": len(comm.get_comm_manager().comms),
        "threads": threading.active_count(),
        "instances": len(_instances),
        "rss_mib": round(_rss_mib(), 1),
    }
    try:
        from anywidget._core import modules as _modules
        from anywidget._objects import descriptor as _descriptor
        from anywidget._sources import live as _live
    except ImportError:  # another anywidget: its internals are not ours to count
        return json.dumps(counts)
    counts["modules"] = len(_modules.store.open_models())
    counts["connections"] = len(_descriptor._connections)
    counts["watchers"] = sum(1 for f in _live._files.values() if f.thread and f.thread.is_alive())
    return json.dumps(counts)
"""

# Wraps URL.createObjectURL/revokeObjectURL (called through the global at use) to track live blob URLs.
_TRACK_BLOBS = """() => {
  if (window.__blobs) return;
  const live = (window.__blobs = new Set());
  const create = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (object) => { const url = create(object); live.add(url); return url; };
  URL.revokeObjectURL = (url) => { live.delete(url); revoke(url); };
}"""

# The notebook's widget manager is held (privately) by the ipywidgets renderer factory.
_MANAGER = """
const managerOf = async (path) => {
  for (const w of window.jupyterapp.shell.widgets('main')) {
    if (!(w && w.context && w.context.path === path && w.content && w.content.rendermime)) continue;
    const renderer = w.content.rendermime.getFactory(a.mime).createRenderer({ mimeType: a.mime });
    try { return await renderer._manager.promise; } finally { renderer.dispose(); }
  }
  throw new Error(`no notebook panel for ${path}`);
};
"""

_PAGE_COUNTS = (
    "async (a) => {"
    + _MANAGER
    + """
  const manager = await managerOf(a.path);
  return {
    models: Object.keys(manager._models).length,
    styles: document.querySelectorAll('style, link[rel="stylesheet"]').length,
    blobs: window.__blobs ? window.__blobs.size : -1,
  };
}"""
)

# A setTimeout chain measures the longest gap between tasks; longtask entries the longest task.
_STALLS = """() => {
  if (window.__stalls) window.__stalls.stop();
  const state = { gap: 0, task: 0, last: performance.now(), on: true };
  const tick = () => {
    const now = performance.now();
    state.gap = Math.max(state.gap, now - state.last);
    state.last = now;
    if (state.on) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.task = Math.max(state.task, entry.duration);
  });
  observer.observe({ type: 'longtask' });
  state.stop = () => { state.on = false; observer.disconnect(); };
  window.__stalls = state;
}"""

# Widget code of a burst widget: records the values it sees, and sets them in a loop on request.
BURST_ESM = """
export default {
  render({ model, el }) {
    const record = ((window.__bursts ??= {})[model.get("key")] = { seen: [] });
    model.on("change:value", () => record.seen.push(model.get("value")));
    record.pump = (count) => {
      for (let i = 1; i <= count; i += 1) { model.set("value", i); model.save_changes(); }
    };
    el.innerHTML = `<span class="burst-view">${model.get("key")}</span>`;
  },
};
"""

BURST_SETUP = (
    """
import json
import anywidget, traitlets, ipywidgets

class BurstWidget(anywidget.AnyWidget):
    _esm = '''"""
    + BURST_ESM
    + """'''
    value = traitlets.Int(0).tag(sync=True)
    key = traitlets.Unicode().tag(sync=True)

burst_seen = {}

def burst_rss_mib():
    import gc
    gc.collect()
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return -1.0

def burst_widget(key, make):
    shown = make(key)
    burst_seen[key] = []
    shown.observe(lambda change: burst_seen[key].append(change["new"]), "value")
    display(shown)
    return shown
"""
)

# For widgets without our widget code (IntSlider): the same record, on the manager's model.
_ATTACH = (
    "async (a) => {"
    + _MANAGER
    + """
  const model = await (await managerOf(a.path)).get_model(a.id);
  const record = ((window.__bursts ??= {})[a.key] = { seen: [] });
  model.on('change:value', () => record.seen.push(model.get('value')));
  record.pump = (count) => {
    for (let i = 1; i <= count; i += 1) { model.set('value', i); model.save_changes(); }
  };
}"""
)


def prepare(page: NotebookPage) -> None:
    """Define the kernel side and start tracking blob URLs in the page."""
    page.page.evaluate(_TRACK_BLOBS)
    page.run(KERNEL_SETUP)


def kernel_counts(page: NotebookPage) -> dict[str, float]:
    """What the kernel holds now (after a collection)."""
    counts: dict[str, float] = json.loads(page.run_and_read("print(reliability_probe())"))
    return counts


def page_counts(page: NotebookPage) -> dict[str, int]:
    """What the page holds now: widget models, style elements, live blob URLs."""
    counts: dict[str, int] = page.page.evaluate(
        _PAGE_COUNTS, {"path": page.path, "mime": WIDGET_VIEW_MIME}
    )
    return counts


def settle_page(page: NotebookPage, models: int, timeout: float) -> bool:
    """Wait (bounded) until the page holds at most `models` widget models; say whether it does."""
    try:
        page.page.wait_for_function(
            "async (a) => (await (" + _PAGE_COUNTS + ")(a)).models <= a.models",
            arg={"path": page.path, "mime": WIDGET_VIEW_MIME, "models": models},
            timeout=timeout * 1000,
            polling=100,
        )
    except PlaywrightError:
        return False
    return True


class Churn:
    """Rounds of widgets displayed by one cell, each round closing the previous one's."""

    def __init__(self, page: NotebookPage) -> None:
        self.page = page
        self.cell: int | None = None

    def round(self, kind: str, count: int, timeout: float = 120.0) -> None:
        """Close the last round, clear the cell's output, show `count` new `kind` and wait for them painted."""
        self.page.run(f"churn_kind, churn_count = {kind!r}, {count}")
        if self.cell is None:
            self.cell = self.page.run("churn_round()", timeout=timeout)
        else:
            self.page.rerun(self.cell, timeout=timeout)
        selector = ".widget-slider" if kind == "IntSlider" else ".churn-view"
        self.page.page.wait_for_function(
            "(a) => document.querySelectorAll(a.selector).length >= a.count",
            arg={"selector": selector, "count": count},
            timeout=timeout * 1000,
            polling=50,
        )

    def run(self, kind: str, rounds: int, per_round: int, timeout: float = 120.0) -> float:
        """`rounds` rounds of `per_round`, then the last closed and cleared; seconds taken."""
        start = time.perf_counter()
        for _ in range(rounds):
            self.round(kind, per_round, timeout)
        self.round(kind, 0, timeout)
        return time.perf_counter() - start


def leaks(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    """What `after` holds beyond `before`, per count (RSS is not a count)."""
    return {
        key: after[key] - before[key]
        for key in before
        if key in after and key != "rss_mib" and isinstance(before[key], (int, float))
    }


def heap_mib(cdp: CDPSession) -> float:
    """The page's JS heap in use after a full collection, in MiB."""
    cdp.send("HeapProfiler.collectGarbage")
    used = cdp.send("Runtime.getHeapUsage")["usedSize"]
    return round(float(used) / 2**20, 2)


def show_burst_widgets(page: NotebookPage, make: str, keys: list[str], timeout: float = 60) -> None:
    """Display one burst widget per key (`make` builds one from a key) and wait for their records."""
    lines = [f"burst_{key} = burst_widget({key!r}, {make})" for key in keys]
    page.run("\n".join(lines))
    if make.startswith("lambda key: ipywidgets"):
        for key in keys:
            model_id = page.run_and_read(f"print(burst_{key}.model_id)")
            page.page.evaluate(
                _ATTACH,
                {"path": page.path, "mime": WIDGET_VIEW_MIME, "id": model_id, "key": key},
            )
    page.page.wait_for_function(
        "(keys) => keys.every((k) => window.__bursts && window.__bursts[k])",
        arg=keys,
        timeout=timeout * 1000,
    )


def kernel_rss_mib(page: NotebookPage) -> float:
    """The kernel's resident memory after a collection (needs BURST_SETUP), in MiB."""
    return round(float(page.run_and_read("print(burst_rss_mib())")), 1)


def _stalls(page: NotebookPage) -> dict[str, float]:
    found = page.page.evaluate(
        "() => { window.__stalls.stop(); return { gap: window.__stalls.gap, task: window.__stalls.task }; }"
    )
    return {"longest_gap_ms": round(found["gap"], 1), "longest_task_ms": round(found["task"], 1)}


def burst_from_python(page: NotebookPage, key: str, count: int, timeout: float) -> dict[str, Any]:
    """`count` updates from Python in a tight loop: what the page saw, how long, its longest stall."""
    page.page.evaluate(_STALLS)
    page.page.evaluate("() => { window.__burstStart = performance.now(); }")
    finished = True
    try:
        page.run(f"for i in range(1, {count + 1}):\n    burst_{key}.value = i", timeout=timeout)
    except NotebookError:
        # Seen with the published anywidget: the server's IOPub rate limit dropped the kernel's
        # idle status too, so the page never learns that the cell finished.
        finished = False
    arrived = True
    try:
        page.page.wait_for_function(
            "(a) => window.__bursts[a.key].seen.at(-1) === a.count",
            arg={"key": key, "count": count},
            timeout=timeout * 1000,
            polling=20,
        )
    except PlaywrightError:
        arrived = False
    elapsed = page.page.evaluate("() => performance.now() - window.__burstStart")
    seen: list[int] = page.page.evaluate("(k) => window.__bursts[k].seen", key)
    return {
        "finished": finished,
        "arrived": arrived,
        "ms": round(elapsed, 1),
        "seen": len(seen),
        "last": seen[-1] if seen else None,
        "ordered": all(a < b for a, b in zip(seen, seen[1:])),
        **_stalls(page),
    }


def burst_from_page(page: NotebookPage, key: str, count: int, timeout: float) -> dict[str, Any]:
    """`count` set + save_changes from the page in a loop: what the kernel saw, how long, stalls."""
    page.page.evaluate(_STALLS)
    loop_ms = page.page.evaluate(
        "(a) => { const start = performance.now(); window.__burstStart = start;"
        " window.__bursts[a.key].pump(a.count); return performance.now() - start; }",
        {"key": key, "count": count},
    )
    probe = f"print(json.dumps(burst_seen[{key!r}][-1:]))"
    deadline = time.monotonic() + timeout
    arrived = False
    for _ in range(int(timeout * 5) + 1):
        # The kernel handles comm messages between cells: each read is a fresh execution.
        if json.loads(page.run_and_read(probe)) == [count]:
            arrived = True
            break
        if time.monotonic() > deadline:
            break
    elapsed = page.page.evaluate("() => performance.now() - window.__burstStart")
    seen: list[int] = json.loads(page.run_and_read(f"print(json.dumps(burst_seen[{key!r}]))"))
    return {
        "arrived": arrived,
        "loop_ms": round(loop_ms, 1),
        "ms": round(elapsed, 1),
        "seen": len(seen),
        "last": seen[-1] if seen else None,
        "ordered": all(a < b for a, b in zip(seen, seen[1:])),
        **_stalls(page),
    }
