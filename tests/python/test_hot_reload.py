from __future__ import annotations

import os
import threading
import time
import warnings
from pathlib import Path

import pytest
import traitlets

from anywidget import AnyWidget
from anywidget._sources.live import wants_watching, watched_file
from anywidget._sources.vfile import write_vfile

# Hot reload watches files with watchfiles, from the test extra.
pytestmark = pytest.mark.e2e


def wait_until(condition, timeout: float = 10.0) -> None:
    """Poll `condition` until it holds, failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        pause.wait(0.01)


@pytest.fixture(autouse=True)
def hot_reload_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANYWIDGET_HMR", "1")


def widget_class(esm: Path | str, css: Path | str = "") -> type[AnyWidget]:
    class FromFile(AnyWidget):
        _esm = esm
        _css = css
        value = traitlets.Int(0).tag(sync=True)

    return FromFile


def test_saving_the_file_updates_live_widgets_and_keeps_traits(tmp_path: Path):
    file = tmp_path / "widget.js"
    file.write_text("export default { render() {} }; // v1")
    widget = widget_class(file)(value=7)
    try:
        file.write_text("export default { render() {} }; // v2")
        wait_until(lambda: widget._esm.endswith("// v2"))
        assert widget.value == 7
        assert widget_class(file)()._esm.endswith("// v2")
    finally:
        widget.close()


def test_atomic_save_by_rename_is_seen(tmp_path: Path):
    file = tmp_path / "style.css"
    file.write_text(".a { color: red }")
    widget = widget_class("export default {}", css=file)()
    try:
        temporary = tmp_path / ".style.css.tmp"
        temporary.write_text(".a { color: blue }")
        os.replace(temporary, file)
        wait_until(lambda: widget._css == ".a { color: blue }")
    finally:
        widget.close()


def test_deleted_file_keeps_the_last_good_code_and_warns_once(tmp_path: Path):
    file = tmp_path / "widget.js"
    file.write_text("export default {}; // good")
    widget = widget_class(file)()
    live = type(widget)._anywidget_live["_esm"]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            file.unlink()
            wait_until(lambda: any("keeping the last good code" in str(w.message) for w in caught))
            live._reread()  # a second event for the missing file
        assert sum("keeping the last good code" in str(w.message) for w in caught) == 1
        assert widget._esm == "export default {}; // good"
        file.write_text("export default {}; // back")
        wait_until(lambda: widget._esm.endswith("// back"))
    finally:
        widget.close()


def test_watcher_is_shared_per_file_and_stops_with_the_last_widget(tmp_path: Path):
    file = tmp_path / "shared.js"
    file.write_text("export default {};")
    first, second = widget_class(file)(), widget_class(file)()
    live = watched_file(file.resolve(), "")
    thread = live.thread
    assert thread is not None
    assert thread.is_alive()
    assert [t for t in threading.enumerate() if t.name == thread.name] == [thread]
    first.close()
    assert thread.is_alive()
    second.close()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_widget_given_its_own_code_is_left_alone(tmp_path: Path):
    file = tmp_path / "widget.js"
    file.write_text("export default {}; // v1")
    cls = widget_class(file)
    follower, own = cls(), cls()
    own._esm = "export default {}; // mine"
    try:
        file.write_text("export default {}; // v2")
        wait_until(lambda: follower._esm.endswith("// v2"))
        assert own._esm.endswith("// mine")
    finally:
        follower.close()
        own.close()


def test_policy_env_and_installed_packages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("ANYWIDGET_HMR", "0")
    assert not wants_watching(tmp_path / "w.js")
    monkeypatch.delenv("ANYWIDGET_HMR")
    assert wants_watching(tmp_path / "w.js")
    assert not wants_watching(Path("/venv/lib/python3.11/site-packages/pkg/w.js"))
    monkeypatch.setenv("ANYWIDGET_HMR", "1")
    assert wants_watching(Path("/venv/lib/python3.11/site-packages/pkg/w.js"))


def test_asking_for_hot_reload_without_watchfiles_warns_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    import anywidget._sources.live as live

    monkeypatch.setattr(live.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(live, "_warned_missing", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert not wants_watching(tmp_path / "a.js")
        assert not wants_watching(tmp_path / "b.js")
    assert len(caught) == 1
    assert "pip install 'anywidget[dev]'" in str(caught[0].message)


def test_vfile_rerun_hot_swaps_live_widgets():
    write_vfile("counter", "export default {}; // v1")

    class Virtual(AnyWidget):
        _esm = "vfile:counter"

    widget = Virtual()
    try:
        assert widget._esm.endswith("// v1")
        write_vfile("counter", "export default {}; // v2")
        assert widget._esm.endswith("// v2")
    finally:
        widget.close()


def test_undefined_vfile_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match=r"Broken\._esm names the virtual file 'nope'"):

        class Broken(AnyWidget):
            _esm = "vfile:nope"
