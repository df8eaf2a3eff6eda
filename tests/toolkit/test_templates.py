"""Both `create` templates install into a fresh virtualenv with this checkout's anywidget and pass their own tests.

This checkout's wheel is built once per session and installed into one fresh virtualenv (so
the generated packages' `anywidget>=` dependency is met by it, never by PyPI's); each template
is then created with that environment's `python -m anywidget create`, pip-installed (the ts one
runs npm and esbuild inside `pip install`), and its generated tests run there, browser test
included.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ANYWIDGET_CHROMIUM", os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))


def run(args, *, cwd=None, timeout=600, env=None):
    result = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )
    assert result.returncode == 0, f"{args}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


@pytest.fixture(scope="session")
def anywidget_wheel(tmp_path_factory):
    """This checkout built as a wheel (front end included), once per session."""
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, ROOT])
    (wheel,) = out.glob("anywidget-*.whl")
    return wheel


@pytest.fixture(scope="session")
def author_env(tmp_path_factory, anywidget_wheel):
    """A fresh virtualenv holding this checkout's anywidget with its `testing` extra."""
    venv = tmp_path_factory.mktemp("author") / "venv"
    run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", f"{anywidget_wheel}[testing]"])
    return python


@pytest.mark.parametrize("template", ["js", "ts"])
def test_generated_package_installs_and_passes_its_own_tests(tmp_path, author_env, template):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (set ANYWIDGET_CHROMIUM)", pytrace=False)
    package = tmp_path / f"{template}-widget"
    run(
        [
            author_env,
            "-m",
            "anywidget",
            "create",
            "toolkit-counter",
            "--template",
            template,
            package,
        ]
    )
    run([author_env, "-m", "pip", "install", "--quiet", package])

    env = {**os.environ, "ANYWIDGET_CHROMIUM": CHROMIUM}
    env.pop("PYTHONPATH", None)
    result = run([author_env, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=package, env=env)
    assert "6 passed" in result.stdout, result.stdout

    installed = run(
        [author_env, "-c", "import toolkit_counter as m; print(m.ToolkitCounter()._esm)"]
    )
    assert "count is" in installed.stdout
    if template == "ts":
        # Bundled: the TypeScript-only `import type` lines are gone, the code is there.
        assert "anywidget/types" not in installed.stdout
        run(
            ["npx", "--no-install", "tsc", "--noEmit", "-p", package / "tsconfig.json"], cwd=package
        )
