"""`NotebookPage`: drive one open notebook in JupyterLab, Notebook 7 or nbclassic.

Owns: the front-end specific JavaScript used to open a notebook, append and execute
cells, read their outputs, and locate their output DOM; plus failure evidence
(screenshot, browser console and server log tail in the raised error).
"""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from .frontend_js import SNIPPETS
from .servers import JupyterServer

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_counter = itertools.count()


class NotebookError(AssertionError):
    """A notebook action failed or timed out (message includes evidence paths/logs)."""


class CellError(AssertionError):
    """A cell produced an error output; carries the exception name and value."""

    def __init__(self, message: str, ename: str, evalue: str) -> None:
        super().__init__(message)
        self.ename = ename
        self.evalue = evalue


def _text(value: Any) -> str:
    # nbformat multiline strings may be stored as a list of lines.
    return "".join(value) if isinstance(value, list) else str(value or "")


class NotebookPage:
    """One notebook opened in one front end inside a Playwright page."""

    def __init__(
        self,
        page: Page,
        server: JupyterServer,
        artifacts_dir: Path,
        timeout: float = 30.0,
    ) -> None:
        self.page = page
        self.server = server
        self.frontend = server.frontend
        self.artifacts_dir = artifacts_dir
        self.timeout = timeout
        self.path: str | None = None
        self.console: list[str] = []
        self._js = SNIPPETS["nbclassic" if self.frontend == "nbclassic" else "lab"]
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self._on_console_text(f"[pageerror] {exc}"))

    # ------------------------------------------------------------- plumbing
    def _on_console(self, msg: Any) -> None:
        self._on_console_text(f"[{msg.type}] {msg.text}")

    def _on_console_text(self, line: str) -> None:
        self.console.append(line[:500])
        del self.console[:-200]  # keep the last 200 lines only

    def _call(self, name: str, **arg: Any) -> Any:
        return self.page.evaluate(f"(a) => {{ {self._js[name]} }}", arg)

    def _wait(self, name: str, what: str, timeout: float | None, **arg: Any) -> None:
        try:
            self.page.wait_for_function(
                f"(a) => {{ {self._js[name]} }}",
                arg=arg,
                timeout=(timeout or self.timeout) * 1000,
                polling=50,
            )
        except PlaywrightError as exc:
            self.fail(f"{what}: {exc}")

    def screenshot(self, name: str) -> Path | None:
        """Save a full-page screenshot as evidence; returns its path (None on failure)."""
        target = self.artifacts_dir / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.page.screenshot(path=str(target), full_page=True, timeout=10_000)
        except PlaywrightError:
            return None
        return target

    def evidence(self, name: str) -> str:
        """Screenshot + browser console tail + server log tail, as one text block."""
        shot = self.screenshot(f"{self.frontend}-{name}")
        console = "\n".join(self.console[-40:]) or "<empty>"
        return (
            f"front end: {self.frontend}, notebook: {self.path}, url: {self.page.url}\n"
            f"screenshot: {shot}\n--- browser console tail ---\n{console}\n"
            f"{self.server.log_tail(40)}"
        )

    def fail(self, message: str) -> None:
        """Raise NotebookError with the message and collected evidence."""
        raise NotebookError(f"{message}\n{self.evidence('failure-' + str(next(_counter)))}")

    # ----------------------------------------------------------------- API
    def open(self, path: str, timeout: float = 90.0, widgets: bool = True) -> None:
        """Open notebook `path` (relative to the server root) and wait for an idle kernel.

        With `widgets`, also wait until the ipywidgets manager can receive comms.
        """
        self.path = path
        self.page.goto(self.server.notebook_url(path), wait_until="domcontentloaded")
        self._wait(
            "ready",
            f"notebook {path!r} did not become ready (idle kernel, widgets={widgets})",
            timeout,
            path=path,
            widgets=widgets,
            mime=WIDGET_VIEW_MIME,
        )

    def save(self) -> None:
        """Save the notebook as the user would (the server signs it, so its outputs stay trusted)."""
        self._call("save", path=self.path)

    def reload(self, timeout: float = 90.0) -> None:
        """Reload the browser page and wait, as `open` does, for an idle kernel and the widget manager."""
        if self.path is None:
            raise ValueError("reload() needs an open notebook")
        self.page.reload(wait_until="domcontentloaded")
        self._wait(
            "ready",
            f"notebook {self.path!r} did not become ready after a reload",
            timeout,
            path=self.path,
            widgets=True,
            mime=WIDGET_VIEW_MIME,
        )

    def cell_count(self) -> int:
        """Number of cells currently in the notebook."""
        return int(self._call("count", path=self.path))

    def run(self, code: str, timeout: float | None = None) -> int:
        """Append a code cell with `code`, execute it, wait for it; return its index.

        Raises CellError if the cell's outputs contain an error (traceback).
        """
        if not code.strip():
            raise ValueError("run() needs non-empty code (empty cells never execute)")
        token = f"run{next(_counter)}"
        index = int(self._call("run", path=self.path, code=code, token=token))
        return self._finish(index, token, code, timeout)

    def rerun(self, index: int, timeout: float | None = None) -> int:
        """Execute existing cell `index` again (its old outputs are cleared first)."""
        token = f"run{next(_counter)}"
        self._call("rerun", path=self.path, index=index, token=token)
        return self._finish(index, token, f"<cell {index} again>", timeout)

    def _finish(self, index: int, token: str, code: str, timeout: float | None) -> int:
        """Wait for the execution started under `token`; raise CellError on an error output."""
        self._wait(
            "done",
            f"cell {index} did not finish executing:\n{code}",
            timeout,
            path=self.path,
            token=token,
            index=index,
        )
        state = self.page.evaluate("(t) => window.__e2e[t]", token)
        if state.get("error"):
            self.fail(f"running cell {index} failed in the front end: {state['error']}")
        for out in self.outputs(index):
            if out.get("output_type") == "error":
                ename, evalue = str(out.get("ename", "")), str(out.get("evalue", ""))
                trace = _ANSI.sub("", "\n".join(_text(t) for t in out.get("traceback", [])))
                raise CellError(
                    f"cell {index} raised {ename}: {evalue}\n--- code ---\n{code}\n"
                    f"--- traceback ---\n{trace}",
                    ename,
                    evalue,
                )
        return index

    def outputs(self, index: int) -> list[dict[str, Any]]:
        """The cell's outputs as nbformat JSON dicts, read from the front end's model."""
        return list(self._call("outputs", path=self.path, index=index))

    def output(self, index: int) -> Locator:
        """Locator of the cell's output area element (search widget DOM inside it)."""
        if not self._call("tag", path=self.path, index=index):
            self.fail(f"cell {index} has no output area")
        return self.page.locator(f'[data-e2e-output="{index}"]')

    def output_text(self, index: int) -> str:
        """Concatenated stream (stdout/stderr) text and execute_result text/plain."""
        parts: list[str] = []
        for out in self.outputs(index):
            kind = out.get("output_type")
            if kind == "stream":
                parts.append(_text(out.get("text")))
            elif kind == "execute_result":
                parts.append(_text(out.get("data", {}).get("text/plain")))
        return "".join(parts)

    def run_and_read(self, code: str, timeout: float | None = None) -> str:
        """Run `code` in a new cell and return its printed text, stripped."""
        return self.output_text(self.run(code, timeout=timeout)).strip()

    def read_until(
        self, code: str, expected: str, timeout: float = 15.0, attempts: int = 30
    ) -> str:
        """Re-run `code` in new cells until its stripped text equals `expected`.

        For browser -> kernel sync: the kernel only sees comm updates between cells,
        so each attempt is a fresh execution (bounded by `attempts` and `timeout`).
        """
        deadline = time.monotonic() + timeout
        text = ""
        for _ in range(attempts):
            text = self.run_and_read(code, timeout=max(deadline - time.monotonic(), 1.0))
            if text == expected or time.monotonic() > deadline:
                break
        if text != expected:
            self.fail(f"{code!r} printed {text!r}, expected {expected!r} within {timeout}s")
        return text
