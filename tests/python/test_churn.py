"""Widgets and experimental objects made and dropped by the thousand leave nothing behind in the kernel."""

from __future__ import annotations

import gc
import pathlib
import threading
import weakref

import ipywidgets
import pytest
import traitlets

import anywidget
from anywidget import AnyWidget
from anywidget._core.compat import open_widgets
from anywidget._core.modules import store
from anywidget._objects.descriptor import open_connections


class Churned(AnyWidget):
    _esm = "export default { render({ model, el }) { el.textContent = model.get('value'); } };"
    _css = ".churned { color: teal }"
    value = traitlets.Int(0).tag(sync=True)


@anywidget.experimental.dataclass(esm="export default { render() {} };", css=".point {}")
class Point:
    value: int = 0


def _open() -> tuple[int, int, int, int]:
    gc.collect()
    return (
        len(open_widgets()),
        len(store.open_models()),
        len(open_connections()),
        threading.active_count(),
    )


def test_closing_a_widget_closes_the_layout_made_for_it():
    widget = Churned()
    layout = widget.layout
    widget.close()
    assert layout.comm is None
    assert layout._model_id not in open_widgets()


def test_a_layout_given_to_the_widget_stays_open_when_it_closes():
    layout = ipywidgets.Layout(width="10px")
    widget = Churned(layout=layout)
    widget.close()
    assert layout.comm is not None
    layout.close()


def test_a_layout_another_widget_uses_stays_open_when_its_widget_closes():
    widget = Churned()
    other = ipywidgets.Button()
    other.layout = widget.layout
    widget.close()
    assert other.layout.comm is not None
    other.close()


def test_closing_an_unshared_layout_does_not_scan_every_open_widget(monkeypatch):
    # The scan is quadratic over a loop of closes; a layout nothing took since its widget was
    # made cannot be shared, so closing it must not need the scan.
    import anywidget.widget as widget_module

    scans = []
    real = widget_module.open_widgets
    monkeypatch.setattr(widget_module, "open_widgets", lambda: scans.append(1) or real())
    layouts = []
    for _ in range(5):
        widget = Churned()
        layouts.append(weakref.ref(widget.layout))
        widget.close()
    assert scans == []
    assert all(layout() is None or layout().comm is None for layout in layouts)
    # Held elsewhere (here, given to another widget): the scan decides, and keeps it open.
    widget, other = Churned(), ipywidgets.Button()
    other.layout = widget.layout
    widget.close()
    assert scans == [1]
    assert other.layout.comm is not None
    other.close()


def test_a_closed_widget_still_reads_its_state():
    widget = Churned(value=3)
    layout_id = widget.layout.model_id
    widget.close()
    state = widget.get_state()
    assert state["value"] == 3
    assert state["layout"] == f"IPY_MODEL_{layout_id}"
    assert widget.get_state("value") == {"value": 3}


def test_a_thousand_widgets_created_and_closed_leave_nothing_open():
    Churned().close()  # warm-up: the class's instances' class is made once
    before = _open()
    for i in range(1000):
        Churned(value=i).close()
    assert _open() == before


def test_a_thousand_displayed_objects_dropped_leave_nothing_open(comms):
    Point()._repr_mimebundle_()  # warm-up
    before = _open()
    for i in range(1000):
        point = Point(value=i)
        point._repr_mimebundle_()
        del point
    assert _open() == before
    assert all(recorded.sent[-1][0] == "comm_close" for recorded in comms)


@pytest.mark.e2e  # needs watchfiles, from the test extra
def test_file_backed_widgets_stop_their_watcher_once_all_have_closed(tmp_path, monkeypatch):
    monkeypatch.setenv("ANYWIDGET_HMR", "1")
    module = pathlib.Path(tmp_path / "watched.js")
    module.write_text("export default { render() {} };")

    class Watched(AnyWidget):
        _esm = module

    widgets = [Watched() for _ in range(50)]
    live = type(widgets[0])._anywidget_live["_esm"]
    thread = live.thread  # type: ignore[attr-defined]
    assert thread is not None
    assert thread.is_alive()
    for widget in widgets:
        widget.close()
    thread.join(timeout=10)
    assert not thread.is_alive()
