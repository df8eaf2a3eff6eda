"""`call_later`: on the caller's running event loop (and early if that loop ends first), except in an
IPython kernel, whose loop is busy with the cell; else a timer thread, else nothing (the caller is told)."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from typing import TYPE_CHECKING

from anywidget._wire.later import call_later

if TYPE_CHECKING:
    from conftest import Refused

session = contextvars.ContextVar("session", default="none")


def test_on_a_running_loop_the_callback_runs_on_its_thread_and_starts_none(no_threads: Refused):
    async def main() -> tuple[int, int, str]:
        ran = asyncio.Event()
        seen: list[tuple[int, str]] = []

        def callback(early: bool) -> None:
            assert not early
            seen.append((threading.get_ident(), session.get()))
            ran.set()

        session.set("cell 1")
        assert call_later(0.001, callback, name="test") is not None
        session.set("cell 2")
        await asyncio.wait_for(ran.wait(), timeout=5)
        return threading.get_ident(), *seen[0]

    caller, ran_on, context = asyncio.run(main())
    assert ran_on == caller
    assert context == "cell 1"  # the context of the call, not of later code
    assert no_threads.attempts == 0


def test_without_a_loop_a_named_thread_runs_it_in_the_callers_context():
    ran = threading.Event()
    seen: list[tuple[str, str, bool]] = []

    def callback(early: bool) -> None:
        seen.append((threading.current_thread().name, session.get(), early))
        ran.set()

    def caller() -> None:
        session.set("shiny session")
        assert call_later(0.001, callback, name="anywidget-test") is not None

    thread = threading.Thread(target=caller)
    thread.start()
    thread.join(timeout=5)
    assert ran.wait(timeout=5)
    assert seen == [("anywidget-test", "shiny session", False)]


def test_nothing_is_scheduled_where_no_thread_starts_and_no_loop_runs(no_threads: Refused):
    assert call_later(0.001, lambda early: None, name="test") is None
    assert no_threads.attempts == 1


def test_a_loop_callback_cancelled_from_another_thread_never_runs():
    async def main() -> list[str]:
        ran: list[str] = []
        later = asyncio.Event()
        first = call_later(0.05, lambda early: ran.append("cancelled one"), name="test")
        assert first is not None
        canceller = threading.Thread(target=first.cancel)
        canceller.start()
        canceller.join(timeout=5)
        # A callback due after the cancelled one: once it has run, the first would have too.
        call_later(0.1, lambda early: later.set(), name="test")
        await asyncio.wait_for(later.wait(), timeout=5)
        return ran

    assert asyncio.run(main()) == []


def test_a_loop_that_ends_first_runs_the_callback_at_once_as_early():
    calls: list[bool] = []

    async def main() -> None:
        call_later(60, calls.append, name="test")  # asyncio.run ends long before

    asyncio.run(main())
    assert calls == [True]


def test_a_timer_thread_cancelled_before_its_time_never_runs():
    ran = threading.Event()
    timer = call_later(5, lambda early: ran.set(), name="anywidget-test")
    assert isinstance(timer, threading.Timer)
    timer.cancel()
    timer.join(timeout=5)
    assert not timer.is_alive()
    assert not ran.is_set()


class _KernelShell:
    kernel = object()  # what an IPython kernel's shell has and a terminal's has not


def test_in_an_ipython_kernel_a_thread_runs_it_though_a_loop_runs(monkeypatch):
    # The kernel's loop runs a cell to its end before anything else: a callback there would wait.
    monkeypatch.setattr("IPython.get_ipython", lambda: _KernelShell())

    async def main() -> str:
        ran = threading.Event()
        names: list[str] = []

        def callback(early: bool) -> None:
            names.append(threading.current_thread().name)
            ran.set()

        call_later(0.001, callback, name="anywidget-test")
        # Blocks the loop, as a running cell does: only a thread can run the callback now.
        assert ran.wait(timeout=5)
        return names[0]

    assert asyncio.run(main()) == "anywidget-test"


def test_in_an_ipython_kernel_without_threads_its_loop_runs_it(monkeypatch, no_threads: Refused):
    monkeypatch.setattr("IPython.get_ipython", lambda: _KernelShell())

    async def main() -> bool:
        ran = asyncio.Event()
        assert call_later(0.001, lambda early: ran.set(), name="test") is not None
        await asyncio.wait_for(ran.wait(), timeout=5)
        return ran.is_set()

    assert asyncio.run(main())
    assert no_threads.attempts == 1
