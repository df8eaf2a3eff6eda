"""`python -m anywidget create`: names, refusals, and what each template writes (installs: tests/toolkit)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest
import tomllib

from anywidget import __version__
from anywidget._tools.create import CreateError, Names, create

MAJOR_MINOR = ".".join(__version__.split(".")[:2])


def test_names_follow_the_package_name():
    assert Names.parse("my-widget") == Names("my-widget", "my_widget", "MyWidget")
    assert Names.parse("Fancy.Plot_2") == Names("Fancy.Plot_2", "fancy_plot_2", "FancyPlot2")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("my widget", "not a valid package name"),
        ("-widget", "not a valid package name"),
        ("widget!", "not a valid package name"),
        ("9lives", "must be a Python identifier"),
        ("class", "must be a Python identifier"),
        ("json", "would shadow the 'json' module"),
        ("anywidget", "would shadow"),
    ],
)
def test_invalid_name_is_a_clear_error(tmp_path, name, message):
    with pytest.raises(CreateError, match=message):
        create(name, "js", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_existing_directory_is_never_overwritten(tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(CreateError, match="already exists"):
        create("my-widget", "js", target)
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_unknown_template_is_refused(tmp_path):
    with pytest.raises(CreateError, match="choose one of js, ts"):
        create("my-widget", "vue", tmp_path / "out")


def files_of(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_js_template_writes_a_package_with_no_build_step(tmp_path):
    root = create("my-widget", "js", tmp_path / "js")
    assert files_of(root) == [
        "README.md",
        "conftest.py",
        "example.ipynb",
        "pyproject.toml",
        "src/my_widget/__init__.py",
        "src/my_widget/widget.css",
        "src/my_widget/widget.js",
        "tests/test_browser.py",
        "tests/test_widget.py",
    ]
    project = tomllib.loads((root / "pyproject.toml").read_text())
    assert project["project"]["name"] == "my-widget"
    assert project["project"]["dependencies"] == [f"anywidget>={MAJOR_MINOR}"]
    assert project["build-system"]["requires"] == ["hatchling>=1.25"]
    assert "class MyWidget(anywidget.AnyWidget)" in (root / "src/my_widget/__init__.py").read_text()
    assert "export default" in (root / "src/my_widget/widget.js").read_text()


def test_ts_template_builds_with_esbuild_inside_pip_install(tmp_path):
    root = create("my-widget", "ts", tmp_path / "ts")
    assert {".gitignore", "package.json", "tsconfig.json", "js/widget.ts", "js/model.ts"} <= set(
        files_of(root)
    )
    assert "src/my_widget/widget.js" not in files_of(root)
    project = tomllib.loads((root / "pyproject.toml").read_text())
    hook = project["tool"]["hatch"]["build"]["hooks"]["jupyter-builder"]
    assert hook["ensured-targets"] == ["src/my_widget/static/widget.js"]
    scripts = json.loads((root / "package.json").read_text())["scripts"]
    assert "esbuild js/widget.ts --bundle" in scripts["build"]
    assert "--watch" in scripts["dev"]
    assert scripts["types"] == "python -m anywidget types my_widget:MyWidget > js/model.ts"
    declarations = (root / "types/anywidget.d.ts").read_text()
    assert "export interface AnyModel<T" in declarations


def test_no_placeholder_is_left_and_python_files_parse(tmp_path):
    for template in ("js", "ts"):
        root = create("my-widget", template, tmp_path / template)
        for path in root.rglob("*"):
            if path.is_file():
                assert "{{" not in path.read_text(), path
            if path.suffix == ".py":
                ast.parse(path.read_text(), str(path))
        json.loads((root / "example.ipynb").read_text())


def run_cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "anywidget", "create", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_command_writes_into_name_by_default_and_says_what_next(tmp_path):
    result = run_cli("cool-widget", "--template", "ts", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cool-widget" / "js" / "widget.ts").is_file()
    assert "pip install -e" in result.stdout


def test_command_reports_a_bad_name_and_exits_2(tmp_path):
    result = run_cli("bad name", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2
    assert "not a valid package name" in result.stderr
    assert not (tmp_path / "out").exists()


def test_command_takes_the_directory_after_the_template_option(tmp_path):
    result = run_cli("my-widget", "--template", "js", str(tmp_path / "here"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "here" / "src" / "my_widget" / "widget.js").is_file()
    assert not (tmp_path / "my-widget").exists()


def test_import_anywidget_loads_none_of_the_toolkit():
    code = (
        "import sys, anywidget; "
        "print(sorted(m for m in sys.modules if m.startswith(('anywidget._tools.create', "
        "'anywidget._tools.typescript', 'anywidget.testing', 'playwright'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
