"""Fixtures for kernel-side tests: a comm that records what a widget sends, so no kernel is needed;
and a process where no thread can start, as in Pyodide."""

from __future__ import annotations

import threading
from typing import Any

import comm
import pytest
from comm.base_comm import BaseComm


class RecordingComm(BaseComm):
    """A comm that keeps every message the widget publishes."""

    def __init__(self, **kwargs: Any) -> None:
        self.sent: list[tuple[str, dict[str, Any], list[Any]]] = []
        super().__init__(**kwargs)

    def publish_msg(
        self,
        msg_type: str,
        data: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        buffers: list[Any] | None = None,
        **keys: Any,
    ) -> None:
        self.sent.append((msg_type, data or {}, list(buffers or [])))

    def receive(self, data: dict[str, Any], buffers: list[Any] | None = None) -> None:
        """Deliver a message as if the front end had sent it."""
        self.handle_msg(
            {"content": {"comm_id": self.comm_id, "data": data}, "buffers": buffers or []}
        )


@pytest.fixture
def comms(monkeypatch: pytest.MonkeyPatch) -> list[RecordingComm]:
    created: list[RecordingComm] = []

    def create(**kwargs: Any) -> RecordingComm:
        recording = RecordingComm(**kwargs)
        created.append(recording)
        return recording

    monkeypatch.setattr(comm, "create_comm", create)
    return created


class Refused:
    """Counts the threads refused a start."""

    def __init__(self) -> None:
        self.attempts = 0


@pytest.fixture
def no_threads(monkeypatch: pytest.MonkeyPatch) -> Refused:
    """`threading.Thread.start` as in Pyodide: every call raises."""
    refused = Refused()

    def start(thread: threading.Thread) -> None:
        refused.attempts += 1
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", start)
    return refused
