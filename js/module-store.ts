/** The page's side of the module store: module models holding `_esm`/`_css` texts, and the references widgets carry to them. */

import { type IWidgetManager, WidgetModel } from "@jupyter-widgets/base";
import {
  MODULE_MODEL_NAME,
  MODULE_NAME,
  MODULE_REF_KEY,
  MODULE_SOURCE_KEY,
  MODULE_VERSION,
} from "./protocol.js";

// Per widget manager (one per kernel connection), the module model holding each text: serializing
// a widget's text back to its reference stores each module once in saved widget state.
const idsByManager = new WeakMap<object, Map<string, string>>();

/** A module's (or stylesheet's) text, shared by the widgets referring to it; it has no view. */
export class AnyModuleModel extends WidgetModel {
  override defaults() {
    return {
      ...super.defaults(),
      _model_name: MODULE_MODEL_NAME,
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      [MODULE_SOURCE_KEY]: "",
    };
  }

  override initialize(...args: Parameters<WidgetModel["initialize"]>): void {
    super.initialize(...args);
    const source = this.get(MODULE_SOURCE_KEY);
    if (typeof source !== "string") return;
    const manager = this.widget_manager;
    const id = this.model_id;
    let ids = idsByManager.get(manager);
    if (ids === undefined) {
      ids = new Map();
      idsByManager.set(manager, ids);
    }
    ids.set(source, id);
    this.once("destroy", () => {
      if (ids.get(source) === id) ids.delete(source);
    });
  }
}

/** The module model id `value` refers to, or undefined when `value` is not a reference. */
export function referencedId(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const id = (value as Record<string, unknown>)[MODULE_REF_KEY];
  return typeof id === "string" ? id : undefined;
}

/** State in: a reference becomes its module's text; text (from kernels of anywidget <= 0.11) stays. */
async function deserialize(value: unknown, manager?: IWidgetManager): Promise<unknown> {
  const id = referencedId(value);
  if (id === undefined) return value;
  if (manager === undefined) throw new Error(`anywidget: no widget manager to resolve module ${id}`);
  let model: WidgetModel;
  try {
    model = await manager.get_model(id);
  } catch (error) {
    throw new Error(`anywidget: the widget's module (model ${id}) is not available: ${String(error)}`, {
      cause: error,
    });
  }
  return model.get(MODULE_SOURCE_KEY);
}

/** State out (to the kernel, or saved with the notebook): text held by a module model becomes its reference. */
function serialize(value: unknown, widget?: WidgetModel): unknown {
  if (typeof value !== "string" || widget === undefined) return value;
  const id = idsByManager.get(widget.widget_manager)?.get(value);
  return id === undefined ? value : { [MODULE_REF_KEY]: id };
}

/** The serializer pair for a widget's `_esm`/`_css`. */
export const moduleSource = { deserialize, serialize };
