"""The benchmark command works (smoke-sized); its numbers are not asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_benchmark_run_writes_json_and_a_table(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["ours"]["hot_reload"]["saves"] == 3
    assert results["ours"]["hot_reload"]["median_ms"] > 0
    assert results["ours"]["rows"]["JS shipped by the lab extension (KiB)"] > 0
    table = (tmp_path / "results.md").read_text()
    for scenario in (
        "display(w) -> node connected",
        "all painted",
        "round trip",
        "Python -> JS",
        "JS -> Python",
        "live kernel",
        "file saved -> re-rendered",
    ):
        assert scenario in table
