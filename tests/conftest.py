"""Every test's kind as one marker (unit, kernel, browser or e2e; described in pyproject.toml).

A test is `unit` unless its folder (below), its module's ``pytestmark``, its own mark or a fixture
that drives a browser says otherwise. A folder or module of a kind that ``-m`` rules out is not
even imported: its imports need more than a plain virtualenv with the package and pytest has.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

KINDS = ("unit", "kernel", "browser", "e2e")
HERE = Path(__file__).resolve().parent
# The `harness` package (shared with bench/) sits at the repository root. Appended, not
# prepended: a run from elsewhere (tests/e2e/test_ipywidgets7.py) still imports the installed
# anywidget rather than this checkout's.
if str(HERE.parent) not in sys.path:
    sys.path.append(str(HERE.parent))
# Folders whose every test is of one kind.
FOLDER_KINDS = {"e2e": "e2e", "wasm": "e2e", "toolkit": "e2e", "bench": "e2e", "docs": "e2e"}
# Fixtures that start Chromium (anywidget.testing.fixtures).
BROWSER_FIXTURES = frozenset({"widget_page", "anywidget_browser"})
_MODULE_KIND = re.compile(r"^pytestmark = pytest\.mark\.(kernel|browser|e2e)\b", re.MULTILINE)
# What `-m` may hold for this file to judge it: marker names, `and`, `or`, `not`, parentheses.
_SIMPLE_EXPRESSION = re.compile(r"[\w\s()]+")


def _declared_kind(path: Path) -> str | None:
    """The kind a folder or test module declares for all its tests, read without importing it."""
    resolved = path.resolve()
    folder = _folder_kind(resolved)
    if folder is not None:
        return folder
    if resolved.suffix == ".py" and resolved.name.startswith("test_"):
        match = _MODULE_KIND.search(resolved.read_text(encoding="utf-8"))
        return match.group(1) if match else None
    return None


def _folder_kind(path: Path) -> str | None:
    """The kind of the folder of tests/ that `path` is, or is in, if that folder has one."""
    for folder in (path, *path.parents):
        if folder.parent == HERE:
            return FOLDER_KINDS.get(folder.name)
    return None


def _ruled_out(markexpr: str, kind: str) -> bool:
    """Whether no test of `kind` alone can match the `-m` expression `markexpr`."""
    if not markexpr.strip() or not _SIMPLE_EXPRESSION.fullmatch(markexpr):
        return False  # nothing to judge by here: pytest deselects as usual
    words = set(re.findall(r"\w+", markexpr)) - {"and", "or", "not"}
    names = {word: word == kind for word in words}
    try:
        return not eval(markexpr, {"__builtins__": {}}, names)
    except SyntaxError:
        return False


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    kind = _declared_kind(collection_path)
    if kind is None or kind == "unit":
        return None
    return True if _ruled_out(config.getoption("markexpr") or "", kind) else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.path)).resolve()
        kinds = {mark.name for mark in item.iter_markers() if mark.name in KINDS}
        folder = _folder_kind(path)
        if folder is not None:
            kinds.add(folder)
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            kinds.add("browser")
        if len(kinds) > 1:
            raise pytest.UsageError(f"{item.nodeid} is marked {sorted(kinds)}: give it one kind")
        kind = kinds.pop() if kinds else "unit"
        if item.get_closest_marker(kind) is None:
            item.add_marker(kind)
