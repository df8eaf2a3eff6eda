"""The site's own Sphinx extensions (docs/_ext), in one small throwaway project built once."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXT = ROOT / "docs" / "_ext"
sys.path.insert(0, str(EXT))

import benchmark_charts  # noqa: E402

SNAPSHOT = {
    "ours": {
        "anywidget": "0.12.0",
        "rows": {"paint, median of 20 (ms): widget": 10.0, "paint (reference, ms)": 40.0},
    },
    "against": {
        "anywidget": "0.11.0",
        "rows": {"paint, median of 20 (ms): widget": 20.0, "paint (reference, ms)": 41.0},
    },
}

CONF = """
import pathlib
import sys

HERE = pathlib.Path(__file__).parent
sys.path[:0] = [str(HERE), {ext!r}]
extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "executed_examples", "benchmark_charts"]
nb_execution_mode = "off"

import benchmark_charts

benchmark_charts.SNAPSHOT = HERE / "results.json"
"""

BROKEN_MODULE = '''
def broken():
    """Divide.

    Examples
    --------
    >>> 1 / 0
    """
'''

PAGES = {
    "index.md": "# Index\n\n```{toctree}\nunrun\nallowed\nbroken_doc\npackage_doc\nbad_chart\ngood_chart\n```\n",
    "unrun.md": "# Unrun\n\n```python\nprint('never run')\n```\n",
    "allowed.md": "# Allowed\n\n```bash\npip install anywidget\n```\n\n```javascript\nlet a = 1;\n```\n",
    "broken_doc.md": "# Broken\n\n```{eval-rst}\n.. autofunction:: broken_module.broken\n```\n",
    "package_doc.md": "# Package\n\n```{eval-rst}\n.. autoclass:: anywidget.testing.FrontEnd\n```\n",
    "bad_chart.md": "# Bad\n\n```{benchmark-chart} Paint\n:unit: ms\nwidget = no such figure\n```\n",
    "good_chart.md": "# Good\n\n```{benchmark-chart} Paint\n:unit: ms\nwidget = paint, median of * (ms): widget\n```\n",
}


@pytest.fixture(scope="module")
def warnings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The build's warnings, by page; the project holds a page per case."""
    root = tmp_path_factory.mktemp("site")
    source = root / "src"
    source.mkdir()
    (source / "conf.py").write_text(CONF.format(ext=str(EXT)))
    (source / "broken_module.py").write_text(BROKEN_MODULE)
    (source / "results.json").write_text(json.dumps(SNAPSHOT))
    for name, text in PAGES.items():
        (source / name).write_text(text)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            source,
            root / "out",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode != 0, "warnings are errors: the broken pages fail the build"
    by_page: dict[str, str] = {name.removesuffix(".md"): "" for name in PAGES}
    page = ""
    for line in result.stderr.splitlines():
        found = re.search(r"/src/(\w+)\.md", line)
        page = found.group(1) if found else page
        by_page[page] = by_page.get(page, "") + line + "\n"
    return by_page


def test_a_python_block_the_build_does_not_run_fails_it(warnings):
    assert "a Python example the build does not run" in warnings["unrun"]


def test_shell_and_javascript_blocks_are_allowed(warnings):
    assert warnings["allowed"] == ""


def test_a_failing_docstring_example_fails_the_build(warnings):
    assert "a docstring example failed" in warnings["broken_doc"]
    assert "ZeroDivisionError" in warnings["broken_doc"]


def test_the_package_docstring_examples_pass(warnings):
    assert warnings["package_doc"] == ""


def test_a_chart_naming_no_figure_fails_the_build(warnings):
    assert "names 0 figures" in warnings["bad_chart"]
    assert warnings["good_chart"] == ""


def test_chart_bars_are_proportional_and_labelled():
    pattern = "paint, median of * (ms): widget"
    drawing = benchmark_charts.svg("Paint", "ms", SNAPSHOT, [("widget", pattern)])
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', drawing)]
    assert widths == [benchmark_charts.PLOT_WIDTH / 2, benchmark_charts.PLOT_WIDTH]
    assert "anywidget 0.12.0 (this release): 10 ms" in drawing
    assert "anywidget 0.11.0: 20 ms" in drawing


def test_chart_pattern_naming_several_figures_is_an_error():
    with pytest.raises(ValueError, match="names 2 figures"):
        benchmark_charts.svg("Paint", "ms", SNAPSHOT, [("all", "paint*")])
