"""Which scenarios a benchmark run measures, in the issue's order, and how much each one does.

Each scenario is a function of one installation (its python, work dir and running JupyterLab)
returning table rows, so `run.py` can measure every installation scenario by scenario.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Callable, NamedTuple

from bench import (
    binary_throughput,
    first_paint,
    hot_reload,
    import_cost,
    kernel_lifecycle,
    lifecycle_cost,
    many_large,
    reliability,
    round_trip,
)

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

    from harness.servers import JupyterServer

Rows = Mapping[str, object]


class Counts(NamedTuple):
    """How much each scenario does: a full run's counts, or smoke-sized ones."""

    saves: int  # hot reload: file saves
    imports: int  # fresh interpreters per import timing
    widgets: int  # widgets created and closed, with and without a kernel
    paints: int  # first-paint trials
    instances: int  # large-module widgets in one cell
    huge_instances: int  # widgets of a 5 MB module in one cell
    trips: int  # round trips per kind and server
    down_mb: list[int]  # Python -> JS sizes
    up_mb: list[int]  # JS -> Python sizes
    repeats: int  # of each Python -> JS size
    churned: int = 1000  # widgets per kind shown and closed in the reliability scenario
    updates: int = 10_000  # updates per burst, each way

    @classmethod
    def of(cls, quick: bool) -> Counts:
        if quick:
            return cls(3, 2, 20, 2, 2, 2, 5, [1], [1], 1, churned=10, updates=200)
        return cls(20, 10, 1000, 20, 100, 20, 200, [1, 10, 50], [5, 50, 200], 3)


class Installation(NamedTuple):
    """One installation under test, as the scenarios see it."""

    python: str
    workdir: Path
    server: JupyterServer  # its JupyterLab, shared by the page-measured scenarios
    details: dict[str, object]  # results beyond the table rows (e.g. the hot-reload spread)


def scenarios(browser: Browser, counts: Counts) -> dict[str, Callable[[Installation], Rows]]:
    """The scenarios of one run by name, in the issue's order (1-6, then hot reload, then issue 17's)."""

    def hot(at: Installation) -> Rows:
        result = hot_reload.measure(browser, at.python, counts.saves, at.workdir / "hot")
        at.details["hot_reload"] = result
        return {f"file saved -> re-rendered, median of {counts.saves} (ms)": result["median_ms"]}

    return {
        "first_paint": lambda at: first_paint.measure(browser, at.server, counts.paints),
        "many_large": lambda at: many_large.measure(
            browser, at.server, counts.instances, 1_000_000
        ),
        "many_huge": lambda at: many_large.measure(
            browser, at.server, counts.huge_instances, 5_000_000
        ),
        "round_trip": lambda at: round_trip.measure(
            browser, at.python, at.workdir, counts.trips, as_installed=at.server
        ),
        "binary_throughput": lambda at: binary_throughput.measure(
            browser, at.server, counts.down_mb, counts.up_mb, counts.repeats
        ),
        "kernel_lifecycle": lambda at: kernel_lifecycle.measure(browser, at.server, counts.widgets),
        "lifecycle_cost": lambda at: lifecycle_cost.measure(at.python, counts.widgets),
        "import_cost": lambda at: import_cost.measure(at.python, counts.imports),
        "hot_reload": hot,
        "reliability": lambda at: reliability.measure(
            browser, at.server, counts.churned, counts.updates
        ),
    }
