"""The ipywidgets 7 generation, made locally: virtualenvs with this package installed as users do, and npm packages.

Each virtualenv is made once per run and kept in the temp dir for the next run until this package's
wheel changes. The wheel is built once from the front end already built into this checkout (by
scripts/setup.sh), so the JavaScript build does not run again; it must match the front end
installed in the test environment, which every other test uses.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBEXTENSION = "share/jupyter/nbextensions/anywidget/index.js"
# What the kernel-side unit tests need beyond the package (file watching for hot reload).
TEST_TOOLS = ("pytest>=8", "watchfiles>=0.18")


class EnvError(RuntimeError):
    """An environment could not be made; the message carries pip's output."""


@dataclass(frozen=True)
class Recipe:
    """How one environment is made: `first` installed alone (what the host ships), then `with_ours`
    installed in one command with this package's wheel, as `pip install anywidget` would be."""

    first: tuple[str, ...]
    with_ours: tuple[str, ...]


RECIPES = {
    # Colab's situation: ipywidgets 7 is there first, then `pip install anywidget`. JupyterLab 3.6
    # (jupyterlab_widgets 1.x) comes with it, as on JupyterLab 3 deployments.
    # The kernel-side unit tests run here too.
    "7.8": Recipe(("notebook==6.5.*", "ipywidgets==7.8.*", "jupyterlab==3.6.*", *TEST_TOOLS), ()),
    # The oldest supported ipywidgets, resolved together with ours in one command, beside an
    # ipykernel older than 6.18 (one that does not use the `comm` package, as Colab's for years).
    "7.6": Recipe((), ("notebook==6.5.*", "ipywidgets==7.6.5", "ipykernel<6.18")),
}


@dataclass(frozen=True)
class Env:
    """A made environment: its recipe's name, its interpreter, and what pip installed there."""

    name: str
    python: str
    versions: dict[str, str]
    seconds: dict[str, float]


def _run(command: list[str], timeout: float = 900) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise EnvError(f"{' '.join(command)} failed:\n{(result.stdout + result.stderr)[-4000:]}")
    return result.stdout


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    # Test runs of several checkouts share the temp dir: one makes an environment at a time.
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _cache_dir() -> Path:
    checkout = hashlib.sha256(str(ROOT).encode()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"anywidget-legacy-envs-{checkout}"


@functools.cache
def build_wheel() -> Path:
    """This package's wheel, holding the front end this checkout built (no JavaScript build).

    Built once per test process, whichever test module asks first."""
    target = _cache_dir() / "wheel"
    with _locked(_cache_dir() / "wheel.lock"):
        shutil.rmtree(target, ignore_errors=True)
        env = {**os.environ, "SKIP_JUPYTER_BUILDER": "1"}
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(target), str(ROOT)],
            capture_output=True, text=True, timeout=300, check=False, env=env,
        )  # fmt: skip
        if result.returncode != 0:
            raise EnvError(f"building the wheel failed:\n{result.stderr[-4000:]}")
        (wheel,) = target.glob("anywidget-*.whl")
    installed = Path(sys.prefix) / NBEXTENSION
    with zipfile.ZipFile(wheel) as archive:
        packed = [name for name in archive.namelist() if name.endswith(f".data/data/{NBEXTENSION}")]
        if not packed or archive.read(packed[0]) != installed.read_bytes():
            raise EnvError(
                "the front end built into this checkout differs from the one installed in the test "
                "environment: run `bash scripts/setup.sh` to build and install it again"
            )
    return wheel


@functools.cache
def legacy_envs() -> dict[str, Env]:
    """Every environment of `RECIPES`, with this checkout's wheel: made side by side (pip waits on the
    network as much as on the CPU), once per test process."""
    wheel = build_wheel()
    with ThreadPoolExecutor(max_workers=len(RECIPES)) as pool:
        made = {name: pool.submit(make_env, name, wheel) for name in RECIPES}
        return {name: future.result() for name, future in made.items()}


def make_env(name: str, wheel: Path) -> Env:
    """The environment `RECIPES[name]` with `wheel` installed, made now unless made already for both."""
    recipe = RECIPES[name]
    key = {
        "wheel": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "recipe": [list(recipe.first), list(recipe.with_ours)],
    }
    venv = _cache_dir() / f"ipywidgets-{name}"
    # Written last: an interrupted run starts over instead of using a half-made environment.
    marker = venv / "anywidget-env.json"
    with _locked(_cache_dir() / f"ipywidgets-{name}.lock"):
        made = json.loads(marker.read_text()) if marker.is_file() else {}
        if made.get("key") != key:
            made = {"key": key, **_make(venv, recipe, wheel)}
            marker.write_text(json.dumps(made))
    return Env(name, str(venv / "bin" / "python"), made["versions"], made["seconds"])


def _pip(python: str) -> list[str]:
    # The test environment's pip installs into the other environment: no pip of its own to set up.
    return [sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check"]


def _make(venv: Path, recipe: Recipe, wheel: Path) -> dict[str, object]:
    python = str(venv / "bin" / "python")
    pip = [*_pip(python), "install", "--quiet"]
    seconds: dict[str, float] = {}
    started = time.monotonic()
    _run([sys.executable, "-m", "venv", "--clear", "--without-pip", str(venv)])
    if recipe.first:
        _run([*pip, *recipe.first])
    seconds["host"] = time.monotonic() - started
    started = time.monotonic()
    # Plain `pip install`, no flag forcing anything: the point is what pip resolves.
    _run([*pip, *recipe.with_ours, str(wheel)])
    seconds["ours"] = time.monotonic() - started
    return {"versions": _versions(python), "seconds": seconds}


def _versions(python: str) -> dict[str, str]:
    listing = _run([*_pip(python), "list", "--format=json"])
    return {item["name"].lower().replace("_", "-"): item["version"] for item in json.loads(listing)}


def npm_package(name: str, spec: str) -> Path:
    """The npm package `name@spec` unpacked (its folder), fetched by `npm pack` once per run."""
    npm = shutil.which("npm")
    if npm is None:
        raise EnvError("npm is needed to fetch " + name)
    target = _cache_dir() / "npm" / f"{name.replace('/', '__')}@{spec}"
    with _locked(target.parent / f"{target.name}.lock"):
        unpacked = target / "package"
        if not (unpacked / "package.json").is_file():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            listing = _run(
                [npm, "pack", "--json", "--pack-destination", str(target), f"{name}@{spec}"]
            )
            (info,) = json.loads(listing)
            with tarfile.open(target / info["filename"]) as archive:
                archive.extractall(target, filter="data")
    return unpacked
