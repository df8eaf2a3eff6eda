"""Turns a widget's `_esm`/`_css` class attribute (inline text, a file path, or a URL) into the text to sync."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .live import LiveText, wants_watching, watched_file
from .vfile import PREFIX as VFILE_PREFIX
from .vfile import vfile

_URL = re.compile(r"https?://\S+")
_FILE_SUFFIX = re.compile(r"\.[A-Za-z0-9]+")


@dataclass(frozen=True)
class Source:
    """A resolved `_esm`/`_css` value: its text, the file it came from, and its live text when
    it can change later (a watched file, a virtual file)."""

    text: str
    path: Path | None = None
    live: LiveText | None = None


def is_url(value: str) -> bool:
    return _URL.fullmatch(value.strip()) is not None


def _names_file(value: str) -> bool:
    # Inline code is multi-line or has no file-like suffix; `.counter { ... }` has none either.
    if "\n" in value.strip() or is_url(value):
        return False
    return _FILE_SUFFIX.fullmatch(Path(value.strip()).suffix) is not None


def resolve_source(value: object, *, owner: str, key: str) -> Source:
    """Resolve `value` given as `owner.key`; raise a clear error naming both when it cannot be used."""
    if isinstance(value, Path):
        return _read(value, owner=owner, key=key)
    if isinstance(value, LiveText):
        # The published API's file objects (`anywidget._file_contents`): followed as they change.
        return Source(value.text, live=value)
    if not isinstance(value, str):
        # Other objects standing for their text are taken by `str()`; values whose `str()` is
        # only their repr are mistakes.
        if isinstance(value, (bytes, bytearray)) or type(value).__str__ is object.__str__:
            raise TypeError(
                f"{owner}.{key} must be a str (inline source, file path or URL), a pathlib.Path "
                f"or an object whose str() is the source, not {type(value).__name__}: "
                f"{value!r:.80}"
            )
        value = str(value)
    if value.startswith(VFILE_PREFIX):
        live = vfile(value[len(VFILE_PREFIX) :].strip(), owner=owner, key=key)
        return Source(live.text, live=live)
    if _names_file(value):
        return _read(Path(value.strip()), owner=owner, key=key)
    return Source(value)


def _read(path: Path, *, owner: str, key: str) -> Source:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(f"{owner}.{key} names a file that does not exist: {path}") from None
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{owner}.{key} names a file that is not UTF-8 text: {path} ({error})"
        ) from None
    resolved = path.resolve()
    live = watched_file(resolved, text) if wants_watching(resolved) else None
    return Source(text, resolved, live)
