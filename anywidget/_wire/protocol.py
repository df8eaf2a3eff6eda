"""Wire names shared with the front end, read from `protocol.json` (which js/ reads too), and the version range.

Every name is the JSON file's: this module only gives each a typed attribute, so the kernel side
and the front end cannot drift apart (tests/python/test_protocol.py checks the two cover each other).
"""

from __future__ import annotations

import json
import os
from typing import Any

from .._version import __version__

# Read once at import, next to this file (the wheel ships it as package data).
with open(os.path.join(os.path.dirname(__file__), "protocol.json"), encoding="utf-8") as _file:
    WIRE: dict[str, Any] = json.load(_file)

MODULE_NAME: str = WIRE["MODULE_NAME"]
MODEL_NAME: str = WIRE["MODEL_NAME"]
VIEW_NAME: str = WIRE["VIEW_NAME"]

ESM_KEY: str = WIRE["ESM_KEY"]
CSS_KEY: str = WIRE["CSS_KEY"]
ID_KEY: str = WIRE["ID_KEY"]

# A widget's `_esm`/`_css` travel as a reference to a module model: a plain ipywidgets model (no
# view) whose MODULE_SOURCE_KEY holds the text, so each distinct source is sent once per
# connection. A reference starts with MODULE_REF_PREFIX + "<model id> */" and is itself valid
# JavaScript (or CSS): front ends of the published anywidget run it as a stand-in that fetches the
# text. Plain text (kernels of anywidget <= 0.11, saved notebooks) is still accepted.
MODULE_SOURCE_KEY: str = WIRE["MODULE_SOURCE_KEY"]
MODULE_REF_PREFIX: str = WIRE["MODULE_REF_PREFIX"]

# Custom-message key the front end handles itself: trait values the kernel rejected.
REJECTED_KEY: str = WIRE["REJECTED_KEY"]

WIDGET_VIEW_MIMETYPE: str = WIRE["WIDGET_VIEW_MIMETYPE"]
WIDGET_STATE_MIMETYPE: str = WIRE["WIDGET_STATE_MIMETYPE"]

# How `WidgetTrait` and descriptor-backed state refer to another widget, and how ipywidgets does
# (front ends accept both).
WIDGET_REF_PREFIX: str = WIRE["WIDGET_REF_PREFIX"]
IPY_MODEL_PREFIX: str = WIRE["IPY_MODEL_PREFIX"]

# Comm-message methods of messages the front end splits because its websocket refuses large
# ones (js/transport/chunked-comm.ts): chunks in, and the kernel's report of a chunked message it dropped.
CHUNK_METHOD: str = WIRE["CHUNK_METHOD"]
CHUNK_ERROR_METHOD: str = WIRE["CHUNK_ERROR_METHOD"]
CHUNK_BYTES: int = WIRE["CHUNK_BYTES"]

# Calls from the front end into Python methods (`experimental.command`), in the wire format of
# the published anywidget 0.9-0.11, so either side may be the published one. The front end sends
# the custom message {id, kind: COMMAND_KIND, name, msg}; the kernel answers
# {id, kind: COMMAND_RESPONSE_KIND, response}. A failed call's answer has `response: None` and
# COMMAND_ERROR_KEY: {type, message}, a key published front ends do not read.
COMMAND_KIND: str = WIRE["COMMAND_KIND"]
COMMAND_RESPONSE_KIND: str = WIRE["COMMAND_RESPONSE_KIND"]
COMMAND_ERROR_KEY: str = WIRE["COMMAND_ERROR_KEY"]

# The Jupyter widget message protocol spoken on comms this package opens itself.
WIDGET_TARGET: str = WIRE["WIDGET_TARGET"]
WIDGET_PROTOCOL_VERSION: str = WIRE["WIDGET_PROTOCOL_VERSION"]

# The front-end versions this kernel package works with, as a semver range the widget manager
# matches against the versions front ends register. Our own release comes first (and is the
# newest): our front end reads it to know what this kernel can do (js/ipywidgets/version.ts). Published front
# ends listed in PUBLISHED_FRONT_ENDS render these widgets too (without our extras, e.g. chunked
# uploads); without them in the range they would refuse them outright. No spaces: static HTML
# pages fetch the front end from a CDN at `anywidget@<range>/dist/index.js`, which then resolves
# to the newest release on npm that the range allows.
PUBLISHED_FRONT_ENDS: tuple[str, ...] = tuple(WIRE["PUBLISHED_FRONT_ENDS"])
_major, _minor, *_ = __version__.split(".")
MODULE_VERSION_RANGE = "||".join(
    f"~{version}.*" for version in (f"{_major}.{_minor}", *PUBLISHED_FRONT_ENDS)
)
