"""`python -m anywidget doctor`: checks, from the kernel's environment, that Jupyter can show anywidget widgets."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .._version import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

_NBEXTENSION_REQUIRE = "anywidget/extension"
_STATE_SETTINGS = Path("@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings")


@dataclass(frozen=True)
class Finding:
    """One line of the report: a fact, or a problem with its fix."""

    ok: bool
    message: str
    fix: str = ""


@dataclass(frozen=True)
class Layout:
    """Where Jupyter looks, highest priority first (as jupyter_core reports it)."""

    data_dirs: Sequence[Path]
    config_dirs: Sequence[Path]
    settings_dirs: Sequence[Path]


def current_layout() -> Layout:
    try:
        from jupyter_core.paths import jupyter_config_dir, jupyter_config_path, jupyter_path
    except ImportError:  # a kernel environment without jupyter_core: only this prefix
        prefix = Path(sys.prefix)
        return Layout([prefix / "share/jupyter"], [prefix / "etc/jupyter"], [])
    user_settings = os.environ.get("JUPYTERLAB_SETTINGS_DIR") or str(
        Path(jupyter_config_dir()) / "lab" / "user-settings"
    )
    return Layout(
        [Path(p) for p in jupyter_path()],
        [Path(p) for p in jupyter_config_path()],
        [Path(user_settings)],
    )


def _first(dirs: Sequence[Path], relative: str) -> Path | None:
    return next((d / relative for d in dirs if (d / relative).is_file()), None)


def _read_json(path: Path) -> object:
    # Lab settings files are JSON5-ish: drop // comments before parsing.
    text = re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    try:
        return json.loads(text)
    except ValueError:
        return None


def _reinstall(version: str) -> str:
    return f"run `pip install --force-reinstall anywidget=={version}` in the environment that runs Jupyter"


def check_labextension(layout: Layout, version: str) -> list[Finding]:
    package = _first(layout.data_dirs, "labextensions/anywidget/package.json")
    if package is None:
        return [
            Finding(
                False, "the JupyterLab / Notebook 7 extension is not installed", _reinstall(version)
            )
        ]
    meta = _read_json(package)
    found = meta.get("version") if isinstance(meta, dict) else None
    findings = [
        Finding(found == version, f"JupyterLab / Notebook 7 extension {found} at {package.parent}")
        if found == version
        else Finding(
            False,
            f"JupyterLab / Notebook 7 extension {found} at {package.parent} does not match the Python package {version}",
            _reinstall(version),
        )
    ]
    for config_dir in layout.config_dirs:
        page_config = config_dir / "labconfig" / "page_config.json"
        data = _read_json(page_config) if page_config.is_file() else None
        disabled = data.get("disabledExtensions", {}) if isinstance(data, dict) else {}
        names = (
            disabled if isinstance(disabled, list) else [k for k, v in dict(disabled).items() if v]
        )
        if any(name == "anywidget" or str(name).startswith("anywidget:") for name in names):
            findings.append(
                Finding(
                    False,
                    f"the extension is disabled in {page_config}",
                    "run `jupyter labextension enable anywidget`",
                )
            )
    return findings


def _nbextension_enabled(config_dirs: Sequence[Path]) -> tuple[bool, Path | None]:
    enabled, source = False, None
    # Lowest priority first, so the last setting seen is the one that wins.
    for config_dir in reversed(config_dirs):
        nbconfig = config_dir / "nbconfig"
        for path in [*sorted(nbconfig.glob("notebook.d/*.json")), nbconfig / "notebook.json"]:
            data = _read_json(path) if path.is_file() else None
            extensions = data.get("load_extensions", {}) if isinstance(data, dict) else {}
            if isinstance(extensions, dict) and _NBEXTENSION_REQUIRE in extensions:
                enabled, source = bool(extensions[_NBEXTENSION_REQUIRE]), path
    return enabled, source


def check_nbextension(layout: Layout, version: str) -> list[Finding]:
    index = _first(layout.data_dirs, "nbextensions/anywidget/index.js")
    if index is None:
        return [
            Finding(
                False,
                "the classic notebook (nbclassic) extension is not installed",
                _reinstall(version),
            )
        ]
    with index.open(encoding="utf-8") as file:
        banner = re.match(r"// anywidget (\S+)", file.readline())
    found = banner.group(1) if banner else "of unknown version"
    findings = [
        Finding(True, f"classic notebook extension {found} at {index.parent}")
        if found == version
        else Finding(
            False,
            f"classic notebook extension {found} at {index.parent} does not match the Python package {version}",
            _reinstall(version),
        )
    ]
    enabled, source = _nbextension_enabled(layout.config_dirs)
    if not enabled:
        fix = (
            f'remove `"{_NBEXTENSION_REQUIRE}": false` from {source}'
            if source
            else _reinstall(version) + " (it ships etc/jupyter/nbconfig/notebook.d/anywidget.json)"
        )
        findings.append(Finding(False, "the classic notebook extension is not enabled", fix))
    return findings


def _server_extension_enabled(config_dirs: Sequence[Path]) -> tuple[bool | None, Path | None]:
    enabled: bool | None = None
    source = None
    # Lowest priority first, so the last setting seen is the one that wins.
    for config_dir in reversed(config_dirs):
        paths = [
            *sorted(config_dir.glob("jupyter_server_config.d/*.json")),
            config_dir / "jupyter_server_config.json",
        ]
        for path in paths:
            data = _read_json(path) if path.is_file() else None
            server = data.get("ServerApp", {}) if isinstance(data, dict) else {}
            extensions = server.get("jpserver_extensions", {}) if isinstance(server, dict) else {}
            if isinstance(extensions, dict) and "anywidget" in extensions:
                enabled, source = bool(extensions["anywidget"]), path
    return enabled, source


def check_server_extension(layout: Layout, version: str) -> list[Finding]:
    enabled, source = _server_extension_enabled(layout.config_dirs)
    if enabled is None:
        return [
            Finding(
                False,
                "the server extension (kernel websockets without Nagle's ~40 ms delay) is not configured",
                _reinstall(version)
                + " (it ships etc/jupyter/jupyter_server_config.d/anywidget.json)",
            )
        ]
    if enabled:
        return [
            Finding(True, f"server extension on: kernel websockets send without delay ({source})")
        ]
    return [
        Finding(
            True,
            f"server extension switched off in {source}: widget round trips wait ~40 ms "
            "(`jupyter server extension enable anywidget` turns it on)",
        )
    ]


def check_state_saving(layout: Layout) -> list[Finding]:
    for settings_dir in layout.settings_dirs:
        path = settings_dir / _STATE_SETTINGS
        data = _read_json(path) if path.is_file() else None
        if isinstance(data, dict) and "saveState" in data:
            saved = bool(data["saveState"])
            return [
                Finding(
                    True,
                    f"JupyterLab {'saves' if saved else 'does not save'} widget state with notebooks ({path})",
                )
            ]
    return [
        Finding(
            True,
            "JupyterLab does not save widget state with notebooks (the default); "
            "Settings > Widgets > 'Save Widget State Automatically' turns it on",
        )
    ]


def diagnose(layout: Layout, version: str = __version__) -> list[Finding]:
    """Every finding for `layout`; any finding that is not ok is a problem."""
    paths = Finding(
        True, "Jupyter data paths in use: " + ", ".join(str(d) for d in layout.data_dirs)
    )
    return [
        Finding(True, f"anywidget {version} (Python {sys.version.split()[0]} at {sys.executable})"),
        paths,
        *check_labextension(layout, version),
        *check_nbextension(layout, version),
        *check_server_extension(layout, version),
        *check_state_saving(layout),
    ]


def main(layout: Layout | None = None) -> int:
    """Print the report; return 1 if anything is wrong."""
    findings = diagnose(layout or current_layout())
    for finding in findings:
        print(f"{'ok     ' if finding.ok else 'PROBLEM'} {finding.message}")
        if finding.fix:
            print(f"        fix: {finding.fix}")
    problems = sum(not f.ok for f in findings)
    print("everything looks right" if problems == 0 else f"{problems} problem(s) found")
    return 1 if problems else 0
