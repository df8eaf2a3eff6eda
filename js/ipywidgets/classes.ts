/** The widget classes every page of ours has, by module and name: anywidget's own and @jupyter-widgets/base's. */

import * as base from "@jupyter-widgets/base";
import { MODULE_NAME } from "../contract/protocol.js";
import { AnyModel, AnyView } from "./widget.js";

export type ModelClass = typeof base.WidgetModel;
export type ViewClass = typeof base.WidgetView;
/** A widget module's exports, as a manager looks classes up in them. */
export type Exports = Readonly<Record<string, unknown>>;

/** Our classes, and the base classes module models and layouts are made of. */
export const OWN_MODULES: Readonly<Record<string, Exports>> = {
  [MODULE_NAME]: { AnyModel, AnyView },
  "@jupyter-widgets/base": base,
};

/**
 * `found` if it is `root` or a subclass of it. `X.prototype instanceof X` is false: the base
 * classes themselves (a module model is a plain WidgetModel) count as well as their subclasses.
 */
export function classOf<T extends ModelClass | ViewClass>(found: unknown, root: T): T | undefined {
  return typeof found === "function" && (found === root || found.prototype instanceof root)
    ? (found as T)
    : undefined;
}
