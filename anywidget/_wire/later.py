"""Running a callback after a delay without counting on a thread: a thread or the caller's event loop."""

from __future__ import annotations

import contextlib
import contextvars
import sys
import threading
from typing import TYPE_CHECKING, Callable, Protocol

if TYPE_CHECKING:
    import asyncio

# Called with `early=True` when the event loop it waited on ends first: now or never.
Callback = Callable[[bool], None]


class Scheduled(Protocol):
    """A callback due later; `cancel` (from any thread) keeps it from running."""

    def cancel(self) -> None: ...


def call_later(delay: float, callback: Callback, name: str) -> Scheduled | None:
    """Run `callback(early=False)` in about `delay` seconds; None when nothing can run it later.

    On the event loop this thread runs (an async server's, such as Shiny's), the callback runs
    on this same thread, in the caller's context, and no thread starts; the loop gets to it once
    the code running on it returns or awaits. A loop that ends first (``asyncio.run`` cancels what
    is pending) runs it at once with `early=True`. In an IPython kernel, whose loop runs each cell
    to its end before anything else, and where no loop runs, a daemon thread called `name` runs
    it, in a copy of the caller's context, so a cell that keeps working still shows its widgets'
    last values; the kernel's loop serves only where no thread can start. None where neither
    can run it (Pyodide with no loop, or a process out of threads).
    """
    loop = _running_loop()
    if loop is not None and not _in_ipython_kernel():
        return _OnLoop(loop, delay, callback)
    context = contextvars.copy_context()
    timer = threading.Timer(delay, context.run, args=(callback, False))
    timer.daemon = True
    timer.name = name
    try:
        timer.start()
    except RuntimeError:  # "can't start new thread"
        return None if loop is None else _OnLoop(loop, delay, callback)
    return timer


def _in_ipython_kernel() -> bool:
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def _running_loop() -> asyncio.AbstractEventLoop | None:
    # No loop can run before asyncio is imported, and importing it only to find that out would
    # make `import anywidget` slower.
    aio = sys.modules.get("asyncio")
    if aio is None:
        return None
    try:
        loop: asyncio.AbstractEventLoop = aio.get_running_loop()
    except RuntimeError:
        return None
    return loop


class _OnLoop:
    """A callback waiting in a task of an event loop (a task, unlike a timer handle, hears that
    its loop is ending), cancellable from other threads too (a loop is not thread-safe)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, delay: float, callback: Callback) -> None:
        self._loop = loop
        self._thread = threading.get_ident()
        self._cancelled = False
        # A task runs in a copy of the context it was created in: the caller's.
        self._task = loop.create_task(self._wait(delay, callback))

    async def _wait(self, delay: float, callback: Callback) -> None:
        aio = sys.modules["asyncio"]
        try:
            await aio.sleep(delay)
        except aio.CancelledError:
            if not self._cancelled:
                callback(True)  # the loop is ending before the time came
            raise
        callback(False)

    def cancel(self) -> None:
        self._cancelled = True
        if threading.get_ident() == self._thread:
            self._task.cancel()
            return
        # A loop closed meanwhile refuses: its tasks will never run anyway.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._task.cancel)
