"""`_esm`/`_css` read as the published anywidget reads them: per new instance, from the class as it is now."""

from __future__ import annotations

import functools
import pathlib
import threading
import time

import pytest

from anywidget import AnyWidget
from anywidget._core.modules import store


def wait_until(condition, timeout: float = 10.0) -> None:
    """Poll `condition` until it holds, failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        pause.wait(0.01)


def opened_esm(widget: AnyWidget) -> str:
    """The `_esm` text the widget's comm_open carried to the front end."""
    msg_type, data, _ = widget.comm.sent[0]
    assert msg_type == "comm_open"
    return store.resolve(data["state"]["_esm"])


def make_class() -> type[AnyWidget]:
    class Chart(AnyWidget):
        _esm = "export default {}; // online"
        _css = ".chart { color: red }"

        @classmethod
        def enable_offline(cls) -> None:
            # What altair's JupyterChart.enable_offline() does: a new class attribute.
            cls._esm = "export default {}; // offline"

    return Chart


def test_esm_assigned_after_definition_reaches_instances_created_afterwards(comms):
    chart_class = make_class()
    before = chart_class()
    chart_class.enable_offline()
    after = chart_class()
    assert after._esm == "export default {}; // offline"
    assert opened_esm(after) == "export default {}; // offline"
    assert before._esm == "export default {}; // online"
    assert chart_class._esm == "export default {}; // offline"


def test_css_assigned_after_definition_reaches_instances_created_afterwards():
    chart_class = make_class()
    before = chart_class()
    chart_class._css = ".chart { color: blue }"
    assert chart_class()._css == ".chart { color: blue }"
    assert before._css == ".chart { color: red }"
    assert chart_class()._esm == "export default {}; // online"


def test_assignment_on_a_parent_reaches_subclasses_created_before_it():
    parent = make_class()

    class Child(parent):  # type: ignore[valid-type, misc]
        pass

    first_child = Child()
    parent.enable_offline()
    assert Child()._esm == "export default {}; // offline"
    assert Child._esm == "export default {}; // offline"
    assert first_child._esm == "export default {}; // online"


def test_a_subclass_value_wins_over_a_later_parent_assignment_until_deleted():
    parent = make_class()

    class Child(parent):  # type: ignore[valid-type, misc]
        _esm = "export default {}; // child"

    parent.enable_offline()
    assert Child()._esm == "export default {}; // child"
    del Child._esm
    assert Child()._esm == "export default {}; // offline"


def test_an_instance_of_an_instances_class_gets_the_current_code():
    chart_class = make_class()
    old = chart_class()
    chart_class.enable_offline()
    again = type(old)()
    assert again._esm == "export default {}; // offline"
    assert isinstance(again, chart_class)


def test_a_class_left_alone_makes_every_instance_of_one_class():
    chart_class = make_class()
    first, second = chart_class(), chart_class()
    assert type(first) is type(second)
    chart_class.enable_offline()
    third, fourth = chart_class(), chart_class()
    assert type(third) is type(fourth)
    assert type(third) is not type(first)


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (42, TypeError, r"Chart\._esm must be a str .* not int"),
        ("missing/widget.js", FileNotFoundError, r"Chart\._esm names a file that does not exist"),
        ("vfile:nowhere.js", FileNotFoundError, r"Chart\._esm names the virtual file"),
    ],
)
def test_a_bad_late_value_fails_clearly_and_loses_nothing(value, error, message):
    chart_class = make_class()
    working = chart_class()
    chart_class._esm = value
    with pytest.raises(error, match=message):
        chart_class()
    assert working._esm == "export default {}; // online"
    chart_class.enable_offline()
    assert chart_class()._esm == "export default {}; // offline"


@pytest.mark.e2e  # needs watchfiles, from the test extra
def test_a_late_file_path_is_read_and_hot_reloads(tmp_path: pathlib.Path, monkeypatch):
    monkeypatch.setenv("ANYWIDGET_HMR", "1")
    file = tmp_path / "offline.js"
    file.write_text("export default {}; // v1")
    chart_class = make_class()
    online = chart_class()
    chart_class._esm = file
    widget = chart_class()
    try:
        assert widget._esm == "export default {}; // v1"
        file.write_text("export default {}; // v2")
        wait_until(lambda: widget._esm == "export default {}; // v2")
        assert chart_class()._esm == "export default {}; // v2"
        assert online._esm == "export default {}; // online"
    finally:
        widget.close()


@pytest.mark.e2e  # needs watchfiles, from the test extra
def test_existing_instances_keep_following_the_file_they_were_made_with(
    tmp_path: pathlib.Path, monkeypatch
):
    monkeypatch.setenv("ANYWIDGET_HMR", "1")
    first_file, second_file = tmp_path / "first.js", tmp_path / "second.js"
    first_file.write_text("export default {}; // first v1")
    second_file.write_text("export default {}; // second v1")

    class Watched(AnyWidget):
        _esm = first_file

    old = Watched()
    Watched._esm = second_file
    new = Watched()
    try:
        first_file.write_text("export default {}; // first v2")
        second_file.write_text("export default {}; // second v2")
        wait_until(lambda: old._esm.endswith("first v2") and new._esm.endswith("second v2"))
    finally:
        old.close()
        new.close()


def test_a_property_is_read_from_each_instance():
    class Table(AnyWidget):
        # As bigframes' TableWidget defines them.
        @property
        def _esm(self) -> str:
            return f"export default {{}}; // {self.label}"

        @functools.cached_property
        def _css(self) -> str:
            return ".table { color: red }"

        def __init__(self, label: str) -> None:
            self.label = label
            super().__init__()

    assert Table("a")._esm == "export default {}; // a"
    assert Table("b")._esm == "export default {}; // b"
    assert Table("a")._css == ".table { color: red }"
    assert isinstance(Table.__dict__["_esm"], property)


def test_a_property_giving_an_unusable_value_fails_naming_class_and_key():
    class Broken(AnyWidget):
        @property
        def _esm(self) -> object:
            return 42

    with pytest.raises(TypeError, match=r"Broken\._esm must be a str"):
        Broken()


def test_a_mixin_can_provide_the_module():
    class Styled:
        _css = ".styled { color: green }"

    class Widget(Styled, AnyWidget):
        _esm = "export default {};"

    state = Widget().get_state()
    assert store.resolve(state["_css"]) == ".styled { color: green }"
