"""Widgets' Python -> page state updates, merged only when the kernel sends them faster than a server passes them."""

from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING, Any, Callable

from .later import call_later

if TYPE_CHECKING:
    from .later import Scheduled

# Jupyter servers drop a kernel's IOPub messages beyond 1000 a second (`iopub_msg_rate_limit`,
# averaged over 3 s): the last value of a tight `w.value = i` loop included. The kernel's widgets
# together send up to BURST updates at once, then RATE a second, well under that limit and above
# any paced exchange (a round trip with the page takes milliseconds); past it, each widget's updates
# are merged into one carrying every key changed since, and the latest values always leave.
BURST = 100
RATE = 400.0

SendState = Callable[[dict[str, Any]], None]


class Budget:
    """A token bucket: `burst` messages at once, refilled at `rate` a second."""

    def __init__(
        self, burst: int = BURST, rate: float = RATE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if burst < 1 or rate <= 0:
            raise ValueError(f"a budget needs burst >= 1 and rate > 0, got {burst} and {rate}")
        self._burst = float(burst)
        self._rate = rate
        self._clock = clock
        self._tokens = float(burst)
        self._stamp = clock()
        self._lock = threading.Lock()

    def take(self) -> float:
        """Take one message's token if there is one (0.0); else the seconds until there will be."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
            self._stamp = now
            if self._tokens >= 1:
                self._tokens -= 1
                return 0.0
            return (1 - self._tokens) / self._rate


def kernel_budget(platform: str = sys.platform) -> Budget | None:
    """The budget a kernel on `platform` needs: None in Pyodide, where no server stands between
    kernel and page (JupyterLite, marimo's WebAssembly notebooks), so updates leave at once."""
    return None if platform == "emscripten" else Budget()


# One per kernel process, shared by every widget: the server's limit is per kernel.
KERNEL_BUDGET = kernel_budget()


class Outbox:
    """One widget's updates: sent at once while the budget allows, else merged and sent on time.

    Merged state leaves with the first of: an update that finds a token in the budget, the
    callback scheduled when it was held (`_later.call_later`: a short-lived thread in a kernel,
    an async server's own event loop), and any other message of the widget (`flush`), so the page sees the
    widget's messages in the order they were sent. Where nothing can be scheduled, held state
    leaves at once: state is never held with nothing due to send it.
    """

    def __init__(self, send: SendState, budget: Budget | None = KERNEL_BUDGET) -> None:
        self._send = send
        self._budget = budget
        self._pending: dict[str, Any] | None = None
        # The callback due to send held state, and the token it will present.
        self._due: Scheduled | None = None
        self._token: object | None = None
        # Reentrant: sending may run code (e.g. a module closing) that updates this widget again.
        self._lock = threading.RLock()
        self._idle = threading.Condition(self._lock)

    def update(self, state: dict[str, Any]) -> None:
        """Send `state` now if the budget allows, else merge it into what leaves next."""
        if self._budget is None:
            self._send(state)  # nothing to pace for
            return
        with self._lock:
            if self._pending is not None:
                self._pending.update(state)
                # Out as soon as there is a token: a burst that keeps the thread busy (a cell
                # updating a widget as it works) shows its progress without waiting for the callback.
                if self._budget.take() == 0.0:
                    self._send_pending()
                return
            wait = self._budget.take()
            if wait == 0.0:
                self._send(state)
                return
            self._pending = dict(state)
            self._schedule(wait)

    def flush(self) -> None:
        """Send merged state now (before another message, or when the widget closes)."""
        with self._lock:
            if self._pending is not None and self._budget is not None:
                self._budget.take()  # counted, though it leaves now whatever the budget says
            self._send_pending()

    @property
    def pending(self) -> bool:
        """Whether merged state is waiting to leave."""
        with self._lock:
            return self._pending is not None

    def wait_sent(self, timeout: float) -> bool:
        """Wait (at most `timeout` seconds) until no merged state waits; say whether none does.

        From a thread whose event loop is to send it, this only times out: await there instead.
        """
        with self._lock:
            return self._idle.wait_for(lambda: self._pending is None, timeout)

    def _send_pending(self) -> None:
        due, self._due, self._token = self._due, None, None
        if due is not None:
            due.cancel()
        pending, self._pending = self._pending, None
        if pending is not None:
            self._send(pending)
        self._idle.notify_all()

    def _schedule(self, delay: float) -> None:
        # One callback at a time: one that finds another token when it runs was superseded.
        token = object()
        due = call_later(delay, lambda early: self._on_time(token, early), name="anywidget-outbox")
        if due is None:
            self._send_pending()  # nothing can send it later: it leaves now
            return
        self._due, self._token = due, token

    def _on_time(self, token: object, early: bool) -> None:
        with self._lock:
            if self._token is not token:
                return  # sent or rescheduled meanwhile
            self._due = self._token = None
            # Early: the event loop that was to send it is ending, so now or never.
            wait = 0.0 if early or self._budget is None else self._budget.take()
            if wait > 0.0:
                self._schedule(wait)  # other widgets took the tokens first
            else:
                self._send_pending()
