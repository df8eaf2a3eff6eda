"""Benchmarks, run by one command: `python bench/run.py [--ours PYTHON] [--against PYTHON] [--quick]`.

Each scenario is measured for this installation and, with `--against`, for another installation of an
anywidget-compatible package (e.g. the published one: `bash bench/published-env.sh` prints its python),
in the same run; results go to bench/results/ as JSON and a markdown table with ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.lab import lab_server  # noqa: E402
from bench.scenarios import Counts, Installation, scenarios  # noqa: E402
from harness.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

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


def measure(
    browser: Browser,
    installs: dict[str, str],
    workdir: Path,
    counts: Counts,
    only: list[str] | None = None,
) -> dict[str, dict[str, object]]:
    """Every scenario for every installation, scenario by scenario (alternating which installation
    goes first), so a change in background load hits both alike rather than one whole column."""
    rows: dict[str, dict[str, object]] = {label: {} for label in installs}
    details: dict[str, dict[str, object]] = {label: {} for label in installs}
    named = scenarios(browser, counts)
    unknown = sorted(set(only or []) - set(named))
    if unknown:
        raise SystemExit(f"unknown scenarios {unknown}; known: {', '.join(named)}")
    chosen = [scenario for name, scenario in named.items() if only is None or name in only]
    with contextlib.ExitStack() as stack:
        at = {
            label: Installation(
                python,
                workdir / label,
                stack.enter_context(lab_server(python, workdir / label / "lab")),
                details[label],
            )
            for label, python in installs.items()
        }
        for number, scenario in enumerate(chosen):
            order = list(installs) if number % 2 == 0 else list(reversed(installs))
            for label in order:
                rows[label].update(scenario(at[label]))
    return {
        label: {
            "python": python,
            "anywidget": version_of(python),
            "rows": rows[label],
            **details[label],
        }
        for label, python in installs.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--ours",
        default=sys.executable,
        help="python of this checkout's installation (default: this one; bench/ours-env.sh makes "
        "a bare one, as bench/published-env.sh does for the published package)",
    )
    parser.add_argument(
        "--against", help="python of another anywidget installation to compare with"
    )
    parser.add_argument("--quick", action="store_true", help="a smoke-sized run")
    parser.add_argument(
        "--only",
        help="comma-separated scenario names to run (default all), e.g. first_paint,many_large",
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"), help="results folder")
    args = parser.parse_args()

    only = None if args.only is None else [name.strip() for name in args.only.split(",")]
    installs = {"ours": args.ours}
    if args.against:
        installs["against"] = args.against
    with sync_playwright() as driver, tempfile.TemporaryDirectory(prefix="anywidget-bench-") as tmp:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            results = measure(browser, installs, Path(tmp), Counts.of(args.quick), only)
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
