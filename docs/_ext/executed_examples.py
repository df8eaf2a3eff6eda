"""No unrun Python on the site: fails the build on a Python block that is not an executed cell, and
runs the docstring examples the API reference shows."""

from __future__ import annotations

import dataclasses
import doctest
import os
import tempfile
from typing import TYPE_CHECKING, Any

import traitlets
from docutils import nodes
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

PYTHON = {"python", "python3", "py", "ipython", "ipython3", "pycon"}
# myst-nb marks the code and the outputs of the cells it executed.
EXECUTED = {"cell_code_source", "cell_code_output"}
HMR_ENV = "ANYWIDGET_HMR"


def _executed(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Element) and parent.get("nb_element") in EXECUTED:
            return True
        parent = parent.parent
    return False


# What the docstring examples take as given, as `doctest_global_setup` does for sphinx.ext.doctest:
# a counter widget `counter` of a class `Counter` whose module is the file counter.js.
SETUP = """
import pathlib

pathlib.Path("counter.js").write_text("export default { render({ model, el }) { el.textContent = model.get('value'); } }")


class Counter(AnyWidget):
    _esm = "counter.js"
    value = traitlets.Int(0).tag(sync=True)


counter = Counter()
"""


def _globals() -> dict[str, Any]:
    """What a reader of a docstring example has imported: anywidget's names and traitlets."""
    import anywidget
    from anywidget import experimental
    from anywidget.experimental import MimeBundleDescriptor, command, widget
    from anywidget.experimental import dataclass as evented_dataclass
    from anywidget.testing import FrontEnd

    return {
        "FrontEnd": FrontEnd,
        **{name: getattr(anywidget, name) for name in anywidget.__all__},
        "anywidget": anywidget,
        "experimental": experimental,
        "MimeBundleDescriptor": MimeBundleDescriptor,
        "command": command,
        "widget": widget,
        "dataclass": evented_dataclass,
        "dataclasses": dataclasses,
        "traitlets": traitlets,
    }


def _run_doctest(text: str, name: str, where: str) -> None:
    globs = _globals()
    failures: list[str] = []

    def report(line: str) -> None:
        failures.append(line)

    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    # Examples may name files: they run in an empty folder, as a reader's fresh one.
    here = os.getcwd()
    # No hot reload: its watcher would outlive the folder the example's files are in.
    hmr = os.environ.get(HMR_ENV)
    os.environ[HMR_ENV] = "0"
    with tempfile.TemporaryDirectory(prefix="anywidget-doctest-") as folder:
        os.chdir(folder)
        try:
            exec(SETUP, globs)
            test = doctest.DocTestParser().get_doctest(text, globs, name, where, 0)
            result = runner.run(test, out=report, clear_globs=True)
        finally:
            os.chdir(here)
            if hmr is None:
                del os.environ[HMR_ENV]
            else:
                os.environ[HMR_ENV] = hmr
    if result.failed:
        logger.warning(
            "a docstring example failed:\n%s", "".join(failures), location=where, type="examples"
        )


def check(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    for block in doctree.findall(nodes.literal_block):
        if block.get("language", "") in PYTHON and not _executed(block):
            logger.warning(
                "a Python example the build does not run: write it as a {code-cell}",
                location=block,
                type="examples",
            )
    for number, block in enumerate(doctree.findall(nodes.doctest_block)):
        _run_doctest(block.astext(), f"{docname}[{number}]", app.env.doc2path(docname).as_posix())


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
