"""The published anywidget's file objects (`FileContents`, `VirtualFileContents`, `_VIRTUAL_FILES`) as live texts.

Packages written for anywidget 0.9 to 0.11 build `_esm`/`_css` from these (e.g. pyobsplot's
`FileContents(path, start_thread=False)`) and tests read `_VIRTUAL_FILES`. Each object here *is* a
`LiveText`, so a widget class given one follows it like any watched file or `%%vfile` cell, and
its psygnal `changed` signal emits the new text as the published objects do. Importing this module
imports psygnal: `anywidget` imports it only when asked (`anywidget._file_contents`, `%%vfile`).
"""

from __future__ import annotations

import importlib.util
import pathlib
import queue
import threading
import warnings
import weakref
from typing import TYPE_CHECKING, Callable

from psygnal import Signal

from .live import LiveText, WatchedFile, watched_file

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["_VIRTUAL_FILES", "FileContents", "VirtualFileContents"]

# Virtual files by "vfile:NAME", held weakly as in the published anywidget: `%%vfile` cells keep
# theirs alive until `%clear_vfiles`, widget classes keep the ones they use.
_VIRTUAL_FILES: weakref.WeakValueDictionary[str, VirtualFileContents] = (
    weakref.WeakValueDictionary()
)

# How often a blocking `FileContents.watch()` looks at its stop event.
_STOP_POLL_SECONDS = 0.1


class VirtualFileContents(LiveText):
    """Text held in memory that emits ``changed`` (with the new text) on each assignment.

    ``str(obj)`` is always the current text. Widgets whose ``_esm``/``_css`` is this object, or
    ``"vfile:NAME"`` for the name it is registered under in ``_VIRTUAL_FILES``, follow it.

    Parameters
    ----------
    contents : str, optional
        The initial text (default: ``""``).
    """

    changed = Signal(str)

    def __init__(self, contents: str = "") -> None:
        super().__init__(contents)

    @property
    def contents(self) -> str:
        return self.text

    @contents.setter
    def contents(self, value: str) -> None:
        self.update(value)

    def update(self, text: str) -> bool:
        changed = super().update(text)
        # The published object emits on every assignment, even of the same text.
        self.changed.emit(text)
        return changed

    def __str__(self) -> str:
        return self.text


class FileContents(LiveText):
    """A file's text that emits ``changed`` (with the new text) when the file changes.

    ``str(obj)`` is the file's text as last read. The file is watched (with watchfiles) from the
    start unless ``start_thread=False``; `watch_in_thread` and `stop_thread` start and stop it.

    Parameters
    ----------
    path : str or pathlib.Path
        The file to read and watch.
    start_thread : bool, optional
        Whether to watch the file for changes right away (default: ``True``).

    Raises
    ------
    ValueError
        If `path` is not a file, or not UTF-8 text.
    """

    changed = Signal(str)
    deleted = Signal()

    def __init__(self, path: str | pathlib.Path, start_thread: bool = True) -> None:
        self._path = pathlib.Path(path).expanduser().absolute()
        if not self._path.is_file():
            raise ValueError(f"File does not exist: {self._path}")
        try:
            text = self._path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise ValueError(f"File is not UTF-8 text: {self._path} ({error})") from None
        super().__init__(text)
        self._stop_event = threading.Event()
        self._watched: WatchedFile | None = None
        self._unwatch: Callable[[], None] | None = None
        if start_thread:
            self.watch_in_thread()

    def update(self, text: str) -> bool:
        changed = super().update(text)
        if changed:
            self.changed.emit(text)
        return changed

    @property
    def _background_thread(self) -> threading.Thread | None:
        # The published object's own thread; here the one watching this file for every user.
        return self._watched.thread if self._unwatch is not None and self._watched else None

    def watch_in_thread(self) -> None:
        """Watch the file for changes (and emit the signals) from a background thread."""
        if self._unwatch is not None:
            return
        if not _can_watch(self._path):
            return
        self._stop_event.clear()
        watched = self._watched = watched_file(self._path.resolve(), self.text)

        def on_change(_old: str, new: str) -> None:
            self.update(new)

        stop_changes = watched.subscribe(on_change)
        stop_gone = watched.on_gone(self.deleted.emit)

        def unwatch() -> None:
            stop_gone()
            stop_changes()

        self._unwatch = unwatch

    def stop_thread(self) -> None:
        """Stop watching the file (and end a running `watch()`)."""
        self._stop_event.set()
        unwatch, self._unwatch = self._unwatch, None
        if unwatch is not None:
            unwatch()

    def watch(self) -> Iterator[tuple[int, str]]:
        """Watch the file, emitting ``changed`` and yielding ``(change, path)`` for each change.

        Blocks until the file is deleted (``deleted`` is emitted) or `stop_thread` is called.

        Raises
        ------
        ImportError
            If watchfiles is not installed.
        """
        if importlib.util.find_spec("watchfiles") is None:
            raise ImportError(_NO_WATCHFILES)
        from watchfiles import Change

        events: queue.SimpleQueue[Change] = queue.SimpleQueue()
        watched = watched_file(self._path.resolve(), self.text)
        stops = [
            watched.subscribe(lambda _old, _new: events.put(Change.modified)),
            watched.on_gone(lambda: events.put(Change.deleted)),
        ]
        try:
            while not self._stop_event.is_set():
                try:
                    change = events.get(timeout=_STOP_POLL_SECONDS)
                except queue.Empty:
                    continue
                if change == Change.deleted:
                    self.deleted.emit()
                    return
                self.update(watched.text)
                yield (int(change), str(self._path))
        finally:
            for stop in stops:
                stop()

    def __str__(self) -> str:
        return self.text


_NO_WATCHFILES = (
    "watchfiles is required to watch files for changes: run `pip install 'anywidget[dev]'` "
    "(or `pip install watchfiles`)"
)


def _can_watch(path: pathlib.Path) -> bool:
    # The published object fails in its thread without watchfiles; a warning keeps the text usable.
    if importlib.util.find_spec("watchfiles") is not None:
        return True
    warnings.warn(f"{_NO_WATCHFILES}; {path} is not watched", stacklevel=3)
    return False
