"""Messages the front end sent in chunks (its websocket refuses large ones), put back together.

A chunked message is one byte stream: the original message data as UTF-8 JSON, then each of its
buffers. The first chunk announces the stream's part sizes; every chunk carries its sequence
number and the next bytes in order, and the last one completes the message, which is then handled
as if sent whole. Memory grows with the bytes that arrive, not with the sizes announced, and only
a few uploads per widget may be open at once.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable

from ._protocol import CHUNK_ERROR_METHOD, CHUNK_METHOD

log = logging.getLogger(__name__)


class ChunkError(ValueError):
    """A chunk that does not fit the message it claims to belong to."""


# The front end sends one message's chunks at a time per widget; a few more open uploads than
# that can only be leftovers (a page gone mid-upload) or hostile, and the oldest are dropped.
MAX_OPEN_UPLOADS = 4


class _Stream:
    def __init__(self, sizes: list[int]) -> None:
        self.sizes = sizes
        self.parts = [bytearray() for _ in sizes]
        self.index = 0
        self.next_seq = 0
        self._skip_full()

    @property
    def complete(self) -> bool:
        return self.index == len(self.parts)

    def write(self, data: Any) -> None:
        view = memoryview(data).cast("B")
        while view.nbytes:
            if self.complete:
                raise ChunkError("more bytes than the first chunk announced")
            part = self.parts[self.index]
            count = min(self.sizes[self.index] - len(part), view.nbytes)
            part += view[:count]
            view = view[count:]
            self._skip_full()

    def _skip_full(self) -> None:
        while not self.complete and len(self.parts[self.index]) == self.sizes[self.index]:
            self.index += 1


class Uploads:
    """The chunked messages of one comm still arriving, by upload id."""

    def __init__(self) -> None:
        self._open: dict[str, _Stream] = {}

    def receive(
        self, data: dict[str, Any], buffers: list[Any]
    ) -> tuple[Any, list[memoryview]] | None:
        """Take one chunk; once the message is complete, return its data and buffers."""
        upload = str(data.get("upload"))
        if data.get("abort"):
            self._open.pop(upload, None)
            return None
        sizes = data.get("sizes")
        if sizes is not None:
            if not _is_sizes(sizes) or upload in self._open:
                raise ChunkError(f"upload {upload}: malformed first chunk")
            while len(self._open) >= MAX_OPEN_UPLOADS:
                del self._open[next(iter(self._open))]
            self._open[upload] = _Stream(sizes)
        stream = self._open.get(upload)
        if stream is None:
            raise ChunkError(f"upload {upload}: chunk of an unknown or dropped upload")
        try:
            if data.get("seq") != stream.next_seq:
                raise ChunkError(f"chunk {data.get('seq')!r} out of order")
            stream.next_seq += 1
            for buffer in buffers:
                stream.write(buffer)
        except ChunkError as error:
            del self._open[upload]
            raise ChunkError(f"upload {upload}: {error}") from None
        if not stream.complete:
            return None
        del self._open[upload]
        head, *parts = stream.parts
        try:
            original = json.loads(head.decode("utf-8"))
        except (ValueError, RecursionError) as error:
            raise ChunkError(f"upload {upload}: its message is not JSON ({error})") from None
        return original, [memoryview(part) for part in parts]

    def __len__(self) -> int:
        return len(self._open)


def _is_sizes(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) >= 1
        and all(isinstance(size, int) and size >= 0 for size in value)
    )


def reassemble(
    uploads: Uploads,
    msg: dict[str, Any],
    reply: Callable[[dict[str, Any]], None],
    report: Callable[[str, str], None] | None = None,
) -> dict[str, Any] | None:
    """`msg` if it is not a chunk; the whole message once its last chunk arrives; else None.

    A chunk that cannot be used drops its upload and is reported to the front end, which fails
    the send that made it.
    """
    content = msg["content"]
    data = content["data"]
    if data.get("method") != CHUNK_METHOD:
        return msg
    try:
        whole = uploads.receive(data, msg.get("buffers") or [])
    except (ChunkError, ValueError, MemoryError) as error:
        if report is None:
            log.warning("anywidget: %s", error)
        else:
            report("bad chunk", str(error))
        reply(
            {"method": CHUNK_ERROR_METHOD, "upload": data.get("upload"), "error": str(error)[:500]}
        )
        return None
    if whole is None:
        return None
    original, buffers = whole
    return {**msg, "content": {**content, "data": original}, "buffers": buffers}
