"""Wire names shared with the front end (js/protocol.ts); defined once for the kernel side."""

from __future__ import annotations

from ._version import __version__

MODULE_NAME = "anywidget"
MODEL_NAME = "AnyModel"
VIEW_NAME = "AnyView"

_major, _minor, *_ = __version__.split(".")
# The front-end versions this kernel package works with, as a semver range.
MODULE_VERSION_RANGE = f"~{_major}.{_minor}.*"

ESM_KEY = "_esm"
CSS_KEY = "_css"
ID_KEY = "_anywidget_id"

# A widget's `_esm`/`_css` travel as {MODULE_REF_KEY: <model id>} naming a module model (no view)
# whose MODULE_SOURCE_KEY trait holds the text: each distinct source is sent once per connection.
# Plain text (kernels of anywidget <= 0.11, saved notebooks) is still accepted by the front end.
MODULE_MODEL_NAME = "AnyModuleModel"
MODULE_SOURCE_KEY = "source"
MODULE_REF_KEY = "anywidget_module"

# Custom-message key the front end handles itself: trait values the kernel rejected.
REJECTED_KEY = "__anywidget_rejected__"

WIDGET_VIEW_MIMETYPE = "application/vnd.jupyter.widget-view+json"

# Comm-message methods of messages the front end splits because its websocket refuses large
# ones (js/chunked-comm.ts): chunks in, and the kernel's report of a chunked message it dropped.
CHUNK_METHOD = "anywidget_chunk"
CHUNK_ERROR_METHOD = "anywidget_chunk_error"

# Custom-message keys of calls from the front end into Python methods (`experimental.command`):
# the front end sends {COMMAND_KEY: {id, name, msg}}; the kernel answers
# {COMMAND_REPLY_KEY: {id, response}} or {COMMAND_REPLY_KEY: {id, error: {type, message}}}.
COMMAND_KEY = "__anywidget_command__"
COMMAND_REPLY_KEY = "__anywidget_command_reply__"

# The Jupyter widget message protocol spoken on comms this package opens itself.
WIDGET_TARGET = "jupyter.widget"
WIDGET_PROTOCOL_VERSION = "2.1.0"
