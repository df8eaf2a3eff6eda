"""`anywidget._file_contents` as packages written for the published anywidget use it (pyobsplot, tests)."""

from __future__ import annotations

import inspect
import pathlib
import subprocess
import sys
import threading
import time
import warnings

import pytest
from IPython.core.interactiveshell import InteractiveShell

import anywidget
from anywidget import AnyWidget
from anywidget._file_contents import _VIRTUAL_FILES, FileContents, VirtualFileContents


def wait_until(condition, timeout: float = 10.0) -> None:
    """Poll `condition` until it holds, failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        pause.wait(0.01)


@pytest.fixture
def module_file(tmp_path: pathlib.Path) -> pathlib.Path:
    file = tmp_path / "widget.js"
    file.write_text("export default {}; // v1")
    return file


@pytest.fixture
def shell() -> InteractiveShell:
    instance = InteractiveShell.instance()
    instance.run_line_magic("load_ext", "anywidget")
    return instance


def parameters(function) -> list[tuple[str, object]]:
    return [(p.name, p.default) for p in inspect.signature(function).parameters.values()]


def test_signatures_are_the_published_ones():
    assert parameters(FileContents) == [("path", inspect.Parameter.empty), ("start_thread", True)]
    assert parameters(VirtualFileContents) == [("contents", "")]
    for name in ("watch_in_thread", "stop_thread", "watch"):
        assert callable(getattr(FileContents, name))


def test_reached_as_an_attribute_after_import_anywidget_which_stays_without_psygnal():
    # pyobsplot writes `anywidget._file_contents.FileContents(...)` after `import anywidget`.
    code = (
        "import sys, anywidget\n"
        "print('psygnal' in sys.modules)\n"
        "print(anywidget._file_contents.FileContents.__name__)\n"
        "print('psygnal' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["False", "FileContents", "True"]


def test_str_is_the_file_text_and_nothing_watches_without_the_thread(module_file):
    contents = FileContents(module_file, start_thread=False)
    assert str(contents) == "export default {}; // v1"
    assert contents._path == module_file.absolute()
    assert contents._background_thread is None


def test_a_missing_file_is_a_value_error_naming_it(tmp_path):
    with pytest.raises(ValueError, match=r"File does not exist: .*nowhere\.js"):
        FileContents(tmp_path / "nowhere.js", start_thread=False)


def test_a_file_that_is_not_utf8_is_a_value_error(tmp_path):
    file = tmp_path / "latin1.js"
    file.write_bytes("// caf\xe9".encode("latin-1"))
    with pytest.raises(ValueError, match=r"not UTF-8 text: .*latin1\.js"):
        FileContents(file, start_thread=False)


@pytest.mark.e2e  # needs watchfiles, from the test extra
def test_changed_emits_the_new_text_while_the_thread_runs(module_file):
    contents = FileContents(module_file)
    seen: list[str] = []
    contents.changed.connect(seen.append)
    try:
        assert contents._background_thread is not None
        module_file.write_text("export default {}; // v2")
        wait_until(lambda: seen == ["export default {}; // v2"])
        assert str(contents) == "export default {}; // v2"
    finally:
        contents.stop_thread()
    assert contents._background_thread is None


@pytest.mark.e2e  # needs watchfiles, from the test extra
def test_without_the_thread_or_after_stop_thread_nothing_is_emitted(module_file):
    idle = FileContents(module_file, start_thread=False)
    stopped = FileContents(module_file)
    stopped.stop_thread()
    watching = FileContents(module_file)  # the control: it sees the change
    heard: list[str] = []
    idle.changed.connect(heard.append)
    stopped.changed.connect(heard.append)
    try:
        module_file.write_text("export default {}; // v2")
        wait_until(lambda: str(watching) == "export default {}; // v2")
    finally:
        watching.stop_thread()
    assert heard == []
    assert str(idle) == str(stopped) == "export default {}; // v1"


@pytest.mark.e2e  # needs watchfiles, from the test extra
def test_deleted_is_emitted_when_the_file_goes(module_file):
    contents = FileContents(module_file)
    gone = threading.Event()
    contents.deleted.connect(gone.set)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "keeping the last good code"
            module_file.unlink()
            assert gone.wait(10)
        assert str(contents) == "export default {}; // v1"
    finally:
        contents.stop_thread()


@pytest.mark.e2e  # needs watchfiles, from the test extra
def test_watch_yields_each_change_until_stopped(module_file):
    contents = FileContents(module_file, start_thread=False)
    changes: list[tuple[int, str]] = []
    done = threading.Event()

    def run() -> None:
        for change in contents.watch():
            changes.append(change)
        done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    # Saved before or after the watcher is up, the change is seen (it reads the file once ready).
    module_file.write_text("export default {}; // v2")
    wait_until(lambda: changes)
    assert changes == [(2, str(module_file.absolute()))]  # watchfiles' Change.modified
    assert str(contents) == "export default {}; // v2"
    contents.stop_thread()
    assert done.wait(5)


def test_asking_for_the_thread_without_watchfiles_warns_and_keeps_the_text(
    monkeypatch, module_file
):
    import anywidget._sources.file_contents as file_contents

    monkeypatch.setattr(file_contents.importlib.util, "find_spec", lambda name: None)
    with pytest.warns(UserWarning, match=r"watchfiles is required .* is not watched"):
        contents = FileContents(module_file)
    assert contents._background_thread is None
    assert str(contents) == "export default {}; // v1"
    with pytest.raises(ImportError, match="watchfiles is required"):
        next(contents.watch())


def test_file_contents_without_thread_is_a_widget_module_as_pyobsplot_uses_it(module_file):
    class Plot(AnyWidget):
        _esm = anywidget._file_contents.FileContents(module_file, start_thread=False)

    assert Plot()._esm == "export default {}; // v1"
    assert isinstance(Plot._esm, FileContents)


@pytest.mark.e2e  # needs watchfiles, from the test extra
def test_file_contents_as_esm_hot_reloads_its_widgets(module_file, monkeypatch):
    monkeypatch.setenv("ANYWIDGET_HMR", "0")  # the object asks to be watched: that is enough

    class Live(AnyWidget):
        _esm = FileContents(module_file)

    widget = Live()
    try:
        module_file.write_text("export default {}; // v2")
        wait_until(lambda: widget._esm == "export default {}; // v2")
        assert Live()._esm == "export default {}; // v2"
    finally:
        widget.close()
        Live._esm.stop_thread()


def test_virtual_file_contents_emits_on_every_assignment_and_str_is_current():
    contents = VirtualFileContents("a")
    seen: list[str] = []
    contents.changed.connect(seen.append)
    contents.contents = "b"
    contents.contents = "b"
    assert seen == ["b", "b"]
    assert str(contents) == contents.contents == "b"


def test_virtual_file_contents_as_esm_hot_swaps_its_widgets():
    contents = VirtualFileContents("export default {}; // v1")

    class Virtual(AnyWidget):
        _esm = contents

    widget = Virtual()
    contents.contents = "export default {}; // v2"
    assert widget._esm == "export default {}; // v2"
    assert Virtual()._esm == "export default {}; // v2"


def test_a_vfile_cell_is_listed_as_virtual_file_contents_that_signal_reruns(shell):
    shell.run_cell_magic("vfile", "listed.js", "export default {}; // v1")
    listed = _VIRTUAL_FILES["vfile:listed.js"]
    assert isinstance(listed, VirtualFileContents)
    assert str(listed) == "export default {}; // v1\n"
    seen: list[str] = []
    listed.changed.connect(seen.append)
    shell.run_cell_magic("vfile", "listed.js", "export default {}; // v2")
    assert seen == ["export default {}; // v2\n"]


def test_clear_vfiles_drops_unused_files_from_the_registry_at_once(shell):
    shell.run_cell_magic("vfile", "dropped.js", "export default {};")
    assert "vfile:dropped.js" in _VIRTUAL_FILES
    shell.run_line_magic("clear_vfiles", "")
    assert "vfile:dropped.js" not in _VIRTUAL_FILES


def test_a_virtual_file_registered_by_hand_is_a_vfile_widgets_can_name():
    contents = VirtualFileContents("export default {}; // by hand")
    _VIRTUAL_FILES["vfile:by-hand.js"] = contents

    class Named(AnyWidget):
        _esm = "vfile:by-hand.js"

    widget = Named()
    assert widget._esm == "export default {}; // by hand"
    contents.contents = "export default {}; // changed"
    assert widget._esm == "export default {}; // changed"


def test_a_registry_entry_that_is_not_virtual_file_contents_is_a_clear_error(shell):
    class Other:
        pass

    other = Other()
    _VIRTUAL_FILES["vfile:other.js"] = other  # type: ignore[assignment]
    with pytest.raises(TypeError, match=r"Named\._esm names the virtual file 'other\.js'.*Other"):

        class Named(AnyWidget):
            _esm = "vfile:other.js"

    # A cell of that name defines it anew, usable again.
    shell.run_cell_magic("vfile", "other.js", "export default {}; // from the cell")

    class Fixed(AnyWidget):
        _esm = "vfile:other.js"

    assert Fixed()._esm == "export default {}; // from the cell\n"
