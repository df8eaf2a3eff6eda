"""Large messages from the front end arrive in chunks and are handled once whole."""

from __future__ import annotations

import json
import tracemalloc
from typing import Any

import pytest
import traitlets

import anywidget
from anywidget._wire.chunks import (
    MAX_ANNOUNCED_BYTES,
    MAX_OPEN_UPLOADS,
    MAX_PARTS,
    ChunkError,
    Uploads,
)
from anywidget._wire.protocol import CHUNK_ERROR_METHOD, CHUNK_METHOD


class Upload(anywidget.AnyWidget):
    _esm = "export default {}"
    data = traitlets.Bytes(b"").tag(sync=True)
    note = traitlets.Unicode("").tag(sync=True)


def chunked(
    data: dict[str, Any], buffers: list[bytes], chunk: int, upload: str = "u1"
) -> list[tuple[dict[str, Any], list[bytes]]]:
    """The chunk messages the front end makes of (data, buffers), `chunk` bytes each."""
    head = json.dumps(data).encode()
    stream = head + b"".join(buffers)
    sizes = [len(head), *(len(b) for b in buffers)]
    pieces = [stream[i : i + chunk] for i in range(0, len(stream), chunk)]
    messages = []
    for index, piece in enumerate(pieces):
        meta: dict[str, Any] = {"method": CHUNK_METHOD, "upload": upload, "seq": index}
        if index == 0:
            meta["sizes"] = sizes
        messages.append((meta, [piece]))
    return messages


def test_a_chunked_update_sets_the_trait_once_the_last_chunk_arrives(comms):
    widget = Upload()
    payload = bytes(range(256)) * 400
    update = {"method": "update", "state": {"note": "done"}, "buffer_paths": [["data"]]}
    chunks = chunked(update, [payload], chunk=7_000)
    assert len(chunks) > 10
    for data, buffers in chunks[:-1]:
        widget.comm.receive(data, buffers)
    assert (widget.data, widget.note) == (b"", "")
    widget.comm.receive(*chunks[-1])
    assert widget.data == payload
    assert widget.note == "done"


def test_a_chunked_custom_message_reaches_on_msg_with_its_buffers(comms):
    widget = Upload()
    received: list[tuple[Any, list[bytes]]] = []
    widget.on_msg(
        lambda _, content, buffers: received.append((content, [bytes(b) for b in buffers]))
    )
    parts = [b"a" * 10_000, b"", b"b" * 3, b"c" * 20_000]
    for data, buffers in chunked({"method": "custom", "content": {"n": 1}}, parts, chunk=4096):
        widget.comm.receive(data, buffers)
    assert received == [({"n": 1}, parts)]


def test_chunks_of_two_uploads_may_interleave(comms):
    widget = Upload()
    received: list[Any] = []
    widget.on_msg(lambda _, content, buffers: received.append((content, bytes(buffers[0]))))
    first = chunked({"method": "custom", "content": 1}, [b"x" * 5000], chunk=1000, upload="a")
    second = chunked({"method": "custom", "content": 2}, [b"y" * 5000], chunk=1000, upload="b")
    for pair in zip(first, second):
        for data, buffers in pair:
            widget.comm.receive(data, buffers)
    assert received == [(1, b"x" * 5000), (2, b"y" * 5000)]


def test_a_bad_chunk_is_reported_to_the_front_end_and_drops_only_its_upload(comms):
    widget = Upload()
    widget.comm.receive({"method": CHUNK_METHOD, "upload": "ghost"}, [b"zz"])
    assert widget.comm.sent[-1][1] == {
        "method": CHUNK_ERROR_METHOD,
        "upload": "ghost",
        "error": "upload ghost: chunk of an unknown or dropped upload",
    }
    # The widget keeps working: a later whole upload still lands.
    for data, buffers in chunked(
        {"method": "update", "state": {}, "buffer_paths": [["data"]]}, [b"ok"], 10
    ):
        widget.comm.receive(data, buffers)
    assert widget.data == b"ok"


def test_more_bytes_than_announced_is_an_error():
    uploads = Uploads()
    head = json.dumps({"method": "custom"}).encode()
    with pytest.raises(ChunkError, match="more bytes than the first chunk announced"):
        uploads.receive({"upload": "u", "sizes": [len(head), 2], "seq": 0}, [head + b"abc"])
    assert len(uploads) == 0


def test_an_aborted_upload_is_forgotten():
    uploads = Uploads()
    assert uploads.receive({"upload": "u", "sizes": [10, 10], "seq": 0}, [b"12345"]) is None
    assert len(uploads) == 1
    uploads.receive({"upload": "u", "abort": True}, [])
    assert len(uploads) == 0


@pytest.mark.parametrize("sizes", [None, [], [-1], ["3"], 5])
def test_malformed_first_chunk_is_an_error(sizes):
    with pytest.raises(ChunkError):
        Uploads().receive(
            {"upload": "u", "sizes": sizes, "seq": 0} if sizes is not None else {"upload": "u"},
            [b"x"],
        )


def test_reassembled_buffers_arrive_as_memoryviews(comms):
    widget = Upload()
    received: list[Any] = []
    widget.on_msg(lambda _, content, buffers: received.extend(buffers))
    for data, buffers in chunked({"method": "custom", "content": None}, [b"q" * 100], chunk=30):
        widget.comm.receive(data, [memoryview(b) for b in buffers])
    (buffer,) = received
    assert isinstance(buffer, memoryview)
    assert buffer.nbytes == 100


def test_chunks_out_of_order_drop_their_upload():
    uploads = Uploads()
    head = json.dumps({"method": "custom"}).encode()
    uploads.receive({"upload": "u", "sizes": [len(head), 4], "seq": 0}, [head])
    with pytest.raises(ChunkError, match="out of order"):
        uploads.receive({"upload": "u", "seq": 2}, [b"ab"])
    assert len(uploads) == 0


def _allocated_by(action: Any) -> int:
    """Peak bytes Python allocated while `action()` ran."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_with_the_bytes_that_arrive_not_with_the_parts_announced():
    uploads = Uploads()
    # As many parts as a message may have, and a gigabyte announced: two bytes sent.
    sizes = [2, 1 << 30, *([1] * (MAX_PARTS - 2))]
    first = {"upload": "u", "sizes": sizes, "seq": 0}
    assert _allocated_by(lambda: uploads.receive(first, [b"{}"])) < 64_000
    assert len(uploads) == 1


def test_more_parts_than_a_message_may_have_are_refused_before_any_is_made():
    uploads = Uploads()
    first = {"upload": "u", "sizes": [1] + [0] * 1_000_000, "seq": 0}

    def receive() -> None:
        with pytest.raises(ChunkError, match=f"1000001 parts; a message has at most {MAX_PARTS}"):
            uploads.receive(first, [b"{"])

    assert _allocated_by(receive) < 64_000
    assert len(uploads) == 0


def test_an_upload_announcing_more_than_a_widget_may_hold_is_refused():
    uploads = Uploads()
    with pytest.raises(
        ChunkError, match=f"announces {MAX_ANNOUNCED_BYTES + 4} bytes; a widget takes at most"
    ):
        uploads.receive({"upload": "u", "sizes": [4, MAX_ANNOUNCED_BYTES], "seq": 0}, [b"{}"])
    assert len(uploads) == 0


def test_open_uploads_together_announce_at_most_the_limit_the_oldest_go_first():
    uploads = Uploads()
    third = MAX_ANNOUNCED_BYTES // 3
    for name in ("a", "b", "c"):
        uploads.receive({"upload": name, "sizes": [2, third - 2], "seq": 0}, [b"{}"])
    assert len(uploads) == 3
    # A fourth upload of a third more: the oldest is dropped to make room.
    uploads.receive({"upload": "d", "sizes": [2, third], "seq": 0}, [b"{}"])
    assert len(uploads) == 3
    with pytest.raises(ChunkError, match="unknown or dropped upload"):
        uploads.receive({"upload": "a", "seq": 1}, [b"x"])


def test_chunks_of_a_refused_upload_are_dropped_quietly_and_it_is_logged_once(comms, caplog):
    widget = Upload()
    for index in range(5):
        upload = f"big-{index}"
        widget.comm.receive(
            {
                "method": CHUNK_METHOD,
                "upload": upload,
                "sizes": [1] + [0] * (MAX_PARTS + 1),
                "seq": 0,
            },
            [b"{"],
        )
        # The chunks the page had in flight before it heard of the refusal.
        widget.comm.receive({"method": CHUNK_METHOD, "upload": upload, "seq": 1}, [b"}"])
    errors = [data for _, data, _ in widget.comm.sent if data.get("method") == CHUNK_ERROR_METHOD]
    assert [error["upload"] for error in errors] == [f"big-{index}" for index in range(5)]
    assert "at most" in errors[0]["error"]
    assert caplog.text.count("upload over the limits in a message to Upload") == 1
    assert "bad chunk" not in caplog.text
    # The widget still takes an upload within the limits.
    for data, buffers in chunked({"method": "update", "state": {"note": "fine"}}, [], 5):
        widget.comm.receive(data, buffers)
    assert widget.note == "fine"


def test_only_a_few_unfinished_uploads_stay_open():
    uploads = Uploads()
    for index in range(50):
        uploads.receive({"upload": f"u{index}", "sizes": [10], "seq": 0}, [b"1"])
    assert len(uploads) == MAX_OPEN_UPLOADS


def test_a_stream_whose_message_is_not_json_is_an_error():
    uploads = Uploads()
    with pytest.raises(ChunkError, match="not JSON"):
        uploads.receive({"upload": "u", "sizes": [3], "seq": 0}, [b"{x]"])
    assert len(uploads) == 0
