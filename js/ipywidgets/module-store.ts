/** The page's side of the module store: `_esm`/`_css` references resolved to the texts their module models hold, and back. */

import type { IWidgetManager, WidgetModel } from "@jupyter-widgets/base";
import { MODULE_REF_PREFIX, MODULE_SOURCE_KEY } from "../contract/protocol.js";
import { getModel } from "../transport/get-model.js";
import { releaseOnClose } from "../transport/release-comm.js";

const REFERENCE = new RegExp(`^${MODULE_REF_PREFIX.replace(/[/*]/g, "\\$&")}(\\S+) \\*/`);

// Per widget manager (one per kernel connection), the reference each resolved text came as:
// serializing a widget's text back to it stores each module once in saved widget state.
const referencesByManager = new WeakMap<object, Map<string, string>>();

/** The module model id `value` refers to, or undefined when `value` is not a reference. */
export function referencedId(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  return REFERENCE.exec(value)?.[1];
}

/** State in: a reference becomes its module's text; text (from kernels of anywidget <= 0.11) stays. */
async function deserialize(value: unknown, manager?: IWidgetManager): Promise<unknown> {
  const id = referencedId(value);
  if (id === undefined) return value;
  if (manager === undefined) throw new Error(`anywidget: no widget manager to resolve module ${id}`);
  let model: WidgetModel;
  try {
    model = await getModel(manager, id);
  } catch (error) {
    throw new Error(`anywidget: the widget's module (model ${id}) is not available: ${String(error)}`, {
      cause: error,
    });
  }
  const text = model.get(MODULE_SOURCE_KEY);
  if (typeof text !== "string") throw new Error(`anywidget: model ${id} holds no module text`);
  releaseOnClose(model);
  let references = referencesByManager.get(manager);
  if (references === undefined) {
    references = new Map();
    referencesByManager.set(manager, references);
  }
  if (!references.has(text)) {
    const known = references;
    known.set(text, value as string);
    model.once("destroy", () => {
      if (known.get(text) === value) known.delete(text);
    });
  }
  return text;
}

/** State out (to the kernel, or saved with the notebook): text a module model holds becomes its reference. */
function serialize(value: unknown, widget?: WidgetModel): unknown {
  if (typeof value !== "string" || widget === undefined) return value;
  return referencesByManager.get(widget.widget_manager)?.get(value) ?? value;
}

/** The serializer pair for a widget's `_esm`/`_css`. */
export const moduleSource = { deserialize, serialize };
