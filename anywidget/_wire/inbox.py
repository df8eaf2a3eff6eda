"""One comm's way in: chunks put back together, malformed messages dropped, kernel-owned keys taken out, each kind of problem reported once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .chunks import Uploads
from .guard import PROTECTED_KEYS, Reports, admit

if TYPE_CHECKING:
    import logging
    from collections.abc import Container

    Logger = logging.Logger | logging.LoggerAdapter[Any]


class Inbox:
    """What the page sends one widget model, admitted (or refused) before the model acts on it.

    `reply` sends the kernel's answer to a refused chunk; `log` is where problems are reported,
    once per kind, naming `owner`.
    """

    def __init__(
        self,
        owner: str,
        reply: Callable[[dict[str, Any]], None],
        log: Logger,
        owned: Container[str] = PROTECTED_KEYS,
    ) -> None:
        self.uploads = Uploads()
        self.reports = Reports(owner, log)
        self._reply = reply
        self._owned = owned

    def admit(self, msg: dict[str, Any]) -> dict[str, Any] | None:
        """`msg` as the model should handle it, or None when there is nothing to handle yet."""
        return admit(msg, self.uploads, self._reply, self.reports, self._owned)
