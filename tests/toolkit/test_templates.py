"""Both `create` templates install into a fresh virtualenv with this checkout's anywidget and pass their own tests.

This checkout's wheel is built once per session and installed into one fresh virtualenv (so
the generated packages' `anywidget>=` dependency is met by it, never by PyPI's); each template
is then created with that environment's `python -m anywidget create`, pip-installed (the ts one
runs npm and esbuild inside `pip install`), and its generated tests run there, browser test
included.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
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
    """A fresh virtualenv holding this checkout's anywidget with its `testing` and `dev` extras."""
    venv = tmp_path_factory.mktemp("author") / "venv"
    run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", f"{anywidget_wheel}[testing,dev]"])
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


# Shows the widget to a FrontEnd, then waits (bounded) for a hot-reloaded module from the bundle.
WATCHER = textwrap.dedent(
    """\
    import sys, threading
    from anywidget.testing import FrontEnd
    from toolkit_counter import ToolkitCounter

    page = FrontEnd(ToolkitCounter())
    reloaded = threading.Event()
    page.subscribe(lambda kind, state, _: "count now is" in state.get("_esm", "") and reloaded.set())
    print("ready", flush=True)
    sys.exit(0 if reloaded.wait(90) else 1)
    """
)


def test_ts_bundle_rebuilt_by_npm_run_dev_hot_reloads_a_shown_widget(tmp_path, author_env):
    package = tmp_path / "ts-dev"
    run([author_env, "-m", "anywidget", "create", "toolkit-counter", package, "--template", "ts"])
    run([author_env, "-m", "pip", "install", "--quiet", "-e", package])
    env = {**os.environ, "ANYWIDGET_HMR": "1"}
    env.pop("PYTHONPATH", None)
    watcher = subprocess.Popen(
        [author_env, "-c", WATCHER], stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    )
    dev = subprocess.Popen(
        ["npm", "run", "dev"],
        cwd=package,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert watcher.stdout is not None
        assert watcher.stdout.readline().strip() == "ready"
        source = package / "js" / "widget.ts"
        source.write_text(source.read_text().replace("count is", "count now is"))
        assert watcher.wait(timeout=120) == 0
    finally:
        os.killpg(dev.pid, signal.SIGTERM)
        dev.wait(timeout=30)
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait(timeout=30)
