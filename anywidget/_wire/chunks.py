"""Messages the front end sent in chunks (its websocket refuses large ones), put back together.

A chunked message is one byte stream: the original message data as UTF-8 JSON, then each of its
buffers. The first chunk announces the stream's part sizes; every chunk carries its sequence
number and the next bytes in order, and the last one completes the message, which is then handled
as if sent whole. Memory grows with the bytes that arrive, not with the sizes announced; a message
has a bounded number of parts, and the uploads open on one widget announce a bounded number of
bytes together (a few uploads at most).
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, Callable, NoReturn

if TYPE_CHECKING:
    from typing import TypeGuard


from .protocol import CHUNK_ERROR_METHOD, CHUNK_METHOD

log = logging.getLogger(__name__)


class ChunkError(ValueError):
    """A chunk that does not fit the message it claims to belong to."""


class ChunkLimitError(ChunkError):
    """An upload announcing more than a widget takes; its later chunks are dropped quietly."""


# The front end sends one message's chunks at a time per widget; a few more open uploads than
# that can only be leftovers (a page gone mid-upload) or hostile, and the oldest are dropped.
MAX_OPEN_UPLOADS = 4
# A message's JSON and its buffers: far more buffers than any widget state holds.
MAX_PARTS = 10_000
# What the open uploads of one widget may announce together (the oldest make room for a new one).
MAX_ANNOUNCED_BYTES = 2 << 30
# Refused uploads whose chunks may still be in flight (the page stops once told).
_REMEMBERED_REFUSALS = 16
_EMPTY = memoryview(b"")


class _Stream:
    """One upload's bytes so far: a part exists once its first byte has arrived."""

    def __init__(self, sizes: list[int]) -> None:
        self.sizes = sizes
        self.announced = sum(sizes)
        self.parts: dict[int, bytearray] = {}
        self.index = 0
        self.filled = 0
        self.next_seq = 0
        self._skip_full()

    @property
    def complete(self) -> bool:
        return self.index == len(self.sizes)

    def write(self, data: Any) -> None:
        view = memoryview(data).cast("B")
        while view.nbytes:
            if self.complete:
                raise ChunkError("more bytes than the first chunk announced")
            count = min(self.sizes[self.index] - self.filled, view.nbytes)
            part = self.parts.get(self.index)
            if part is None:
                part = self.parts[self.index] = bytearray()
            part += view[:count]
            self.filled += count
            view = view[count:]
            self._skip_full()

    def pieces(self) -> list[memoryview]:
        return [
            memoryview(self.parts[i]) if i in self.parts else _EMPTY for i in range(len(self.sizes))
        ]

    def _skip_full(self) -> None:
        while not self.complete and self.filled == self.sizes[self.index]:
            self.index += 1
            self.filled = 0


class Uploads:
    """The chunked messages of one comm still arriving, by upload id."""

    def __init__(self) -> None:
        self._open: dict[str, _Stream] = {}
        self._refused: list[str] = []

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
            self._open[upload] = self._admit(upload, sizes)
        stream = self._open.get(upload)
        if stream is None:
            if upload in self._refused:
                return None  # sent before the page heard of the refusal
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
        head, *parts = stream.pieces()
        try:
            original = json.loads(str(head, "utf-8"))
        except (ValueError, RecursionError) as error:
            raise ChunkError(f"upload {upload}: its message is not JSON ({error})") from None
        return original, parts

    def _admit(self, upload: str, sizes: object) -> _Stream:
        # Checked before anything is made for the upload; the oldest open ones make room.
        if isinstance(sizes, list) and len(sizes) > MAX_PARTS:
            self._refuse(upload, f"{len(sizes)} parts; a message has at most {MAX_PARTS}")
        if not _is_sizes(sizes) or upload in self._open:
            raise ChunkError(f"upload {upload}: malformed first chunk")
        announced = sum(sizes)
        if announced > MAX_ANNOUNCED_BYTES:
            self._refuse(
                upload, f"{announced} bytes; a widget takes at most {MAX_ANNOUNCED_BYTES} at once"
            )
        while self._open and (
            len(self._open) >= MAX_OPEN_UPLOADS
            or announced + sum(s.announced for s in self._open.values()) > MAX_ANNOUNCED_BYTES
        ):
            del self._open[next(iter(self._open))]
        return _Stream(sizes)

    def _refuse(self, upload: str, reason: str) -> NoReturn:
        self._refused = [*self._refused[1 - _REMEMBERED_REFUSALS :], upload]
        raise ChunkLimitError(f"upload {upload} announces {reason}: it was refused")

    def __len__(self) -> int:
        return len(self._open)


def _is_sizes(value: object) -> TypeGuard[list[int]]:
    return (
        isinstance(value, list)
        and len(value) >= 1
        and all(
            isinstance(size, int) and not isinstance(size, bool) and size >= 0 for size in value
        )
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
        kind = "upload over the limits" if isinstance(error, ChunkLimitError) else "bad chunk"
        if report is None:
            log.warning("anywidget: %s: %s", kind, error)
        else:
            report(kind, str(error))
        reply(
            {"method": CHUNK_ERROR_METHOD, "upload": data.get("upload"), "error": str(error)[:500]}
        )
        return None
    if whole is None:
        return None
    original, buffers = whole
    return {**msg, "content": {**content, "data": original}, "buffers": buffers}
