"""anywidget in a real Pyodide (the npm package, under Node), installed offline from wheels: every
update leaves at once, both ways, for widgets and experimental objects, and no thread is tried."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .dist import PyodideFiles, prepare

HERE = Path(__file__).resolve().parent
RESULT_MARK = "ANYWIDGET-PYODIDE-RESULT "
UPDATES = list(range(1, 301))


@pytest.fixture(scope="module")
def pyodide_files(tmp_path_factory: pytest.TempPathFactory) -> PyodideFiles:
    return prepare(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def report(pyodide_files: PyodideFiles) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js 20+ is needed to run Pyodide", pytrace=False)
    files = pyodide_files
    wheels = [str(wheel) for wheel in (*files.dependencies, files.anywidget)]
    command = [
        node, str(HERE / "driver.mjs"), str(files.core), str(files.micropip),
        str(HERE / "scenario.py"), *wheels,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if result.returncode != 0 or len(lines) != 1:
        pytest.fail(
            f"Pyodide run failed ({result.returncode}):\n{result.stdout[-4000:]}\n"
            f"{result.stderr[-4000:]}",
            pytrace=False,
        )
    found: dict[str, Any] = json.loads(lines[0][len(RESULT_MARK) :])
    return found


def test_it_runs_in_pyodide_where_no_server_paces_updates(
    report: dict[str, Any], pyodide_files: PyodideFiles
) -> None:
    assert report["platform"] == "emscripten"
    assert pyodide_files.python.startswith("3.")
    assert not report["paced"]


def test_no_thread_is_ever_tried(report: dict[str, Any]) -> None:
    assert report["threads"] == []


def test_a_widget_sends_every_update_and_takes_the_pages(report: dict[str, Any]) -> None:
    widget = report["widget"]
    assert widget["opened"]
    assert widget["updates"] == UPDATES
    assert widget["from_page"] == 1000
    # `send` after the loop, then `close`: in the order called, nothing left behind.
    assert widget["after_loop"] == ["custom", "comm_close"]


@pytest.mark.parametrize("kind", ["dataclass", "descriptor"])
def test_an_experimental_object_sends_every_update_and_takes_the_pages(
    report: dict[str, Any], kind: str
) -> None:
    found = report[kind]
    assert found["updates"] == UPDATES
    assert found["from_page"] == {"dataclass": 2000, "descriptor": 3000}[kind]
    assert found["last"] == "comm_close"
    if kind == "descriptor":
        assert found["view"]


def test_a_widget_from_a_file_is_made_without_a_watcher(report: dict[str, Any]) -> None:
    from_file = report["from_file"]
    assert from_file["esm"]
    assert from_file["opened"]
    # Hot reload was asked for: the user is told why there is none (watchfiles cannot run here).
    assert any("watchfiles is not installed" in w for w in from_file["warnings"])
