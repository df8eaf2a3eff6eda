"""Start and stop one throwaway Jupyter server per front end (lab, notebook, nbclassic).

Owns: the server process, its private config/runtime/settings dirs, its log file,
its REST helpers, and the mapping from a notebook path to that front end's URL.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FRONTENDS: tuple[str, ...] = ("lab", "notebook", "nbclassic")

# Extensions that would reach out to the network or pop up dialogs at start-up.
_DISABLED_LAB_EXTENSIONS = {
    "@jupyterlab/apputils-extension:announcements": True,
}

# JupyterLab / Notebook 7 settings written to the throwaway settings dir.
_LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/notebook-extension/tracker": {
        # Lab hides outputs beyond the first 50 by default.
        "maxNumberOutputs": 100000,
        # The default windowing detaches or lazily lays out off-screen cells;
        # "none" keeps every cell attached so locators find their outputs.
        "windowingMode": "none",
    },
    "@jupyterlab/apputils-extension/notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
        "doNotDisturbMode": True,
    },
    # Tests save when they mean to; a timed autosave would make what a reopened page shows
    # (saved outputs render their widgets too) depend on how slow the machine is.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


def free_port() -> int:
    """Ask the OS for a currently unused loopback TCP port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerError(RuntimeError):
    """The server failed to start or answer; message carries the log tail."""


@contextlib.contextmanager
def serving(
    command: list[str], ready_url: str, workdir: Path, env: dict[str, str], timeout: float = 60.0
) -> Iterator[None]:
    """Run a web server `command` in `workdir` (output in workdir/server.log) until `ready_url`
    answers, and stop it afterwards."""
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command,
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise ServerError(f"{command[2]} exited:\n{log_path.read_text()[-3000:]}")
                with contextlib.suppress(OSError, urllib.error.URLError):
                    urllib.request.urlopen(ready_url, timeout=2).close()
                    break
                if time.monotonic() > deadline:
                    raise ServerError(
                        f"{command[2]} not ready in {timeout}s:\n{log_path.read_text()[-3000:]}"
                    )
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=0.25)  # wakes early if the server dies
            yield
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


class JupyterServer:
    """One Jupyter server process serving a single front end from a temp root dir."""

    def __init__(
        self,
        frontend: str,
        workdir: Path | None = None,
        disabled: tuple[str, ...] = (),
        python: str = sys.executable,
        env: dict[str, str] | None = None,
        kernel_python: str | None = None,
    ) -> None:
        if frontend not in FRONTENDS:
            raise ValueError(f"unknown front end {frontend!r}; expected one of {FRONTENDS}")
        self.frontend = frontend
        # The environment serving Jupyter (and its kernels): benchmarks compare installations.
        self.python = python
        # Kernels from another environment than the server's (a `python3` kernelspec of its own).
        self.kernel_python = kernel_python
        self.extra_env = dict(env or {})
        # Lab extensions (package names or plugin ids) switched off, e.g. to simulate a missing one.
        self.disabled = {**_DISABLED_LAB_EXTENSIONS, **dict.fromkeys(disabled, True)}
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix=f"e2e-{frontend}-"))
        self.root_dir = self.workdir / "root"
        self.log_path = self.workdir / "server.log"
        self.token = secrets.token_hex(16)
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_file: Any = None

    # ----------------------------------------------------------------- urls
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def notebook_url(self, path: str) -> str:
        """URL that opens `path` (relative to root_dir) in this server's front end."""
        quoted = urllib.parse.quote(path)
        prefix = {
            "lab": "lab/tree",
            "notebook": "notebooks",
            # With Notebook 7 installed, nbclassic is mounted under /nbclassic/.
            "nbclassic": "nbclassic/notebooks",
        }[self.frontend]
        return f"{self.base_url}{prefix}/{quoted}?token={self.token}"

    # -------------------------------------------------------------- process
    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        dirs = {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
            "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
            "IPYTHONDIR": "ipython",
            # Own notebook-signature store, so tests can trust notebooks without touching $HOME.
            # Installed extensions live under sys.prefix, which stays on the data path.
            "JUPYTER_DATA_DIR": "data",
        }
        for var, name in dirs.items():
            path = self.workdir / name
            path.mkdir(parents=True, exist_ok=True)
            env[var] = str(path)
        env["PYTHONUNBUFFERED"] = "1"
        # Make sure kernels use the same interpreter as the server.
        env["PATH"] = f"{Path(self.python).parent}{os.pathsep}{env.get('PATH', '')}"
        if self.kernel_python is not None:
            # In a venv, jupyter_core looks at the venv's kernelspecs before the data dir's.
            env["JUPYTER_PREFER_ENV_PATH"] = "0"
        env.update(self.extra_env)
        return env

    def _write_config(self) -> None:
        labconfig = self.workdir / "config" / "labconfig"
        labconfig.mkdir(parents=True, exist_ok=True)
        (labconfig / "page_config.json").write_text(
            json.dumps({"disabledExtensions": self.disabled})
        )
        if self.kernel_python is not None:
            # The server's own data dir comes first on the kernelspec path (see _env): it wins.
            spec = self.workdir / "data" / "kernels" / "python3" / "kernel.json"
            spec.parent.mkdir(parents=True, exist_ok=True)
            argv = [self.kernel_python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
            spec.write_text(
                json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"})
            )
        settings = self.workdir / "lab-settings"
        for plugin_id, values in _LAB_SETTINGS.items():
            package, plugin = plugin_id.rsplit("/", 1)
            target = settings / package / f"{plugin}.jupyterlab-settings"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values))

    def _command(self) -> list[str]:
        sub = {"lab": "lab", "notebook": "notebook", "nbclassic": "nbclassic"}[self.frontend]
        cmd = [
            self.python, "-m", "jupyter", sub,
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.allow_root=True",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--IdentityProvider.token={self.token}",
        ]  # fmt: skip
        if self.frontend == "lab":
            cmd += [
                "--LabApp.expose_app_in_browser=True",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class="
                "jupyterlab.handlers.announcements.NeverCheckForUpdate",
            ]
        elif self.frontend == "notebook":
            cmd += ["--JupyterNotebookApp.expose_app_in_browser=True"]
        return cmd

    @property
    def pid(self) -> int:
        if self._proc is None:
            raise ServerError("the server is not running")
        return self._proc.pid

    def jupyter(self, *args: str, timeout: float = 60.0) -> str:
        """Run `jupyter ARGS` with this server's environment and config dirs; returns its output."""
        result = subprocess.run(
            [self.python, "-m", "jupyter", *args],
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
        return result.stdout + result.stderr

    def start(self, timeout: float = 60.0) -> None:
        """Launch the server and block until /api/status answers 200."""
        self.root_dir.mkdir(parents=True, exist_ok=True)
        self._write_config()
        self.port = free_port()
        self._log_file = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self._proc = subprocess.Popen(
            self._command(),
            cwd=self.root_dir,
            env=self._env(),
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        last_error = ""
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise ServerError(
                    f"{self.frontend} server exited with {self._proc.returncode}\n{self.log_tail()}"
                )
            try:
                if self.api("GET", "api/status", timeout=2.0) is not None:
                    return
            except (OSError, urllib.error.URLError) as exc:
                last_error = repr(exc)
            # Bounded back-off while the server boots; waits on the process, not a sleep.
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=0.25)
        self.stop()
        raise ServerError(
            f"{self.frontend} server not ready after {timeout}s ({last_error})\n{self.log_tail()}"
        )

    def stop(self, timeout: float = 15.0) -> None:
        """Terminate the server (then kill after `timeout`) and remove its temp dir."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def cleanup(self) -> None:
        """Delete the server's working dir (only if this object created it)."""
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    # ------------------------------------------------------------------ api
    def api(self, method: str, path: str, body: Any = None, timeout: float = 10.0) -> Any:
        """Call the REST API; returns the decoded JSON (or None for empty bodies)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"{self.base_url}{path.lstrip('/')}",
            data=data,
            method=method,
            headers={
                "Authorization": f"token {self.token}",
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else {}

    def shutdown_sessions_for(self, path: str) -> None:
        """Delete every session (and so its kernel) attached to notebook `path`."""
        for session in self.api("GET", "api/sessions"):
            if session.get("path") == path:
                self.api("DELETE", f"api/sessions/{session['id']}")

    def forget_workspaces(self) -> None:
        """Drop saved Lab workspaces, so the next page opens only its own notebook (Lab otherwise
        reopens every notebook earlier tests opened, each with a kernel)."""
        for workspace in (self.workdir / "lab-workspaces").glob("*"):
            workspace.unlink()

    def trust(self, path: str) -> None:
        """Sign notebook `path` (relative to root_dir) as this server's user would with `jupyter trust`."""
        import nbformat
        from nbformat.sign import NotebookNotary

        file = self.root_dir / path
        notary = NotebookNotary(data_dir=str(self.workdir / "data"))
        nb = nbformat.read(str(file), as_version=4)
        notary.sign(nb)
        notary.store.close()

    def log_tail(self, lines: int = 60) -> str:
        """Last `lines` lines of the server log, for error messages."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "<no server log>"
        tail = "\n".join(text.splitlines()[-lines:])
        return f"--- {self.frontend} server log tail ({self.log_path}) ---\n{tail}"

    def __enter__(self) -> JupyterServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.cleanup()
