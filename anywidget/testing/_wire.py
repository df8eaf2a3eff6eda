"""What a page puts on a widget's comm, and reads off it: binary at buffer paths, chunks, command calls."""

from __future__ import annotations

import json
from typing import Any

from .._wire import protocol as _protocol
from .._wire.commands import command_request
from .._wire.protocol import CHUNK_METHOD

Path = list[Any]
BINARY = (bytes, bytearray, memoryview)


def remove_buffers(value: Any) -> tuple[Any, list[Path], list[memoryview]]:
    """`value` with binary taken out, the paths it was at, and the binary, as a page sends it."""
    paths: list[Path] = []
    buffers: list[memoryview] = []

    def walk(item: Any, path: Path) -> Any:
        if isinstance(item, BINARY):
            paths.append(path)
            buffers.append(memoryview(item).cast("B"))
            return None
        if isinstance(item, dict):
            return {key: walk(child, [*path, key]) for key, child in item.items()}
        if isinstance(item, (list, tuple)):
            return [walk(child, [*path, index]) for index, child in enumerate(item)]
        return item

    return walk(value, []), paths, buffers


def put_buffers(state: dict[str, Any], paths: list[Path], buffers: list[Any]) -> dict[str, Any]:
    """`state` with each buffer (as bytes) placed at its path, as a page reads it."""
    for path, buffer in zip(paths, buffers):
        target: Any = state
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = bytes(buffer)
    return state


def chunk_messages(
    data: dict[str, Any], buffers: list[memoryview], upload: str, chunk_bytes: int
) -> list[tuple[dict[str, Any], list[memoryview]]]:
    """`data` and `buffers` as the chunk messages the front end sends for a large message."""
    head = memoryview(json.dumps(data).encode("utf-8"))
    parts = [head, *buffers]
    stream = b"".join(bytes(part) for part in parts)
    count = max(1, -(-len(stream) // chunk_bytes))
    chunks: list[tuple[dict[str, Any], list[memoryview]]] = []
    for index in range(count):
        chunk: dict[str, Any] = {"method": CHUNK_METHOD, "upload": upload, "seq": index}
        if index == 0:
            chunk["sizes"] = [part.nbytes for part in parts]
        piece = memoryview(stream[index * chunk_bytes : (index + 1) * chunk_bytes])
        chunks.append((chunk, [piece]))
    return chunks


def command_call(call_id: str, name: str, msg: Any) -> dict[str, Any]:
    """The custom-message content of a call to the command `name`, as the kernel's parser reads it.

    The wire format is not spelled out here: of the shapes a call can take (nested under a
    command key, or flat with a command kind), built from the command names in `_protocol`,
    the one `_commands.command_request` accepts is used, so this follows the kernel's format.
    """
    for word in _command_words():
        for content in (
            {word: {"id": call_id, "name": name, "msg": msg}},
            {"id": call_id, "kind": word, "name": name, "msg": msg},
        ):
            request = command_request(content)
            if request is not None and request.get("name") == name and request.get("id") == call_id:
                return content
    raise RuntimeError("anywidget.testing does not speak this anywidget's command format")


def _command_words() -> list[str]:
    return [
        value
        for key, value in vars(_protocol).items()
        if key.startswith("COMMAND") and isinstance(value, str)
    ]


def command_reply(content: Any, call_id: str) -> dict[str, Any] | None:
    """The reply to call `call_id` (``{id, response}`` or ``{id, error: {type, message}}``) in `content`."""
    if not isinstance(content, dict):
        return None
    for candidate in (content, *content.values()):
        if (
            isinstance(candidate, dict)
            and candidate.get("id") == call_id
            and ("response" in candidate or "error" in candidate)
        ):
            return candidate
    return None
