"""Who the test bridge answers: requests from its own page, which holds the session's secret.

Binding 127.0.0.1 keeps other machines out, not other pages in the same browser: any page can
send no-cors `text/plain` POSTs to a local port, and a DNS-rebinding host name can even read the
answers. So every request must name the secret in its path (the page's own URL carries it), come
with the bridge's Host (and Origin, when the browser sends one), and POST JSON only: a cross-origin
page can send JSON only after a CORS preflight, which the bridge never grants.
"""

from __future__ import annotations

import hmac
import secrets
from http import HTTPStatus
from urllib.parse import parse_qs

# Generous for any event index or body length; the bound keeps int() on text cheap.
_MAX_DIGITS = 12


class Refused(Exception):
    """A request the bridge does not serve: `status` and a one-line reason for the client."""

    def __init__(self, status: HTTPStatus, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Access:
    """The checks for one bridge: its port and a fresh secret."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.secret = secrets.token_urlsafe(32)
        self._hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self._origins = {f"http://{host}" for host in self._hosts}

    @property
    def prefix(self) -> str:
        """The path every route lives under."""
        return f"/{self.secret}/"

    def route(self, host: str | None, origin: str | None, path: str) -> str:
        """The route `path` names after the secret (``""`` for the page itself).

        Raises
        ------
        Refused
            For another Host or Origin than the bridge's, or a path without the secret.
        """
        if host not in self._hosts:
            raise Refused(HTTPStatus.FORBIDDEN, "unexpected Host header")
        if origin is not None and origin not in self._origins:
            raise Refused(HTTPStatus.FORBIDDEN, "requests from other origins are not served")
        head, slash, rest = path.lstrip("/").partition("/")
        # Compared in constant time: the secret is the only thing a local page cannot learn.
        if not slash or not hmac.compare_digest(head.encode(), self.secret.encode()):
            raise Refused(HTTPStatus.FORBIDDEN, "this bridge serves only its own test page")
        return rest


def require_json(content_type: str | None) -> None:
    """Raises `Refused` unless `content_type` is JSON (what only a same-origin page can send)."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if kind != "application/json":
        raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "the bridge takes application/json only")


def body_length(value: str | None) -> int:
    """The request body's length from its Content-Length header; raises `Refused` if malformed."""
    return _count((value or "0").strip(), "Content-Length")


def event_index(query: str) -> int:
    """The ``after`` index of an events request (0 if absent); raises `Refused` if malformed."""
    values = parse_qs(query, keep_blank_values=True).get("after", ["0"])
    return _count(values[0] if len(values) == 1 else "", "`after`")


def model_query(query: str) -> str | None:
    """The ``model`` id a state request names (None: the widget shown); raises `Refused` if malformed."""
    values = parse_qs(query, keep_blank_values=True).get("model")
    if values is None:
        return None
    if len(values) != 1 or not values[0].isascii() or not values[0].isalnum():
        raise Refused(HTTPStatus.BAD_REQUEST, "`model` must be one model id")
    return values[0]


def _count(text: str, name: str) -> int:
    # str.isdigit also accepts other scripts' digits: ASCII only.
    if not (text.isascii() and text.isdigit()) or len(text) > _MAX_DIGITS:
        raise Refused(HTTPStatus.BAD_REQUEST, f"{name} must be a non-negative integer")
    return int(text)
