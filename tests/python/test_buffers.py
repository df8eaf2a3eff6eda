"""Binary values in nested state: taken out as wire buffers and put back where they were."""

from __future__ import annotations

import pytest

from anywidget._wire.buffers import contains_binary, put_buffers, split_buffers


def test_state_without_binary_is_returned_as_is():
    state = {"a": 1, "b": [1, {"c": "x"}]}
    stripped, paths, buffers = split_buffers(state)
    assert stripped is state
    assert (paths, buffers) == ([], [])


def test_binary_at_any_depth_is_taken_out_without_touching_the_original():
    blob, view = b"\x01", memoryview(b"\x02\x03")
    state = {"top": blob, "nested": {"list": [0, bytearray(b"\x04"), (view,)]}, "plain": [1]}
    stripped, paths, buffers = split_buffers(state)
    assert stripped == {"top": None, "nested": {"list": [0, None, [None]]}, "plain": [1]}
    assert stripped["plain"] is state["plain"]
    assert paths == [["top"], ["nested", "list", 1], ["nested", "list", 2, 0]]
    assert buffers == [blob, bytearray(b"\x04"), view]
    assert state["top"] is blob


def test_put_buffers_undoes_split_buffers():
    state = {"x": {"y": [b"\x05", 2]}, "z": b""}
    stripped, paths, buffers = split_buffers(state)
    put_buffers(stripped, paths, buffers)
    assert stripped == state


@pytest.mark.parametrize(
    ("paths", "buffers"), [([["a"]], []), ([[]], [b"x"])], ids=["count mismatch", "empty path"]
)
def test_put_buffers_refuses_malformed_paths(paths, buffers):
    with pytest.raises(ValueError, match="buffer"):
        put_buffers({"a": None}, paths, buffers)


def test_contains_binary_looks_inside_containers():
    assert contains_binary([{"a": (1, memoryview(b""))}])
    assert not contains_binary({"a": [1, "b", None]})
