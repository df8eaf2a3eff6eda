"""Every import path the published anywidget and its packages use still works after the layering."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import anywidget

# Path -> names reached through it, as anywidget 0.9-0.11 users, packages and Jupyter do.
PUBLIC = {
    "anywidget": ["AnyWidget", "Widget", "WidgetTrait", "__version__", "load_ipython_extension"],
    "anywidget.widget": ["AnyWidget"],
    "anywidget.experimental": ["MimeBundleDescriptor", "command", "dataclass", "widget"],
    "anywidget.export": ["to_html", "export_notebook"],
    "anywidget.testing": ["FrontEnd", "CommandError"],
    "anywidget.testing.fixtures": ["widget_page", "CHROMIUM_ARGS"],
    "anywidget._file_contents": ["FileContents", "VirtualFileContents", "_VIRTUAL_FILES"],
    "anywidget._server": ["_load_jupyter_server_extension"],
}


@pytest.mark.parametrize("path", sorted(PUBLIC))
def test_public_path_imports_with_its_names(path):
    module = importlib.import_module(path)
    missing = [name for name in PUBLIC[path] if not hasattr(module, name)]
    assert missing == []


def test_the_same_objects_whatever_the_path():
    from anywidget._file_contents import FileContents
    from anywidget.widget import AnyWidget

    assert AnyWidget is anywidget.AnyWidget
    assert FileContents is anywidget._file_contents.FileContents
    assert anywidget.__all__ == ["AnyWidget", "Widget", "WidgetTrait", "__version__"]


def test_jupyter_finds_the_front_end_and_the_server_extension():
    assert anywidget._jupyter_labextension_paths() == [{"src": "labextension", "dest": "anywidget"}]
    [nbextension] = anywidget._jupyter_nbextension_paths()
    assert nbextension["require"] == "anywidget/extension"
    assert anywidget._jupyter_server_extension_points() == [{"module": "anywidget._server"}]


def test_python_dash_m_anywidget_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "anywidget", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for command in ("export", "doctor", "create", "types"):
        assert command in result.stdout
