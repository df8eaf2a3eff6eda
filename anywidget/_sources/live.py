"""Live sources: files (watched with watchfiles) and `%%vfile` cells whose new text reaches subscribers."""

from __future__ import annotations

import importlib.util
import os
import threading
import warnings
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from pathlib import Path

HMR_ENV = "ANYWIDGET_HMR"

# (old text, new text) -> None
Listener = Callable[[str, str], None]
Unsubscribe = Callable[[], None]


class LiveText:
    """Text that can change after class definition: the class default reads it, watchers update it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._listeners: dict[object, Listener] = {}
        self._lock = threading.Lock()

    def update(self, text: str) -> bool:
        """Set the text; listeners hear of it if it changed (the return value says whether)."""
        with self._lock:
            old, self.text = self.text, text
            listeners = list(self._listeners.values())
        if old == text:
            return False
        for listener in listeners:
            listener(old, text)
        return True

    def subscribe(self, listener: Listener) -> Unsubscribe:
        key = object()
        with self._lock:
            self._listeners[key] = listener
            first = len(self._listeners) == 1
        if first:
            self._first_subscriber()

        def unsubscribe() -> None:
            with self._lock:
                self._listeners.pop(key, None)
                last = not self._listeners
            if last:
                self._last_unsubscribed()

        return unsubscribe

    def _first_subscriber(self) -> None: ...

    def _last_unsubscribed(self) -> None: ...


def _installed_package(path: Path) -> bool:
    return any(part in ("site-packages", "dist-packages") for part in path.parts)


_warned_missing = False


def wants_watching(path: Path) -> bool:
    """Hot reload policy: `ANYWIDGET_HMR` forces it on (1) or off (0); by default on for files
    outside installed packages when watchfiles is available."""
    global _warned_missing
    flag = os.environ.get(HMR_ENV, "").strip()
    if flag == "0" or (flag != "1" and _installed_package(path)):
        return False
    if importlib.util.find_spec("watchfiles") is not None:
        return True
    if flag == "1" and not _warned_missing:
        _warned_missing = True
        warnings.warn(
            f"{HMR_ENV}=1 asks for hot reload, but watchfiles is not installed: "
            "run `pip install 'anywidget[dev]'` (or `pip install watchfiles`)",
            stacklevel=3,
        )
    return False


class WatchedFile(LiveText):
    """A file's text, watched by one thread while anyone subscribes. Watching the parent folder
    keeps working when editors save atomically (write a temporary file, rename it over)."""

    def __init__(self, path: Path, text: str) -> None:
        super().__init__(text)
        self.path = path
        self.thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._warned_gone = False
        self._on_gone: dict[object, Callable[[], None]] = {}

    def _first_subscriber(self) -> None:
        self._reread()  # the file may have changed while no one watched it
        self._stop = threading.Event()
        thread = threading.Thread(
            target=self._watch,
            args=(self._stop,),
            name=f"anywidget-watch:{self.path.name}",
            daemon=True,
        )
        try:
            thread.start()
        except RuntimeError as error:  # no threads here (Pyodide), or none left
            # The widget still works, with the text read when it was made.
            warnings.warn(
                f"anywidget: cannot watch {self.path} for hot reload ({error}); "
                "re-run the cell that defines the widget to pick up edits",
                stacklevel=2,
            )
            return
        self.thread = thread

    def _last_unsubscribed(self) -> None:
        self._stop.set()

    def on_gone(self, listener: Callable[[], None]) -> Unsubscribe:
        """Call `listener` each time the file disappears (it keeps being watched while subscribed)."""
        key = object()
        self._on_gone[key] = listener

        def unsubscribe() -> None:
            self._on_gone.pop(key, None)

        return unsubscribe

    def _watch(self, stop: threading.Event) -> None:
        from watchfiles import watch

        target = str(self.path)
        # The first (empty) yield comes once the watcher is set up: a save made while it was
        # starting is caught by reading the file then.
        settled = False
        for changes in watch(
            self.path.parent,
            watch_filter=lambda _change, changed: changed == target,
            stop_event=stop,
            debounce=400,
            step=10,
            rust_timeout=200,
            recursive=False,
            raise_interrupt=False,
            yield_on_timeout=True,
        ):
            if changes or not settled:
                settled = True
                self._reread()

    def _reread(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            if not self._warned_gone:
                self._warned_gone = True
                warnings.warn(
                    f"anywidget: cannot read {self.path} ({error}); keeping the last good code",
                    stacklevel=2,
                )
                if not self.path.exists():
                    for listener in list(self._on_gone.values()):
                        listener()
            return
        self._warned_gone = False
        self.update(text)


_files: dict[Path, WatchedFile] = {}
_files_lock = threading.Lock()


def watched_file(path: Path, text: str) -> WatchedFile:
    """The one live view of `path` (resolved), shared by every class and widget using it."""
    with _files_lock:
        live = _files.get(path)
        if live is None:
            live = _files[path] = WatchedFile(path, text)
        return live
