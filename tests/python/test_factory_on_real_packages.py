"""The front end's module rewrite (parse once, one instance per model) on every widget module of real packages."""

from __future__ import annotations

import importlib
import json
import pkgutil
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import anywidget
from anywidget._sources.source import resolve_source

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
BUILT = ROOT / "lib" / "js" / "runtime" / "module-factory.js"
# The packages tests/e2e/test_real_packages.py shows in JupyterLab; between them, dozens of modules
# bundled by esbuild, Vite and hand.
PACKAGES = ("drawdata", "manywidgets", "wigglystuff")


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _modules_of(packages: tuple[str, ...]) -> dict[str, str]:
    for package in packages:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            try:
                importlib.import_module(info.name)
            except ImportError:  # parts needing an optional extra
                continue
    found = {}
    for cls in _subclasses(anywidget.AnyWidget):
        if cls.__module__.split(".")[0] in packages and "_esm" in vars(cls):
            name = f"{cls.__module__}.{cls.__qualname__}"
            found[f"{name}.js"] = resolve_source(vars(cls)["_esm"], owner=name, key="_esm").text
    return found


def test_every_module_of_real_packages_is_rewritten_and_parses(tmp_path: Path) -> None:
    assert BUILT.exists(), "lib/ is built by `bash scripts/setup.sh` (npm run build:lib)"
    node = shutil.which("node")
    assert node is not None, "node is installed by `bash scripts/setup.sh`"
    modules = _modules_of(PACKAGES)
    assert len(modules) >= 50
    for name, text in modules.items():
        (tmp_path / name).write_text(text)
    checked = subprocess.run(
        [
            node,
            "--experimental-vm-modules",
            "--no-warnings",
            str(ROOT / "scripts" / "check-factory.mjs"),
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    results = json.loads(checked.stdout)
    assert set(results) == set(modules)
    assert {name: result for name, result in results.items() if result != "ok"} == {}
