"""Reads the TCP options of a running server's connections, to see what the server itself set.

Linux only: `pidfd_getfd` duplicates another process's socket into this one (the tests start the
server, so they may), and `getsockopt` on the copy reads the shared socket's options.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import socket
from collections.abc import Iterator

# Same numbers on every Linux architecture (the unified syscall table).
_PIDFD_OPEN = 434
_PIDFD_GETFD = 438
_libc = ctypes.CDLL(None, use_errno=True)


def _syscall(number: int, *args: int) -> int:
    result = int(_libc.syscall(number, *args))
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))
    return result


@contextlib.contextmanager
def _pidfd(pid: int) -> Iterator[int]:
    fd = _syscall(_PIDFD_OPEN, pid, 0)
    try:
        yield fd
    finally:
        os.close(fd)


def connections_on_port(pid: int, port: int) -> list[dict[str, object]]:
    """Every connected TCP socket of process `pid` whose local port is `port`, with its options."""
    found = []
    with _pidfd(pid) as pidfd:
        for name in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                if not os.readlink(f"/proc/{pid}/fd/{name}").startswith("socket:"):
                    continue
                copy = _syscall(_PIDFD_GETFD, pidfd, int(name), 0)
                with socket.socket(fileno=copy) as sock:
                    if sock.type != socket.SOCK_STREAM or sock.family not in (
                        socket.AF_INET,
                        socket.AF_INET6,
                    ):
                        continue
                    if sock.getsockname()[1] != port:
                        continue
                    peer = sock.getpeername()  # raises for the listening socket
                    nodelay = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
                    found.append({"peer": peer, "nodelay": bool(nodelay)})
    return found
