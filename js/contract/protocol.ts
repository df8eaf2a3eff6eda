/** Wire names shared with the kernel side (anywidget/_protocol.py); defined once for the front end. */

export const MODULE_NAME = "anywidget";
export const MODULE_VERSION = "0.12.0";
export const MODEL_NAME = "AnyModel";
export const VIEW_NAME = "AnyView";

/**
 * Versions this front end answers to besides its own: widget state saved by
 * earlier releases asks for ranges like `~0.9.*`, and the widget manager
 * resolves a saved model by matching its range against registered versions.
 */
export const COMPATIBLE_VERSIONS = ["0.9.0", "0.10.0", "0.11.0", MODULE_VERSION] as const;

export const ESM_KEY = "_esm";
export const CSS_KEY = "_css";
export const ID_KEY = "_anywidget_id";

/**
 * `_esm`/`_css` arrive as references to module models: plain ipywidgets models whose
 * `MODULE_SOURCE_KEY` holds the text, so each distinct source crosses the wire once. A reference
 * is a comment, `MODULE_REF_PREFIX` + the model id, closed (front ends of the published anywidget run
 * the rest, a stand-in module); plain text from kernels of anywidget <= 0.11 is still accepted.
 */
export const MODULE_SOURCE_KEY = "source";
export const MODULE_REF_PREFIX = "/* anywidget module ";

/** Custom-message key the runtime handles itself: trait values the kernel rejected. */
export const REJECTED_KEY = "__anywidget_rejected__";

/** Comm-message methods for large messages sent in chunks (anywidget/_chunks.py puts them back together). */
export const CHUNK_METHOD = "anywidget_chunk";
export const CHUNK_ERROR_METHOD = "anywidget_chunk_error";
/** The first kernel version that puts chunked messages back together. */
export const CHUNKS_SINCE = "0.12.0";

/**
 * Calls into Python methods, in the published anywidget 0.9-0.11 wire format (anywidget/_protocol.py
 * documents the shapes): a request is the custom message `{ id, kind: COMMAND_KIND, name, msg }`, a
 * reply `{ id, kind: COMMAND_RESPONSE_KIND, response }`, plus `COMMAND_ERROR_KEY` when the call failed.
 */
export const COMMAND_KIND = "anywidget-command";
export const COMMAND_RESPONSE_KIND = "anywidget-command-response";
export const COMMAND_ERROR_KEY = "error";
