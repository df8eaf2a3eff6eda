from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from anywidget._tools.doctor import Layout, diagnose, main

VERSION = "0.12.0"


def install(
    data: Path,
    config: Path,
    *,
    lab: str | None = VERSION,
    nb: str | None = VERSION,
    server: bool = True,
) -> None:
    """Lay out what `pip install anywidget` puts in a prefix, with chosen versions."""
    if lab is not None:
        lab_dir = data / "labextensions/anywidget"
        lab_dir.mkdir(parents=True)
        (lab_dir / "package.json").write_text(json.dumps({"name": "anywidget", "version": lab}))
    if nb is not None:
        nb_dir = data / "nbextensions/anywidget"
        nb_dir.mkdir(parents=True)
        (nb_dir / "index.js").write_text(f"// anywidget {nb}\ndefine([], function () {{}});\n")
    enable = config / "nbconfig/notebook.d"
    enable.mkdir(parents=True)
    (enable / "anywidget.json").write_text(
        json.dumps({"load_extensions": {"anywidget/extension": True}})
    )
    if server:
        server_config = config / "jupyter_server_config.d"
        server_config.mkdir(parents=True)
        (server_config / "anywidget.json").write_text(
            json.dumps({"ServerApp": {"jpserver_extensions": {"anywidget": True}}})
        )


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    data, config, settings = tmp_path / "share", tmp_path / "etc", tmp_path / "settings"
    install(data, config)
    return Layout([data], [tmp_path / "user-config", config], [settings])


def problems(layout: Layout) -> list[str]:
    return [f"{f.message} -> {f.fix}" for f in diagnose(layout, VERSION) if not f.ok]


def test_good_installation_has_no_problems(layout: Layout, capsys):
    assert problems(layout) == []
    assert main(layout) == 0
    out = capsys.readouterr().out
    assert "Jupyter data paths in use" in out
    assert "everything looks right" in out


def test_missing_labextension_is_a_problem_with_a_fix(tmp_path: Path):
    install(tmp_path / "share", tmp_path / "etc", lab=None)
    (found,) = problems(Layout([tmp_path / "share"], [tmp_path / "etc"], []))
    assert "extension is not installed" in found
    assert "pip install --force-reinstall anywidget==0.12.0" in found


def test_version_mismatch_is_a_problem(tmp_path: Path, capsys):
    install(tmp_path / "share", tmp_path / "etc", lab="0.11.0", nb="0.11.0")
    layout = Layout([tmp_path / "share"], [tmp_path / "etc"], [])
    found = problems(layout)
    assert len(found) == 2
    assert all(
        "0.11.0" in line and "does not match the Python package 0.12.0" in line for line in found
    )
    assert main(layout) == 1
    assert "2 problem(s) found" in capsys.readouterr().out


def test_the_first_data_dir_wins(tmp_path: Path, layout: Layout):
    install(tmp_path / "shadow", tmp_path / "shadow-etc", lab="0.9.0")
    shadowed = Layout([tmp_path / "shadow", *layout.data_dirs], layout.config_dirs, [])
    assert any("0.9.0" in line for line in problems(shadowed))


def test_labextension_disabled_in_page_config(layout: Layout):
    labconfig = layout.config_dirs[0] / "labconfig"
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"anywidget": True}})
    )
    (found,) = problems(layout)
    assert "disabled" in found
    assert "jupyter labextension enable anywidget" in found


def test_nbextension_switched_off_by_a_higher_priority_config(layout: Layout):
    user_nbconfig = layout.config_dirs[0] / "nbconfig"
    user_nbconfig.mkdir(parents=True)
    (user_nbconfig / "notebook.json").write_text(
        json.dumps({"load_extensions": {"anywidget/extension": False}})
    )
    (found,) = problems(layout)
    assert "not enabled" in found
    assert str(user_nbconfig / "notebook.json") in found


def test_server_extension_switched_off_is_reported_but_not_a_problem(layout: Layout):
    user = layout.config_dirs[0]
    user.mkdir(parents=True)
    (user / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": {"anywidget": False}}})
    )
    assert problems(layout) == []
    messages = [f.message for f in diagnose(layout, VERSION)]
    assert any(m.startswith("server extension switched off in ") for m in messages), messages


def test_server_extension_never_configured_is_a_problem(tmp_path: Path):
    install(tmp_path / "share", tmp_path / "etc", server=False)
    (found,) = problems(Layout([tmp_path / "share"], [tmp_path / "etc"], []))
    assert "server extension" in found
    assert "jupyter_server_config.d/anywidget.json" in found


def test_state_saving_is_reported_from_lab_settings(layout: Layout):
    settings = layout.settings_dirs[0] / "@jupyter-widgets/jupyterlab-manager"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text('// comment\n{"saveState": true}\n')
    messages = [f.message for f in diagnose(layout, VERSION)]
    assert any("JupyterLab saves widget state" in m for m in messages)


def test_cli_on_this_environment_exits_zero():
    result = subprocess.run(
        [sys.executable, "-m", "anywidget", "doctor"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "everything looks right" in result.stdout


@pytest.mark.e2e  # reads the Jupyter configuration (jupyter_core, from the test extra)
def test_cli_exits_non_zero_when_jupyter_disables_the_extension(tmp_path: Path):
    labconfig = tmp_path / "labconfig"
    labconfig.mkdir()
    (labconfig / "page_config.json").write_text(json.dumps({"disabledExtensions": ["anywidget"]}))
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "anywidget", "doctor"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 1
    assert "PROBLEM the extension is disabled" in result.stdout
