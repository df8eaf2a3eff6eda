"""Sphinx configuration of the documentation site: MyST pages whose code runs at build time."""

from __future__ import annotations

import shutil
import sys
from importlib.resources import files
from pathlib import Path

from anywidget import __version__

STATIC = files("anywidget.export") / "static"

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))


def _copy_examples() -> None:
    """Mirror ../examples/*.ipynb into docs/examples/, the gallery's pages (Sphinx reads only
    its source folder); unchanged files keep their times, so Sphinx does not re-execute them."""
    target = DOCS / "examples"
    target.mkdir(exist_ok=True)
    sources = {path.name: path for path in sorted((ROOT / "examples").glob("*.ipynb"))}
    for stale in target.glob("*.ipynb"):
        if stale.name not in sources:
            stale.unlink()
    for name, source in sources.items():
        copy = target / name
        if not copy.exists() or copy.read_bytes() != source.read_bytes():
            shutil.copy2(source, copy)


_copy_examples()

project = "anywidget"
author = "the anywidget developers"
copyright = "the anywidget developers"
release = version = __version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "executed_examples",
    "benchmark_charts",
    "gallery",
]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "benchmarks/*.json"]

# Every code cell runs when the site is built (a failing one fails the build), in a fresh
# kernel per page, in a temporary folder so examples may write files.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 180
nb_execution_in_temp = True
nb_execution_show_tb = True
nb_merge_streams = True
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Live widgets with no CDN: the pages load the same RequireJS, html-manager and anywidget front
# end that `python -m anywidget export` inlines, from the site's own _static folder. anywidget.js
# defines the `anywidget` module by name, so html-manager finds it loaded and asks no CDN.
html_static_path = ["_static", str(STATIC)]
nb_ipywidgets_js: dict[str, dict[str, str]] = {
    "require.js": {},
    "anywidget.js": {},
    "embed-amd.js": {},
}

html_theme = "pydata_sphinx_theme"
html_title = f"anywidget {version}"
html_css_files = ["site.css"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    "header_links_before_dropdown": 4,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    # The hosts guide's tables of test names take the width of the page's table of contents.
    "secondary_sidebar_items": {
        "**": ["page-toc", "edit-this-page", "sourcelink"],
        "guides/hosts": [],
    },
}
# Pages without sub-pages get the whole width.
html_sidebars: dict[str, list[str]] = {
    page: []
    for page in (
        "index",
        "getting-started",
        "contract",
        "migrating",
        "troubleshooting",
        "benchmarks",
        "how-it-works",
        "changelog",
    )
}
html_last_updated_fmt = None

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
# Types for the parameters a docstring describes; no "args (Any)" for a constructor passing through.
autodoc_typehints_description_target = "documented"
napoleon_numpy_docstring = True
napoleon_google_docstring = False
