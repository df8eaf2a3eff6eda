"""Binary values inside JSON-like state: taken out as separate wire buffers, and put back in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from typing import TypeAlias


BINARY = (bytes, bytearray, memoryview)

# A location inside nested state: dict keys and list indices, outermost first.
Path: TypeAlias = list[Union[str, int]]


def split_buffers(state: dict[str, Any]) -> tuple[dict[str, Any], list[Path], list[Any]]:
    """Replace every binary value in `state` (at any depth) by ``None``.

    Returns the new state (containers copied only where binary was taken out; `state` itself
    is left unchanged), the path of each value and the values, in matching order.
    """
    paths: list[Path] = []
    buffers: list[Any] = []
    stripped = _strip(state, [], paths, buffers)
    return stripped, paths, buffers


def _strip(value: Any, path: Path, paths: list[Path], buffers: list[Any]) -> Any:
    if isinstance(value, BINARY):
        paths.append(path)
        buffers.append(value)
        return None
    if isinstance(value, dict):
        changed: dict[Any, Any] | None = None
        for key, item in value.items():
            stripped = _strip(item, [*path, key], paths, buffers)
            if stripped is not item:
                changed = changed if changed is not None else dict(value)
                changed[key] = stripped
        return value if changed is None else changed
    if isinstance(value, (list, tuple)):
        items: list[Any] | None = None
        for index, item in enumerate(value):
            stripped = _strip(item, [*path, index], paths, buffers)
            if stripped is not item:
                items = items if items is not None else list(value)
                items[index] = stripped
        return value if items is None else items
    return value


def contains_binary(value: Any) -> bool:
    """Whether `value` is, or holds at any depth, a binary value."""
    if isinstance(value, BINARY):
        return True
    if isinstance(value, dict):
        return any(contains_binary(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_binary(item) for item in value)
    return False


def put_buffers(state: dict[str, Any], paths: list[Path], buffers: list[Any]) -> None:
    """Put each buffer back at its path in `state` (in place), as ipywidgets' wire format sends them."""
    if len(paths) != len(buffers):
        raise ValueError(f"{len(paths)} buffer paths for {len(buffers)} buffers")
    for path, buffer in zip(paths, buffers):
        if not path:
            raise ValueError("a buffer path must name at least one key")
        target: Any = state
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = buffer
