"""The server extension wraps the kernel websocket connection class and changes nothing else."""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any

import pytest
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

from anywidget import _jupyter_server_extension_points
from anywidget._server import SETTING, _load_jupyter_server_extension, without_delay

pytestmark = pytest.mark.e2e


class Connection:
    """Stands in for a kernel websocket connection: records what happens when it connects."""

    def __init__(self, handler: Any) -> None:
        self.websocket_handler = handler
        self.events: list[str] = []

    def connect(self) -> str:
        self.events.append(f"connect (nodelay={self.websocket_handler.nodelay})")
        return "connected"


class Handler:
    nodelay = False

    def set_nodelay(self, value: bool) -> None:
        self.nodelay = value


def test_the_connection_sets_nodelay_before_connecting_and_returns_what_connect_returns():
    connection = without_delay(Connection)(Handler())
    assert connection.connect() == "connected"
    assert connection.events == ["connect (nodelay=True)"]


def test_wrapping_keeps_the_configured_class_and_is_done_once():
    wrapped = without_delay(ZMQChannelsWebsocketConnection)
    assert issubclass(wrapped, ZMQChannelsWebsocketConnection)
    assert wrapped.__name__ == "NoDelayZMQChannelsWebsocketConnection"
    assert without_delay(wrapped) is wrapped


def fake_server(settings: dict[str, Any]) -> Any:
    return SimpleNamespace(
        web_app=SimpleNamespace(settings=settings), log=logging.getLogger("test")
    )


def test_loading_replaces_only_the_connection_class_setting():
    settings: dict[str, Any] = {SETTING: ZMQChannelsWebsocketConnection, "other": object()}
    before = dict(settings)
    _load_jupyter_server_extension(fake_server(settings))
    assert issubclass(settings[SETTING], ZMQChannelsWebsocketConnection)
    assert settings[SETTING] is not ZMQChannelsWebsocketConnection
    assert {k: v for k, v in settings.items() if k != SETTING} == {
        k: v for k, v in before.items() if k != SETTING
    }


def test_a_server_without_the_setting_is_left_alone(caplog):
    settings: dict[str, Any] = {}
    _load_jupyter_server_extension(fake_server(settings))
    assert settings == {}
    assert "left as is" in caplog.text


def test_the_extension_point_names_the_module():
    assert _jupyter_server_extension_points() == [{"module": "anywidget._server"}]
