"""Scenario: a working day in JupyterLab, as leak counts, burst times, stalls and memory.

Churn: N widgets per kind (our `AnyWidget` with a file-backed `_esm`, an `experimental.dataclass`
object, and `ipywidgets.IntSlider` as the reference) displayed 100 to a round by one cell, painted,
then closed (objects: dropped) when the cell runs again, which also clears its output; the last round
is closed and cleared by a final run showing none. After a warm-up round of each kind, what the
kernel and the page hold is counted before and after each kind's loop (harness/reliability.py):
the rows are what is left over. Bursts: M updates from Python in a tight loop and M `model.set` +
`save_changes()` from widget code, for a burst widget and an IntSlider: time until the other side
has the last value (or that it never came), how many values it saw and whether in order, the
page's longest gap between tasks and longest task, JS heap and kernel RSS before and after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.lab import notebook
from harness.reliability import (
    BURST_SETUP,
    Churn,
    burst_from_page,
    burst_from_python,
    heap_mib,
    kernel_counts,
    kernel_rss_mib,
    leaks,
    page_counts,
    prepare,
    settle_page,
    show_burst_widgets,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from harness.notebook_page import NotebookPage
    from harness.servers import JupyterServer

_KINDS = {
    "widget": "AnyWidgets",
    "experimental": "experimental.dataclass objects",
    "IntSlider": "IntSliders (reference)",
}
_LEFT = {
    "comms": "kernel comms",
    "instances": "ipywidgets instances",
    "threads": "kernel threads",
    "modules": "module-store entries",
    "connections": "experimental connections",
    "watchers": "file watchers",
    "models": "page widget models",
    "styles": "page <style>/<link> elements",
    "blobs": "page blob URLs not revoked",
}
_OURS_ONLY = {"modules", "connections", "watchers"}
_PER_ROUND = 100


def _churn(page: NotebookPage, count: int) -> dict[str, object]:
    rows: dict[str, object] = {}
    churn = Churn(page)
    for kind in _KINDS:
        churn.run(kind, rounds=1, per_round=2, timeout=300)
    cdp = page.page.context.new_cdp_session(page.page)
    heap_before, rss_before = heap_mib(cdp), kernel_counts(page)["rss_mib"]
    per_round = min(count, _PER_ROUND)
    for kind, label in _KINDS.items():
        kernel_before, page_before = kernel_counts(page), page_counts(page)
        seconds = churn.run(
            kind, rounds=max(count // per_round, 1), per_round=per_round, timeout=300
        )
        settle_page(page, page_before["models"], timeout=60)
        left = {
            **leaks(kernel_before, kernel_counts(page)),
            **leaks(page_before, page_counts(page)),
        }
        title = f"churn, {count} {label} shown, painted, closed"
        rows[f"{title}: time (s)"] = round(seconds, 1)
        for key, what in _LEFT.items():
            # Our internals (module store, connections, watchers) exist in our package only.
            if key in left and not (kind == "IntSlider" and key in _OURS_ONLY):
                rows[f"{title}: {what} left"] = left[key]
    rows["churn: JS heap before -> after (MiB)"] = f"{heap_before} -> {heap_mib(cdp)}"
    rss_after = kernel_counts(page)["rss_mib"]
    rows["churn: kernel RSS before -> after (MiB)"] = f"{rss_before} -> {rss_after}"
    return rows


def _yes(flag: object) -> str:
    return "yes" if flag else "no"


def _bursts(page: NotebookPage, updates: int) -> dict[str, object]:
    rows: dict[str, object] = {}
    page.run(BURST_SETUP)
    show_burst_widgets(page, "lambda key: BurstWidget(key=key)", ["down", "up"])
    show_burst_widgets(
        page, "lambda key: ipywidgets.IntSlider(max=10**9)", ["slider_down", "slider_up"]
    )
    cdp = page.page.context.new_cdp_session(page.page)
    heap_before, rss_before = heap_mib(cdp), kernel_rss_mib(page)
    for label, down_key, up_key in (
        ("widget", "down", "up"),
        ("IntSlider (reference)", "slider_down", "slider_up"),
    ):
        down = burst_from_python(page, down_key, updates, timeout=60)
        title = f"burst, {updates} Python -> page updates, {label}"
        rows[f"{title}: page has the last (ms)"] = (
            down["ms"] if down["arrived"] else f"never (last seen {down['last']})"
        )
        rows[f"{title}: cell shown as finished"] = _yes(down["finished"])
        rows[f"{title}: values the page saw"] = down["seen"]
        rows[f"{title}: in order"] = _yes(down["ordered"])
        rows[f"{title}: longest gap between page tasks (ms)"] = down["longest_gap_ms"]
        rows[f"{title}: longest page task (ms)"] = down["longest_task_ms"]
        up = burst_from_page(page, up_key, updates, timeout=60)
        title = f"burst, {updates} page set + save_changes, {label}"
        rows[f"{title}: page loop (ms)"] = up["loop_ms"]
        rows[f"{title}: kernel has the last (ms)"] = (
            up["ms"] if up["arrived"] else f"never (last seen {up['last']})"
        )
        rows[f"{title}: values the kernel saw"] = up["seen"]
        rows[f"{title}: in order"] = _yes(up["ordered"])
        rows[f"{title}: longest gap between page tasks (ms)"] = up["longest_gap_ms"]
    rows["bursts: JS heap before -> after (MiB)"] = f"{heap_before} -> {heap_mib(cdp)}"
    rows["bursts: kernel RSS before -> after (MiB)"] = f"{rss_before} -> {kernel_rss_mib(page)}"
    return rows


def measure(
    browser: Browser, server: JupyterServer, churn_count: int, updates: int
) -> dict[str, object]:
    """Leftovers of `churn_count` widgets per kind churned, and bursts of `updates` each way."""
    with notebook(browser, server, "reliability.ipynb", timeout=600) as page:
        prepare(page)
        rows = _churn(page, churn_count)
        rows.update(_bursts(page, updates))
    return rows
