"""Virtual files: `%%vfile NAME` cells whose text widgets use as `_esm = "vfile:NAME"`, hot-swapped on re-run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .live import LiveText

if TYPE_CHECKING:
    from .file_contents import VirtualFileContents

PREFIX = "vfile:"
USAGE = (
    "usage: %%vfile NAME (one name, without spaces), then `_esm = 'vfile:NAME'` in a widget class"
)

# Defined by cells and not cleared: kept even while no widget uses them. Every virtual file still
# alive (cleared ones a widget class uses, ones registered by hand) is in the published API's
# `_VIRTUAL_FILES`, which holds them weakly. Both are imported on first use: they need psygnal.
_vfiles: dict[str, VirtualFileContents] = {}


def write_vfile(name: str, text: str) -> None:
    from .file_contents import _VIRTUAL_FILES, VirtualFileContents

    # A cleared file that a widget class still uses is the same file again: its widgets update.
    live = _VIRTUAL_FILES.get(PREFIX + name)
    if isinstance(live, VirtualFileContents):
        live.contents = text
    else:  # none yet, or something else registered by hand: the cell defines it anew
        live = _VIRTUAL_FILES[PREFIX + name] = VirtualFileContents(text)
    _vfiles[name] = live


def clear_vfiles() -> None:
    """Forget every virtual file no widget class uses (as the published ``%clear_vfiles``)."""
    _vfiles.clear()


def vfile(name: str, *, owner: str, key: str) -> LiveText:
    """The virtual file `name`, or a clear error if no `%%vfile` cell defined it yet."""
    from .file_contents import _VIRTUAL_FILES

    live = _VIRTUAL_FILES.get(PREFIX + name)
    if live is None:
        raise FileNotFoundError(
            f"{owner}.{key} names the virtual file {name!r}, which no `%%vfile {name}` cell has defined yet"
        )
    if not isinstance(live, LiveText):
        raise TypeError(
            f"{owner}.{key} names the virtual file {name!r}, but _VIRTUAL_FILES[{PREFIX + name!r}] "
            f"holds a {type(live).__name__}, not a VirtualFileContents"
        )
    return live


def vfile_name(line: str) -> str:
    """The one name a `%%vfile` line gives; anything else is a usage error."""
    from IPython.core.error import UsageError

    words = line.split()
    if len(words) != 1:
        raise UsageError(f"%%vfile takes exactly one name, got {line.strip()!r}; {USAGE}")
    return words[0]


def register_magic(ipython: Any) -> None:
    def vfile_magic(line: str, cell: str) -> None:
        # The cell transforms dedent an indented body, as IPython does for code cells.
        write_vfile(vfile_name(line), ipython.transform_cell(cell))

    def clear_vfiles_magic(line: str) -> None:
        clear_vfiles()

    ipython.register_magic_function(vfile_magic, magic_kind="cell", magic_name="vfile")
    ipython.register_magic_function(
        clear_vfiles_magic, magic_kind="line", magic_name="clear_vfiles"
    )
