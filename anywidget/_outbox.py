"""A widget's Python -> page state updates, merged once they come faster than a page can show them."""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

# Jupyter servers drop IOPub messages beyond 1000 a second (`iopub_msg_rate_limit`, averaged over
# 3 s), the last value of a tight `w.value = i` loop included, and a page cannot show more than one
# value a frame anyway. A widget sends up to BURST updates at once, then about RATE a second, each
# carrying every key changed since the one before; the latest values always leave.
BURST = 32
RATE = 60.0

SendState = Callable[[dict[str, Any]], None]


class Outbox:
    """Updates of one widget: sent at once while within the budget, else merged and sent on time.

    A token bucket (`burst` tokens, `rate` refilled a second) decides; merged state leaves when a
    token is back (from a short-lived timer thread, or from the next update), and before any other
    message of the widget (`flush`), so the page sees the widget's messages in the order sent.
    """

    def __init__(self, send: SendState, burst: int = BURST, rate: float = RATE) -> None:
        if burst < 1 or rate <= 0:
            raise ValueError(f"an outbox needs burst >= 1 and rate > 0, got {burst} and {rate}")
        self._send = send
        self._burst = float(burst)
        self._rate = rate
        self._tokens = float(burst)
        self._stamp = time.monotonic()
        self._pending: dict[str, Any] | None = None
        self._timer: threading.Timer | None = None
        # Reentrant: sending may run code (e.g. a module closing) that updates this widget again.
        self._lock = threading.RLock()
        self._idle = threading.Condition(self._lock)

    def update(self, state: dict[str, Any]) -> None:
        """Send `state` now if the budget allows, else merge it into what leaves next."""
        with self._lock:
            self._refill()
            if self._pending is None and self._tokens >= 1:
                self._tokens -= 1
                self._send(state)
                return
            if self._pending is None:
                self._pending = {}
            self._pending.update(state)
            if self._tokens >= 1:
                self._tokens -= 1
                self._send_pending()
            else:
                self._schedule((1 - self._tokens) / self._rate)

    def flush(self) -> None:
        """Send merged state now (before another message, or when the widget closes)."""
        with self._lock:
            self._send_pending()

    @property
    def pending(self) -> bool:
        """Whether merged state is waiting to leave."""
        with self._lock:
            return self._pending is not None

    def wait_sent(self, timeout: float) -> bool:
        """Wait (at most `timeout` seconds) until no merged state waits; say whether none does."""
        with self._lock:
            return self._idle.wait_for(lambda: self._pending is None, timeout)

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now

    def _send_pending(self) -> None:
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        pending, self._pending = self._pending, None
        if pending is not None:
            self._send(pending)
        self._idle.notify_all()

    def _schedule(self, delay: float) -> None:
        if self._timer is not None:
            return
        # One timer at a time, ending once it fires: no thread outlives the burst.
        timer = threading.Timer(delay, self._on_time)
        timer.daemon = True
        timer.name = "anywidget-outbox"
        self._timer = timer
        timer.start()

    def _on_time(self) -> None:
        with self._lock:
            if self._timer is None or threading.current_thread() is not self._timer:
                return  # cancelled or replaced meanwhile
            self._timer = None
            self._refill()
            self._tokens = max(self._tokens - 1, 0.0)
            self._send_pending()
