"""What a Pyodide kernel needs to run anywidget offline, fetched once per run from the registries:
the npm `pyodide` core that JupyterLite's kernel expects, pure wheels of anywidget's dependencies
at the versions installed here, micropip's wheel, and a wheel of this checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
# A folder kept between local runs for the registries' files (our wheel is built once per run
# regardless); by default they too live in the run's temporary folder.
CACHE_ENV = "ANYWIDGET_PYODIDE_CACHE"


@dataclass(frozen=True)
class PyodideFiles:
    """The npm package's files (`pyodide.mjs`, the WebAssembly, the standard library, the lock)
    and the wheels to install into it."""

    version: str
    python: str
    core: Path
    micropip: Path
    dependencies: tuple[Path, ...]
    anywidget: Path


def pyodide_version() -> str:
    """The Pyodide that jupyterlite-pyodide-kernel (installed here) runs: one copy serves both."""
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    return str(PYODIDE_VERSION)


def prepare(run_temp: Path) -> PyodideFiles:
    """Fetch everything a Pyodide kernel with anywidget needs, or reuse what this run (or the
    cache named by `ANYWIDGET_PYODIDE_CACHE`) already holds."""
    override = os.environ.get(CACHE_ENV)
    cache = Path(override) if override else run_temp / "pyodide-files"
    version = pyodide_version()
    core = _core(cache / f"pyodide-{version}", version)
    lock = json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8"))
    python = str(lock["info"]["python"])
    micropip_file = str(lock["packages"]["micropip"]["file_name"])
    micropip_version = micropip_file.split("-")[1]
    pins = {**dependency_pins("anywidget", python), "micropip": micropip_version}
    wheels = _download(cache / f"wheels-py{python}", pins, python)
    micropip = next(w for w in wheels if canonicalize_name(w.name.split("-")[0]) == "micropip")
    return PyodideFiles(
        version=version,
        python=python,
        core=core,
        micropip=micropip,
        dependencies=tuple(w for w in wheels if w != micropip),
        anywidget=_our_wheel(run_temp / "anywidget-wheel"),
    )


def _run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n"
            f"{result.stderr[-3000:]}"
        )


def _core(target: Path, version: str) -> Path:
    if (target / "pyodide.mjs").exists():
        return target
    packed = target.with_name(target.name + "-npm")
    packed.mkdir(parents=True, exist_ok=True)
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to fetch the `pyodide` package (Node.js 20+)")
    _run([npm, "pack", f"pyodide@{version}", "--pack-destination", str(packed), "--silent"])
    (tarball,) = packed.glob("pyodide-*.tgz")
    unpacked = target.with_name(target.name + "-unpacked")
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacked, filter="data")  # no links or paths out of the target
    # Moved into place whole: a run stopped halfway leaves no core that looks complete.
    (unpacked / "package").rename(target)
    return target


def pyodide_environment(python: str) -> dict[str, str]:
    """PEP 508 marker values of a Pyodide interpreter for Python `python` (e.g. "3.14.2")."""
    environment: dict[str, str] = dict(default_environment())
    environment.update(
        python_version=".".join(python.split(".")[:2]),
        python_full_version=python,
        sys_platform="emscripten",
        platform_system="Emscripten",
        platform_machine="wasm32",
        os_name="posix",
        implementation_name="cpython",
        platform_python_implementation="CPython",
    )
    return environment


def dependency_pins(root: str, python: str) -> dict[str, str]:
    """Every distribution `root` needs in Pyodide, pinned to the version installed here."""
    environment = pyodide_environment(python)
    pins: dict[str, str] = {}
    todo = [root]
    for _ in range(1000):  # far more than any real tree: a bound, not a limit
        if not todo:
            break
        name = todo.pop()
        for spec in metadata.requires(name) or []:
            requirement = Requirement(spec)
            marker = requirement.marker
            if marker is not None and not marker.evaluate({**environment, "extra": ""}):
                continue
            key = canonicalize_name(requirement.name)
            if key not in pins:
                pins[key] = metadata.version(requirement.name)
                todo.append(requirement.name)
    return pins


def _download(target: Path, pins: dict[str, str], python: str) -> list[Path]:
    done = target / "complete.json"
    if done.exists() and json.loads(done.read_text(encoding="utf-8")) == pins:
        return sorted(target.glob("*.whl"))
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    # Pure wheels only (Pyodide installs no others from files), one pip call for all of them.
    _run(
        [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
            "--only-binary=:all:", "--platform=any", "--implementation=py", "--abi=none",
            f"--python-version={'.'.join(python.split('.')[:2])}", "--dest", str(target),
            *(f"{name}=={version}" for name, version in sorted(pins.items())),
        ]
    )  # fmt: skip
    wheels = sorted(target.glob("*.whl"))
    if len(wheels) != len(pins):
        raise RuntimeError(f"expected {len(pins)} wheels for {pins}, got {wheels}")
    done.write_text(json.dumps(pins), encoding="utf-8")
    return wheels


def _our_wheel(target: Path) -> Path:
    existing = sorted(target.glob("anywidget-*.whl"))
    if existing:
        return existing[0]
    # The kernel side only: in Pyodide the front end comes from the host (JupyterLite's
    # federated extensions), so the JavaScript build is skipped.
    env = {**os.environ, "SKIP_JUPYTER_BUILDER": "1"}
    building = target.with_name(target.name + "-building")
    shutil.rmtree(building, ignore_errors=True)
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(building), "."],
        cwd=REPO,
        env=env,
    )
    building.rename(target)
    (wheel,) = target.glob("anywidget-*.whl")
    return wheel
