/**
 * Wire names shared with the kernel, read from the one file both languages load
 * (anywidget/_wire/protocol.json), and this front end's own version.
 */

import wire from "../../anywidget/_wire/protocol.json";

export const {
  MODULE_NAME,
  MODEL_NAME,
  VIEW_NAME,
  ESM_KEY,
  CSS_KEY,
  ID_KEY,
  MODULE_SOURCE_KEY,
  MODULE_REF_PREFIX,
  REJECTED_KEY,
  WIDGET_VIEW_MIMETYPE,
  WIDGET_STATE_MIMETYPE,
  WIDGET_REF_PREFIX,
  IPY_MODEL_PREFIX,
  CHUNK_METHOD,
  CHUNK_ERROR_METHOD,
  CHUNK_BYTES,
  CHUNKS_SINCE,
  COMMAND_KIND,
  COMMAND_RESPONSE_KIND,
  COMMAND_ERROR_KEY,
  WIDGET_TARGET,
} = wire;

/** This release; package.json and anywidget/_version.py carry the same (tests/js/protocol.test.ts). */
export const MODULE_VERSION = "0.12.0";

/**
 * Versions this front end answers to besides its own: widget state saved by earlier releases asks
 * for ranges like `~0.9.*`, and the widget manager resolves a saved model by matching its range
 * against registered versions.
 */
export const COMPATIBLE_VERSIONS: readonly string[] = [...wire.EARLIER_RELEASES, MODULE_VERSION];
