"""Virtual files: `%%vfile NAME` cells whose text widgets use as `_esm = "vfile:NAME"`, hot-swapped on re-run."""

from __future__ import annotations

from typing import Any

from ._live import LiveText

PREFIX = "vfile:"

_vfiles: dict[str, LiveText] = {}


def write_vfile(name: str, text: str) -> None:
    live = _vfiles.get(name)
    if live is None:
        _vfiles[name] = LiveText(text)
    else:
        live.update(text)


def vfile(name: str, *, owner: str, key: str) -> LiveText:
    """The virtual file `name`, or a clear error if no `%%vfile` cell defined it yet."""
    live = _vfiles.get(name)
    if live is None:
        raise FileNotFoundError(
            f"{owner}.{key} names the virtual file {name!r}, which no `%%vfile {name}` cell has defined yet"
        )
    return live


def register_magic(ipython: Any) -> None:
    def vfile_magic(line: str, cell: str) -> None:
        name = line.strip()
        if not name:
            raise ValueError("usage: %%vfile NAME (then use `_esm = 'vfile:NAME'`)")
        write_vfile(name, cell)

    ipython.register_magic_function(vfile_magic, magic_kind="cell", magic_name="vfile")
