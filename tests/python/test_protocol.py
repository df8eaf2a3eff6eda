"""Wire names come from protocol.json, which the front end reads too: no second copy on the kernel side."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import anywidget
from anywidget._version import __version__
from anywidget._wire import protocol

PACKAGE = Path(anywidget.__file__).resolve().parent
WIRE = json.loads((PACKAGE / "_wire" / "protocol.json").read_text(encoding="utf-8"))
# Names only the front end reads (versions it registers itself, when it started chunking).
FRONT_END_ONLY = {"$comment", "EARLIER_RELEASES", "CHUNKS_SINCE"}
# Values distinctive enough that a string equal to one, anywhere in the package, is a copy.
DISTINCT = [
    "ESM_KEY",
    "CSS_KEY",
    "ID_KEY",
    "MODULE_REF_PREFIX",
    "REJECTED_KEY",
    "WIDGET_VIEW_MIMETYPE",
    "WIDGET_STATE_MIMETYPE",
    "WIDGET_REF_PREFIX",
    "IPY_MODEL_PREFIX",
    "CHUNK_METHOD",
    "CHUNK_ERROR_METHOD",
    "COMMAND_KIND",
    "COMMAND_RESPONSE_KIND",
    "WIDGET_TARGET",
]
# The same text meaning something else: JupyterLab plugin ids start with "anywidget:" too.
NOT_COPIES = {("_tools/doctor.py", "anywidget:")}


def test_every_kernel_side_wire_name_is_the_json_files():
    names = [name for name in vars(protocol) if name.isupper() and name != "WIRE"]
    derived = {"MODULE_VERSION_RANGE"}
    for name in set(names) - derived:
        expected = WIRE[name]
        value = getattr(protocol, name)
        assert (list(value) if isinstance(value, tuple) else value) == expected, name
    assert set(WIRE) - FRONT_END_ONLY <= set(names)


def test_the_version_range_names_this_release_then_the_published_front_ends():
    major, minor, *_ = __version__.split(".")
    parts = protocol.MODULE_VERSION_RANGE.split("||")
    assert parts == [f"~{major}.{minor}.*"] + [f"~{v}.*" for v in WIRE["PUBLISHED_FRONT_ENDS"]]


def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_no_module_of_the_package_spells_a_wire_name_itself():
    values = {WIRE[name]: name for name in DISTINCT}
    copies = [
        f"{path.relative_to(PACKAGE)}: {values[text]} ({text!r})"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "templates" not in path.parts
        for text in _string_constants(path)
        if text in values and (str(path.relative_to(PACKAGE)), text) not in NOT_COPIES
    ]
    assert copies == []
