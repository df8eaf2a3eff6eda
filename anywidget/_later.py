"""Running a callback after a delay without counting on a thread: the caller's event loop first."""

from __future__ import annotations

import contextlib
import contextvars
import sys
import threading
from typing import TYPE_CHECKING, Callable, Protocol

if TYPE_CHECKING:
    import asyncio


class Scheduled(Protocol):
    """A callback due later; `cancel` (from any thread) keeps it from running."""

    def cancel(self) -> None: ...


def call_later(delay: float, callback: Callable[[], None], name: str) -> Scheduled | None:
    """Run `callback` in about `delay` seconds; None when nothing can run it later.

    On the event loop this thread runs (a kernel's), the callback runs on this same thread,
    in the caller's context, and no thread starts; the loop gets to it once the code running on
    it returns or awaits. Elsewhere a daemon thread called `name` runs it, in a copy of the
    caller's context (hosts such as Shiny find their session in a context variable). Where no
    thread can start (Pyodide, or a process out of threads) and no loop runs, None.
    """
    loop = _running_loop()
    if loop is not None and not loop.is_closed():
        return _OnLoop(loop, loop.call_later(delay, callback))
    context = contextvars.copy_context()
    timer = threading.Timer(delay, context.run, args=(callback,))
    timer.daemon = True
    timer.name = name
    try:
        timer.start()
    except RuntimeError:  # "can't start new thread"
        return None
    return timer


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
    """A callback on an event loop, cancellable from other threads too (a loop is not thread-safe)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, handle: asyncio.TimerHandle) -> None:
        self._loop = loop
        self._handle = handle
        self._thread = threading.get_ident()

    def cancel(self) -> None:
        if threading.get_ident() == self._thread:
            self._handle.cancel()
            return
        # A loop closed meanwhile refuses: its callbacks will never run anyway.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._handle.cancel)
