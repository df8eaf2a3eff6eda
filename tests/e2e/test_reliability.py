"""A working day in JupyterLab: widgets churned by the hundred leave nothing behind; bursts of
10,000 updates each way arrive whole, in order, and leave memory where it was.

The counts are the issue's (1,000 per kind churned, 10,000 updates each way), as in the bench
(`bench/reliability.py`), which adds timings and the IntSlider reference. "Displayed and closed"
here: shown in a cell's output and painted, then closed from Python (experimental objects: the
last reference dropped) when the cell runs again, which also clears that output, as a user
re-running a cell does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

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
    from harness.notebook_page import NotebookPage

ROUNDS, PER_ROUND = 10, 100
UPDATES = 10_000


@pytest.mark.parametrize("frontend", ["lab"], indirect=True)
def test_churned_widgets_and_dropped_objects_leave_nothing_in_kernel_or_page(
    notebook: NotebookPage,
) -> None:
    prepare(notebook)
    churn = Churn(notebook)
    for kind in ("widget", "experimental"):
        churn.run(kind, rounds=1, per_round=2)  # warm-up: classes, module models, subshell
    cdp = notebook.page.context.new_cdp_session(notebook.page)
    kernel_before, page_before = kernel_counts(notebook), page_counts(notebook)
    heap_before = heap_mib(cdp)
    for kind in ("widget", "experimental"):
        churn.run(kind, rounds=ROUNDS, per_round=PER_ROUND)
    assert settle_page(notebook, page_before["models"], timeout=30)
    kernel_after, page_after = kernel_counts(notebook), page_counts(notebook)
    # JupyterLab keeps a few KiB per output shown (its notebook model's history); closed models,
    # views and their elements are let go (about 15 KiB a widget when they were not).
    per_widget_kib = (heap_mib(cdp) - heap_before) * 1024 / (2 * ROUNDS * PER_ROUND)
    print(f"JS heap kept per churned widget: {per_widget_kib:.1f} KiB")
    assert per_widget_kib < 11
    assert leaks(kernel_before, kernel_after) == {
        key: 0 for key in leaks(kernel_before, kernel_before)
    }
    assert page_after == page_before
    assert page_before["blobs"] == 0


@pytest.mark.parametrize("frontend", ["lab"], indirect=True)
def test_bursts_of_updates_both_ways_arrive_in_order_ending_on_the_last_value(
    notebook: NotebookPage,
) -> None:
    notebook.run(BURST_SETUP)
    show_burst_widgets(notebook, "lambda key: BurstWidget(key=key)", ["down", "up"])
    cdp = notebook.page.context.new_cdp_session(notebook.page)
    heap_before, rss_before = heap_mib(cdp), kernel_rss_mib(notebook)

    down = burst_from_python(notebook, "down", UPDATES, timeout=120)
    assert down["finished"], down
    assert down["arrived"], down
    assert down["ordered"], down
    assert down["last"] == UPDATES

    up = burst_from_page(notebook, "up", UPDATES, timeout=120)
    assert up["arrived"], up
    assert up["ordered"], up
    assert up["last"] == UPDATES
    # The page's own model ends on its last value too (the kernel's echoes do not move it back).
    assert notebook.page.evaluate("() => window.__bursts.up.seen.at(-1)") == UPDATES

    # Nothing of the bursts stays: JS heap and kernel RSS back within generous bounds.
    assert heap_mib(cdp) < heap_before + 20
    assert kernel_rss_mib(notebook) < rss_before + 30
