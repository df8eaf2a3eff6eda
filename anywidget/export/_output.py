"""Writing an export's file: never over the file exported, and only once the export is complete."""

from __future__ import annotations

import contextlib
import os
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class SameFileError(ValueError):
    """The output named is the input itself."""


def refuse_same_file(source: Path, target: Path) -> None:
    """Raises `SameFileError` if `target` is `source` (by resolved path, links included)."""
    same = source.resolve() == target.resolve()
    with contextlib.suppress(OSError):
        same = same or os.path.samefile(source, target)  # hard links; a missing target: no
    if same:
        raise SameFileError(f"the output {target} is the notebook itself: name another file")


def write_whole(target: Path, text: str) -> Path:
    """Write `text` to `target` through a temporary file beside it, renamed once written.

    A failed write leaves `target` as it was (or absent) and no temporary file behind.
    """
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    # Created like any new file (0o666 less the umask), never over an existing one.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return target
