"""A kernel websocket connection with TCP_NODELAY set, for the benchmarks' low-latency reference server.

Loaded by jupyter_server (`ServerApp.kernel_websocket_connection_class`) from this folder on
PYTHONPATH; the stock connection leaves Nagle's algorithm on, so every small exchange waits ~40 ms
for a delayed ACK on loopback and hides the differences a round-trip benchmark is after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

if TYPE_CHECKING:
    import asyncio


class NoDelayConnection(ZMQChannelsWebsocketConnection):
    """The stock ZMQ <-> websocket bridge, with Nagle's algorithm off on the websocket."""

    def connect(self) -> asyncio.Future[None] | None:
        # Called from the handler's `open`, when tornado's stream exists.
        self.websocket_handler.set_nodelay(True)
        return super().connect()
