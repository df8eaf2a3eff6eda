"""Scenario: what an installation costs before any widget is shown.

`import anywidget` in a fresh interpreter (median of 10) beside `import ipywidgets` (which it needs
anyway) as the same-run reference, and the bytes of JavaScript the lab extension ships.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
from pathlib import Path

_TIMER = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def _import_ms(python: str, module: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [python, "-c", _TIMER.format(module=module)],
            cwd=tempfile.gettempdir(),  # import the installation, not a checkout
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        samples.append(float(out.stdout) * 1000)
    return statistics.median(samples)


def _labextension_bytes(python: str) -> int:
    out = subprocess.run(
        [python, "-c", "import sys; print(sys.prefix)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    package = Path(out.stdout.strip()) / "share/jupyter/labextensions/anywidget/package.json"
    static = package.parent / "static"
    meta = json.loads(package.read_text())
    assert "_build" in meta["jupyterlab"], f"{package} is not a built extension"
    return sum(f.stat().st_size for f in static.rglob("*.js"))


def measure(python: str, runs: int) -> dict[str, float]:
    return {
        "import anywidget, fresh interpreter, median (ms)": round(
            _import_ms(python, "anywidget", runs), 1
        ),
        "import ipywidgets (reference), median (ms)": round(
            _import_ms(python, "ipywidgets", runs), 1
        ),
        "JS shipped by the lab extension (KiB)": round(_labextension_bytes(python) / 1024, 1),
    }
