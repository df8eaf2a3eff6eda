"""Python methods the front end can call: the `command` marker, a class's commands, and answering a call."""

from __future__ import annotations

import weakref
from typing import Any, Callable, TypeVar

from .protocol import COMMAND_ERROR_KEY, COMMAND_KIND, COMMAND_RESPONSE_KIND

F = TypeVar("F", bound=Callable[..., Any])
Send = Callable[[dict[str, Any], list[Any]], None]

_MARK = "_anywidget_command"
_names: weakref.WeakKeyDictionary[type, frozenset[str]] = weakref.WeakKeyDictionary()


def command(method: F) -> F:
    """Make a method callable from the widget's front end with ``experimental.invoke``.

    The method receives ``(msg, buffers)``: the JSON message and the list of binary buffers
    the front end sent. It returns ``(response, buffers)``, which resolve the front end's
    promise; an exception rejects it with the exception's type and message.

    Examples
    --------
    >>> class Echo(AnyWidget):
    ...     @command
    ...     def shout(self, msg, buffers):
    ...         return msg.upper(), buffers
    """
    setattr(method, _MARK, True)
    return method


def command_names(cls: type) -> frozenset[str]:
    """Names of `cls`'s commands (computed once per class)."""
    names = _names.get(cls)
    if names is None:
        names = frozenset(name for name in dir(cls) if _is_command(_static_attribute(cls, name)))
        _names[cls] = names
    return names


def _static_attribute(cls: type, name: str) -> object:
    # As `inspect.getattr_static` finds it (no descriptors run), without importing inspect.
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return None


def _is_command(attribute: object) -> bool:
    function = getattr(attribute, "__func__", attribute)  # staticmethod / classmethod
    return callable(function) and getattr(function, _MARK, False) is True


def command_request(content: object) -> dict[str, Any] | None:
    """The call `content` asks for, if it is a command message (``kind: "anywidget-command"``)."""
    if isinstance(content, dict) and content.get("kind") == COMMAND_KIND:
        return content
    return None


def malformed_request(request: dict[str, Any]) -> str | None:
    """What is wrong with a call's shape (its id or name), if anything; the caller still gets an answer."""
    call_id, name = request.get("id"), request.get("name")
    if not isinstance(call_id, (str, int)) or isinstance(call_id, bool):
        return f"a command call's id must be a string or number, not {type(call_id).__name__}"
    if not isinstance(name, str):
        return f"a command call's name must be a string, not {type(name).__name__}"
    return None


def answer(obj: object, request: dict[str, Any], buffers: list[Any], send: Send) -> None:
    """Run the command `request` names on `obj` and send the reply (the result or the error)."""
    call_id = request.get("id")
    try:
        response, reply_buffers = _run(obj, request, buffers)
    except Exception as error:  # any failure in user code belongs to the caller's promise
        send(_error_reply(call_id, type(error).__name__, str(error)), [])
        return
    try:
        send(_reply(call_id, response), reply_buffers)
    except (TypeError, ValueError) as error:
        # The response could not be sent (e.g. not JSON): the caller still gets an answer.
        name = request.get("name")
        message = f"the response of command {name!r} could not be sent: {error}"
        send(_error_reply(call_id, type(error).__name__, message), [])


def _run(obj: object, request: dict[str, Any], buffers: list[Any]) -> tuple[Any, list[Any]]:
    name = request.get("name")
    names = command_names(type(obj))
    if not isinstance(name, str) or name not in names:
        raise UnknownCommandError(
            f"{type(obj).__qualname__} has no command {name!r:.80} "
            f"(its commands: {', '.join(sorted(names)) or 'none'}; "
            "mark methods with @anywidget.experimental.command)"
        )
    result = getattr(obj, name)(request.get("msg"), list(buffers))
    if not (isinstance(result, tuple) and len(result) == 2):
        raise TypeError(
            f"command {name!r} must return (response, buffers), not {type(result).__name__}"
        )
    response, reply_buffers = result
    return response, list(reply_buffers or [])


class UnknownCommandError(LookupError):
    """The front end asked for a command the object's class does not have."""


def _reply(call_id: object, response: object) -> dict[str, Any]:
    return {"id": call_id, "kind": COMMAND_RESPONSE_KIND, "response": response}


def _error_reply(call_id: object, kind: str, message: str) -> dict[str, Any]:
    # Published front ends resolve the call with `response` (None) and ignore the error key.
    return {**_reply(call_id, None), COMMAND_ERROR_KEY: {"type": kind, "message": message}}
