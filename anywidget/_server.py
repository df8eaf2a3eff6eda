"""Jupyter server extension: kernel websockets send without Nagle's delay.

The stock server leaves Nagle's algorithm on for kernel websockets, so every small reply to the
page (a widget update, a status message) can wait ~40 ms for the page's TCP acknowledgement.
The extension wraps whichever kernel websocket connection class the server is configured with
and sets TCP_NODELAY on each kernel websocket as it opens; nothing else changes.
Switch it off with `jupyter server extension disable anywidget`.
"""

from __future__ import annotations

from typing import Any

SETTING = "kernel_websocket_connection_class"


def without_delay(base: type[Any]) -> type[Any]:
    """A subclass of the connection class `base` that opens its websocket with TCP_NODELAY."""
    if getattr(base, "_anywidget_nodelay", False):
        return base

    class NoDelayConnection(base):  # type: ignore[misc]
        _anywidget_nodelay = True

        def connect(self) -> Any:
            # The handshake is done when the connection connects: the stream exists.
            self.websocket_handler.set_nodelay(True)
            return super().connect()

    NoDelayConnection.__name__ = NoDelayConnection.__qualname__ = f"NoDelay{base.__name__}"
    return NoDelayConnection


def _load_jupyter_server_extension(serverapp: Any) -> None:
    settings = serverapp.web_app.settings
    base = settings.get(SETTING)
    if base is None:
        serverapp.log.warning("anywidget: no kernel websocket connection class to wrap; left as is")
        return
    settings[SETTING] = without_delay(base)
    serverapp.log.info("anywidget: kernel websockets send without delay (TCP_NODELAY)")
