"""The `widget_page` bridge over HTTP: only its own page, holding the session's secret, is served."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import traitlets

from anywidget import AnyWidget
from anywidget.experimental import command
from anywidget.testing._access import Access, Refused, event_index
from anywidget.testing._bridge import Bridge


class Target(AnyWidget):
    _esm = "export default { render() {} };"
    value = traitlets.Int(0).tag(sync=True)
    calls = 0

    @command
    def bump(self, msg, buffers):
        self.calls += 1
        return None, []


@pytest.fixture
def bridge() -> Iterator[Bridge]:
    serving = Bridge(Target())
    try:
        yield serving
    finally:
        serving.close()


def request(
    bridge: Bridge,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """Send one request straight to the bridge's socket; returns (status, body)."""
    port = bridge.access.port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        data = None if body is None else body if isinstance(body, bytes) else json.dumps(body)
        sent = {"Host": f"127.0.0.1:{port}", **(headers or {})}
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def own(bridge: Bridge, route: str) -> str:
    """The path of `route` under the bridge's secret, as its page requests it."""
    return urlsplit(bridge.url).path + route


JSON = {"Content-Type": "application/json"}


def test_the_page_url_carries_a_secret_unique_to_each_bridge(bridge: Bridge) -> None:
    other = Bridge(Target())
    try:
        assert bridge.url.startswith(f"http://127.0.0.1:{bridge.access.port}/")
        assert len(bridge.access.secret) >= 40
        assert bridge.access.secret != other.access.secret
    finally:
        other.close()
    assert request(bridge, "GET", own(bridge, ""))[0] == 200
    assert request(bridge, "GET", own(bridge, "page.js"))[0] == 200


@pytest.mark.parametrize("route", ["", "page.js", "state", "events?after=0"])
def test_reads_without_the_secret_are_refused(bridge: Bridge, route: str) -> None:
    for path in (f"/{route}", f"/wrong-secret/{route}", f"/{bridge.access.secret[:-1]}/{route}"):
        status, body = request(bridge, "GET", path)
        assert status == 403, path
        assert b"value" not in body


def test_a_no_cors_post_from_another_origin_changes_nothing(bridge: Bridge) -> None:
    # What a page on another local origin can send without a preflight: text/plain, its Origin.
    hostile = {"Content-Type": "text/plain;charset=UTF-8", "Origin": "http://127.0.0.1:9"}
    for path in ("/update", own(bridge, "update")):
        status, _ = request(bridge, "POST", path, {"state": {"value": 99}}, hostile)
        assert status == 403
    for path in ("/invoke", own(bridge, "invoke")):
        request(bridge, "POST", path, {"name": "bump", "msg": None}, hostile)
    assert (bridge.widget.value, bridge.widget.calls) == (0, 0)


def test_even_with_the_secret_only_json_from_the_bridge_origin_is_taken(bridge: Bridge) -> None:
    update = own(bridge, "update")
    plain = {"Content-Type": "text/plain"}
    assert request(bridge, "POST", update, {"state": {"value": 1}}, plain)[0] == 415
    elsewhere = {**JSON, "Origin": "http://localhost:9"}
    assert request(bridge, "POST", update, {"state": {"value": 2}}, elsewhere)[0] == 403
    assert bridge.widget.value == 0
    own_origin = {**JSON, "Origin": f"http://127.0.0.1:{bridge.access.port}"}
    assert request(bridge, "POST", update, {"state": {"value": 3}}, own_origin)[0] == 200
    assert bridge.widget.value == 3


def test_a_rebinding_host_name_reads_nothing(bridge: Bridge) -> None:
    # DNS rebinding: the attacker's name resolves to 127.0.0.1; the browser sends that Host.
    rebound = {"Host": f"attacker.example:{bridge.access.port}"}
    for route in ("state", "events?after=0"):
        status, body = request(bridge, "GET", own(bridge, route), headers=rebound)
        assert (status, body) == (403, b"unexpected Host header")


@pytest.mark.parametrize("after", ["NaN", "-1", "", "1e3", "%D9%A3", "9" * 40, "1&after=2"])
def test_a_bad_events_query_is_a_400_and_the_bridge_keeps_serving(
    bridge: Bridge, after: str
) -> None:
    status, body = request(bridge, "GET", own(bridge, f"events?after={after}"))
    assert (status, body) == (400, b"`after` must be a non-negative integer")
    status, body = request(bridge, "GET", own(bridge, "state"))
    assert status == 200
    assert json.loads(body)["state"]["value"] == 0


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"[1, 2]", JSON, 400),
        (b"{not json", JSON, 400),
        (b"{}", {**JSON, "Content-Length": "-1"}, 400),
        (b"{}", {**JSON, "Content-Length": "x"}, 400),
    ],
)
def test_malformed_posts_are_a_4xx_and_change_nothing(
    bridge: Bridge, body: bytes, headers: dict[str, str], status: int
) -> None:
    assert request(bridge, "POST", own(bridge, "update"), body, headers)[0] == status
    assert bridge.widget.value == 0


def test_an_unknown_action_is_not_found(bridge: Bridge) -> None:
    assert request(bridge, "POST", own(bridge, "frobnicate"), {}, JSON)[0] == 404


def test_access_checks_without_a_server() -> None:
    access = Access(8123)
    assert access.route("127.0.0.1:8123", None, f"/{access.secret}/state") == "state"
    assert access.route("localhost:8123", "http://localhost:8123", f"/{access.secret}/") == ""
    for host, origin, path in [
        (None, None, f"/{access.secret}/state"),
        ("127.0.0.1:8124", None, f"/{access.secret}/state"),
        ("127.0.0.1:8123", "null", f"/{access.secret}/state"),
        ("127.0.0.1:8123", None, f"/{access.secret}"),
        ("127.0.0.1:8123", None, "/state"),
    ]:
        with pytest.raises(Refused):
            access.route(host, origin, path)
    assert event_index("") == 0
    assert event_index("after=12") == 12


class Holder(AnyWidget):
    _esm = "export default { render() {} };"
    child = traitlets.Instance(AnyWidget, allow_none=True).tag(
        sync=True, to_json=lambda widget, _: widget and f"IPY_MODEL_{widget.model_id}"
    )


def test_the_bridge_serves_the_widgets_its_widget_refers_to_and_no_other() -> None:
    inner, stranger = Target(value=5), Target(value=6)
    serving = Bridge(Holder(child=inner))
    try:
        status, body = request(serving, "GET", own(serving, f"state?model={inner.model_id}"))
        assert status == 200
        assert json.loads(body)["state"]["value"] == 5
        status, body = request(serving, "GET", own(serving, f"state?model={stranger.model_id}"))
        assert status == 404
        assert b"value" not in body
        comm = {"model": inner.model_id, "data": {"method": "update", "state": {"value": 7}}}
        assert request(serving, "POST", own(serving, "comm"), comm, JSON)[0] == 200
        assert inner.value == 7
        comm = {"model": stranger.model_id, "data": {"method": "update", "state": {"value": 8}}}
        assert request(serving, "POST", own(serving, "comm"), comm, JSON)[0] == 500
        assert stranger.value == 6
    finally:
        serving.close()


@pytest.mark.parametrize("query", ["model=", "model=a&model=b", "model=..%2F", "model=%D9%A3"])
def test_a_bad_model_query_is_a_400(bridge: Bridge, query: str) -> None:
    status, body = request(bridge, "GET", own(bridge, f"state?{query}"))
    assert (status, body) == (400, b"`model` must be one model id")
