"""Wire names shared with the front end (js/protocol.ts); defined once for the kernel side."""

from __future__ import annotations

from .._version import __version__

MODULE_NAME = "anywidget"
MODEL_NAME = "AnyModel"
VIEW_NAME = "AnyView"

_major, _minor, *_ = __version__.split(".")
# The front-end versions this kernel package works with, as a semver range the widget manager
# matches against the versions front ends register. Our own release comes first (and is the
# newest): our front end reads it to know what this kernel can do (js/version.ts). The published
# anywidget 0.11 front end registers "0.11.0" and renders these widgets too (without our extras,
# e.g. chunked uploads), so it is listed: without it that front end refuses them outright. No
# spaces: static HTML pages fetch the front end from a CDN at `anywidget@<range>/dist/index.js`,
# which then resolves to the newest release on npm that the range allows.
PUBLISHED_FRONT_ENDS = ("0.11",)
MODULE_VERSION_RANGE = "||".join(
    f"~{version}.*" for version in (f"{_major}.{_minor}", *PUBLISHED_FRONT_ENDS)
)

ESM_KEY = "_esm"
CSS_KEY = "_css"
ID_KEY = "_anywidget_id"

# A widget's `_esm`/`_css` travel as a reference to a module model: a plain ipywidgets model (no
# view) whose MODULE_SOURCE_KEY holds the text, so each distinct source is sent once per
# connection. A reference starts with MODULE_REF_PREFIX + "<model id> */" and is itself valid
# JavaScript (or CSS): front ends of the published anywidget run it as a stand-in that fetches the
# text. Plain text (kernels of anywidget <= 0.11, saved notebooks) is still accepted.
MODULE_SOURCE_KEY = "source"
MODULE_REF_PREFIX = "/* anywidget module "

# Custom-message key the front end handles itself: trait values the kernel rejected.
REJECTED_KEY = "__anywidget_rejected__"

WIDGET_VIEW_MIMETYPE = "application/vnd.jupyter.widget-view+json"

# How `WidgetTrait` and descriptor-backed state refer to another widget (front ends also accept
# ipywidgets' "IPY_MODEL_<id>").
WIDGET_REF_PREFIX = "anywidget:"

# Comm-message methods of messages the front end splits because its websocket refuses large
# ones (js/chunked-comm.ts): chunks in, and the kernel's report of a chunked message it dropped.
CHUNK_METHOD = "anywidget_chunk"
CHUNK_ERROR_METHOD = "anywidget_chunk_error"

# Calls from the front end into Python methods (`experimental.command`), in the wire format of
# the published anywidget 0.9-0.11, so either side may be the published one. The front end sends
# the custom message {id, kind: COMMAND_KIND, name, msg}; the kernel answers
# {id, kind: COMMAND_RESPONSE_KIND, response}. A failed call's answer has `response: None` and
# COMMAND_ERROR_KEY: {type, message}, a key published front ends do not read.
COMMAND_KIND = "anywidget-command"
COMMAND_RESPONSE_KIND = "anywidget-command-response"
COMMAND_ERROR_KEY = "error"

# The Jupyter widget message protocol spoken on comms this package opens itself.
WIDGET_TARGET = "jupyter.widget"
WIDGET_PROTOCOL_VERSION = "2.1.0"
