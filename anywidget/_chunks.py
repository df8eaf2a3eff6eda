"""Messages the front end sent in chunks (its websocket refuses large ones), put back together.

A chunked message is one byte stream: the original message data as UTF-8 JSON, then each of its
buffers. The first chunk announces the stream's part sizes; every chunk carries the next bytes
in order, and the last one completes the message, which is then handled as if sent whole.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable

from ._protocol import CHUNK_ERROR_METHOD, CHUNK_METHOD

log = logging.getLogger(__name__)


class ChunkError(ValueError):
    """A chunk that does not fit the message it claims to belong to."""


class _Stream:
    def __init__(self, sizes: list[int]) -> None:
        self.parts = [bytearray(size) for size in sizes]
        self.index = 0
        self.offset = 0
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
            count = min(len(part) - self.offset, view.nbytes)
            part[self.offset : self.offset + count] = view[:count]
            self.offset += count
            view = view[count:]
            self._skip_full()

    def _skip_full(self) -> None:
        while not self.complete and self.offset == len(self.parts[self.index]):
            self.index += 1
            self.offset = 0


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
            self._open[upload] = _Stream(sizes)
        stream = self._open.get(upload)
        if stream is None:
            raise ChunkError(f"upload {upload}: chunk of an unknown or dropped upload")
        try:
            for buffer in buffers:
                stream.write(buffer)
        except ChunkError as error:
            del self._open[upload]
            raise ChunkError(f"upload {upload}: {error}") from None
        if not stream.complete:
            return None
        del self._open[upload]
        head, *parts = stream.parts
        return json.loads(head.decode("utf-8")), [memoryview(part) for part in parts]

    def __len__(self) -> int:
        return len(self._open)


def _is_sizes(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) >= 1
        and all(isinstance(size, int) and size >= 0 for size in value)
    )


def reassemble(
    uploads: Uploads, msg: dict[str, Any], reply: Callable[[dict[str, Any]], None]
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
        log.warning("anywidget: %s", error)
        reply({"method": CHUNK_ERROR_METHOD, "upload": data.get("upload"), "error": str(error)})
        return None
    if whole is None:
        return None
    original, buffers = whole
    return {**msg, "content": {**content, "data": original}, "buffers": buffers}
