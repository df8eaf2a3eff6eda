"""Benchmarks, run by one command: `python bench/run.py [--against PYTHON] [--quick]`.

Each scenario is measured for this installation and, with `--against`, for another installation of an
anywidget-compatible package (e.g. the published one: `bash bench/published-env.sh` prints its python),
in the same run; results go to bench/results/ as JSON and a markdown table with ratios.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    binary_throughput,
    first_paint,
    hot_reload,
    import_cost,
    kernel_lifecycle,
    lifecycle_cost,
    many_large,
    round_trip,
)
from bench.lab import lab_server  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def version_of(python: str) -> str:
    # Outside the repository, so the installation is imported, not this checkout's sources.
    out = subprocess.run(
        [python, "-c", "import anywidget; print(anywidget.__version__)"],
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return out.stdout.strip()


class Counts(NamedTuple):
    """How much each scenario does: a full run's counts, or smoke-sized ones."""

    saves: int  # hot reload: file saves
    imports: int  # fresh interpreters per import timing
    widgets: int  # widgets created and closed, with and without a kernel
    paints: int  # first-paint trials
    instances: int  # large-module widgets in one cell
    trips: int  # round trips per kind and server
    down_mb: list[int]  # Python -> JS sizes
    up_mb: list[int]  # JS -> Python sizes
    repeats: int  # of each Python -> JS size

    @classmethod
    def of(cls, quick: bool) -> Counts:
        if quick:
            return cls(3, 2, 20, 2, 2, 5, [1], [1], 1)
        return cls(20, 10, 1000, 20, 100, 200, [1, 10, 50], [5, 50], 3)


def measure(browser: Browser, python: str, workdir: Path, counts: Counts) -> dict[str, object]:
    """Every scenario for the installation at `python`, rows in the issue's scenario order."""
    hot = hot_reload.measure(browser, python, counts.saves, workdir / "hot")
    with lab_server(python, workdir / "lab") as server:
        paint = first_paint.measure(browser, server, counts.paints)
        many = many_large.measure(browser, server, counts.instances, 1_000_000)
        binary = binary_throughput.measure(
            browser, server, counts.down_mb, counts.up_mb, counts.repeats
        )
        in_kernel = kernel_lifecycle.measure(browser, server, counts.widgets)
        trips = round_trip.measure(browser, python, workdir, counts.trips, stock=server)
    return {
        "python": python,
        "anywidget": version_of(python),
        "rows": {
            **paint,
            **many,
            **trips,
            **binary,
            **in_kernel,
            **lifecycle_cost.measure(python, counts.widgets),
            **import_cost.measure(python, counts.imports),
            f"file saved -> re-rendered, median of {counts.saves} (ms)": hot["median_ms"],
        },
        "hot_reload": hot,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--against", help="python of another anywidget installation to compare with"
    )
    parser.add_argument("--quick", action="store_true", help="a smoke-sized run")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"), help="results folder")
    args = parser.parse_args()

    counts = Counts.of(args.quick)
    installs = {"ours": sys.executable}
    if args.against:
        installs["against"] = args.against
    results: dict[str, dict[str, object]] = {}
    with sync_playwright() as driver, tempfile.TemporaryDirectory(prefix="anywidget-bench-") as tmp:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for label, python in installs.items():
                results[label] = measure(browser, python, Path(tmp) / label, counts)
        finally:
            browser.close()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2))
    table = render_table(results)
    (out / "results.md").write_text(table)
    print(table)
    return 0


def _ratio(ours: object, theirs: object) -> str:
    # Figures that say what happened (e.g. "websocket closed") have no ratio.
    numbers = (int, float)
    if isinstance(ours, numbers) and isinstance(theirs, numbers) and theirs:
        return f"{ours / theirs:.2f}"
    return "-"


def render_table(results: dict[str, dict[str, object]]) -> str:
    """One row per figure: ours, and with --against, theirs and the ratio."""
    ours, other = results["ours"], results.get("against")
    head = f"| figure | ours ({ours['anywidget']}) |"
    rule = "|---|---|"
    if other:
        head += f" against ({other['anywidget']}) | ours / against |"
        rule += "---|---|"
    lines = [head, rule]
    ours_rows = ours["rows"]
    assert isinstance(ours_rows, dict)
    for name, value in ours_rows.items():
        line = f"| {name} | {value} |"
        if other:
            theirs = other["rows"]
            assert isinstance(theirs, dict)
            other_value = theirs.get(name, "not measured")
            line += f" {other_value} | {_ratio(value, other_value)} |"
        lines.append(line)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
