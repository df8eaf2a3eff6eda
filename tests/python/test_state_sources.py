"""Reading, writing and following the state of each kind of object a descriptor can show."""

from __future__ import annotations

import dataclasses
import datetime
import subprocess
import sys

import msgspec
import psygnal
import pydantic
import pytest
import traitlets

from anywidget._objects.state_sources import RefusedKeysError, follow_changes, state_source

pytestmark = pytest.mark.e2e


@dataclasses.dataclass
class Point:
    x: int = 1
    y: int = 2


@dataclasses.dataclass
class Shape:
    name: str = "square"
    corner: Point = dataclasses.field(default_factory=Point)
    points: list[Point] = dataclasses.field(default_factory=lambda: [Point(0, 0)])
    data: bytes = b"\x00\x01"


class Traited(traitlets.HasTraits):
    value = traitlets.Int(3).tag(sync=True)
    hidden = traitlets.Int(4)


class Model(pydantic.BaseModel):
    name: str = "m"
    when: datetime.date = datetime.date(2024, 1, 2)
    blob: bytes = b"\xff"


class Struct(msgspec.Struct):
    name: str = "s"
    blob: bytes = b"\x01"
    tags: list[str] = msgspec.field(default_factory=lambda: ["a"])


class Custom:
    def __init__(self) -> None:
        self.state = {"a": 1, "b": 2}
        self.asked: list[object] = []

    def _get_anywidget_state(self, include):
        self.asked.append(include)
        return {k: v for k, v in self.state.items() if include is None or k in include}

    def _set_anywidget_state(self, state):
        self.state.update(state)


@dataclasses.dataclass
class CustomDataclass:
    """Its own methods win over its being a dataclass."""

    value: int = 0

    def _get_anywidget_state(self, include):
        return {"custom": True}

    def _set_anywidget_state(self, state):
        self.value = -1


def test_sources_are_detected_in_the_documented_order():
    kinds = [
        state_source(obj).kind
        for obj in (Custom(), CustomDataclass(), Shape(), Traited(), Model(), Struct())
    ]
    assert kinds == ["custom", "custom", "dataclass", "traitlets", "pydantic", "msgspec"]


def test_unsupported_object_is_refused_with_the_options():
    with pytest.raises(TypeError, match=r"_get_anywidget_state.*dataclass.*pydantic.*msgspec"):
        state_source(object())


def test_custom_methods_get_the_requested_names_and_set_state():
    obj = Custom()
    source = state_source(obj)
    assert source.get(obj, None) == {"a": 1, "b": 2}
    assert source.get(obj, ["b"]) == {"b": 2}
    assert obj.asked == [None, {"b"}]
    source.set(obj, {"a": 10})
    assert obj.state == {"a": 10, "b": 2}


def test_dataclass_state_has_nested_dataclasses_as_dicts_and_binary_as_is():
    obj = Shape()
    state = state_source(obj).get(obj, None)
    assert state == {
        "name": "square",
        "corner": {"x": 1, "y": 2},
        "points": [{"x": 0, "y": 0}],
        "data": b"\x00\x01",
    }
    assert state_source(obj).get(obj, {"name"}) == {"name": "square"}


def test_dataclass_set_applies_fields_and_ignores_other_keys():
    obj = Shape()
    state_source(obj).set(obj, {"name": "circle", "layout": None})
    assert obj.name == "circle"
    assert not hasattr(obj, "layout")


def test_traitlets_state_is_the_sync_tagged_traits():
    obj = Traited()
    source = state_source(obj)
    assert source.get(obj, None) == {"value": 3}
    source.set(obj, {"value": 9, "hidden": 1})
    assert (obj.value, obj.hidden) == (9, 4)


def test_pydantic_state_is_json_ready_except_binary():
    obj = Model()
    source = state_source(obj)
    assert source.get(obj, None) == {"name": "m", "when": "2024-01-02", "blob": b"\xff"}
    assert source.get(obj, {"when"}) == {"when": "2024-01-02"}
    source.set(obj, {"name": "n", "extra": 1})
    assert obj.name == "n"


def test_msgspec_state_keeps_binary_and_sets_fields():
    obj = Struct()
    source = state_source(obj)
    assert source.get(obj, None) == {"name": "s", "blob": b"\x01", "tags": ["a"]}
    assert source.get(obj, ["tags"]) == {"tags": ["a"]}
    source.set(obj, {"blob": b"\x02"})
    assert obj.blob == b"\x02"


def test_psygnal_events_are_followed_until_unfollowed():
    @psygnal.evented
    @dataclasses.dataclass
    class Evented:
        value: int = 0

    obj = Evented()
    changed: list[str] = []
    unfollow = follow_changes(obj, changed.append)
    assert unfollow is not None
    obj.value = 1
    unfollow()
    obj.value = 2
    assert changed == ["value"]


def test_traitlets_sync_traits_are_followed_until_unfollowed():
    obj = Traited()
    changed: list[str] = []
    unfollow = follow_changes(obj, changed.append)
    assert unfollow is not None
    obj.value = 5
    obj.hidden = 5
    unfollow()
    obj.value = 6
    assert changed == ["value"]


def test_evented_pydantic_model_is_followed_through_its_events():
    class Evented(psygnal.EventedModel):
        name: str = "a"

    obj = Evented()
    changed: list[str] = []
    assert follow_changes(obj, changed.append) is not None
    obj.name = "b"
    assert changed == ["name"]


@pytest.mark.parametrize("obj", [Shape(), Model(), Struct(), Custom()])
def test_objects_without_a_notifier_have_none(obj):
    assert follow_changes(obj, lambda name: None) is None


def test_an_unrelated_events_attribute_is_not_a_notifier():
    @dataclasses.dataclass
    class WithEvents:
        events: list[str] = dataclasses.field(default_factory=list)

    assert follow_changes(WithEvents(), lambda name: None) is None


def test_importing_anywidget_imports_no_optional_library():
    code = (
        "import sys, anywidget, anywidget.experimental\n"
        "print(sorted({'pydantic', 'msgspec', 'psygnal', 'watchfiles'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_detecting_a_plain_dataclass_imports_no_optional_library():
    code = (
        "import sys, dataclasses\n"
        "from anywidget._objects.state_sources import RefusedKeysError, follow_changes, state_source\n"
        "@dataclasses.dataclass\nclass A:\n    x: int = 0\n"
        "state_source(A()); follow_changes(A(), print)\n"
        "print(sorted({'pydantic', 'msgspec', 'psygnal'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_custom_state_getter_is_called_with_include_by_keyword():
    class KeywordOnly:
        def _get_anywidget_state(self, *, include):
            return {"include": include}

    obj = KeywordOnly()
    assert state_source(obj).get(obj, None) == {"include": None}
    assert state_source(obj).get(obj, ["a"]) == {"include": {"a"}}


class GetterOnly:
    kind = "getter only"

    def __init__(self) -> None:
        self.value = 0
        self._secret = "kept"
        self._shown = "private but shown"

    def _get_anywidget_state(self, include):
        state = {"value": self.value, "_shown": self._shown, "kind": self.kind}
        # Names a getter should never offer: they are still not settable.
        state.update(render=None, __class__=None)
        return {name: state[name] for name in state if include is None or name in include}

    def render(self) -> str:
        return "method"


def test_custom_getter_without_a_setter_gets_the_names_it_returns_as_attributes():
    obj = GetterOnly()
    state_source(obj).set(obj, {"value": 5, "_shown": "changed", "kind": "instance"})
    assert (obj.value, obj._shown, obj.kind) == (5, "changed", "instance")


@pytest.mark.parametrize(
    "name",
    ["label", "_secret", "_get_anywidget_state", "_set_anywidget_state", "render", "__class__",
     "__dict__", "__init__"],
)  # fmt: skip
def test_custom_getter_without_a_setter_refuses_other_names_and_keeps_the_rest(name):
    obj = GetterOnly()
    with pytest.raises(RefusedKeysError, match=f"ignored {name}: GetterOnly has no"):
        state_source(obj).set(obj, {name: "page text", "value": 7})
    assert obj.value == 7
    assert type(obj) is GetterOnly
    assert obj._secret == "kept"
    assert obj.render() == "method"
    assert state_source(obj).get(obj, ["value"]) == {"value": 7}
    assert "label" not in vars(obj)
    assert "_set_anywidget_state" not in vars(obj)


def test_a_signal_group_under_another_name_is_followed():
    @psygnal.evented(events_namespace="signals")
    @dataclasses.dataclass
    class Renamed:
        value: int = 0

    obj = Renamed()
    changed: list[str] = []
    unfollow = follow_changes(obj, changed.append)
    assert unfollow is not None
    obj.value = 3
    unfollow()
    obj.value = 4
    assert changed == ["value"]


def test_a_signal_group_stored_on_the_instance_is_followed():
    class Group(psygnal.SignalGroup):
        size = psygnal.Signal(int)

    class Holder:
        def __init__(self) -> None:
            self.notifier = Group()

    obj = Holder()
    changed: list[str] = []
    follow_changes(obj, changed.append)
    obj.notifier.size.emit(2)
    assert changed == ["size"]
