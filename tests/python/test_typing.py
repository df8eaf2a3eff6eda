"""What type checkers see of the experimental decorators (mypy run on a small module)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]

SNIPPET = """
from anywidget import experimental


@experimental.dataclass(esm="export default {}", order=True)
class Counter:
    value: int = 0
    label: str = ""


Counter(value=1, label="a") < Counter(2)
reveal_type(Counter)
Counter(unknown=1)
"""


def test_experimental_dataclass_keeps_the_dataclass_signature(tmp_path):
    module = tmp_path / "uses_dataclass.py"
    module.write_text(SNIPPET)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent", module.name],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MYPYPATH": str(ROOT)},
        cwd=tmp_path,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith(module.name)]
    assert len(lines) == 2, result.stdout + result.stderr
    assert 'Revealed type is "def (value: int =, label: str =)' in lines[0]
    assert 'Unexpected keyword argument "unknown"' in lines[1]
