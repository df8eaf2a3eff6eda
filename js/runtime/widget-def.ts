/** Turns whatever a widget module exports into one `{ initialize, render }` definition, or says clearly why not. */

import type { WidgetDef } from "../contract/types.js";

const EXPECTED =
  "expected `export default { render }`, `export default { initialize, render }`, " +
  "or `export default () => ({ initialize, render })`";

function isRecord(value: unknown): value is Record<string, unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null;
}

function checked(candidate: unknown, origin: string): WidgetDef {
  if (!isRecord(candidate)) {
    throw new TypeError(`${origin} is ${describe(candidate)}; ${EXPECTED}`);
  }
  const { initialize, render } = candidate;
  for (const [name, hook] of [
    ["initialize", initialize],
    ["render", render],
  ] as const) {
    if (hook !== undefined && typeof hook !== "function") {
      throw new TypeError(`${origin} has a \`${name}\` that is ${describe(hook)}, not a function`);
    }
  }
  if (initialize === undefined && render === undefined) {
    throw new TypeError(`${origin} has neither \`initialize\` nor \`render\`; ${EXPECTED}`);
  }
  return candidate as WidgetDef;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const warnedLegacy = new WeakSet<object>();

/**
 * The definition a module provides. A default-exported function is a factory
 * called once per model (so closures hold per-instance state); it may be async.
 */
export async function widgetDefFrom(module: unknown): Promise<WidgetDef> {
  if (!isRecord(module)) throw new TypeError(`the widget module is ${describe(module)}`);
  const exported = module.default;
  if (typeof exported === "function") {
    return checked(await exported(), "the default export's factory result");
  }
  if (exported !== undefined) return checked(exported, "the default export");
  if (typeof module.render === "function" || typeof module.initialize === "function") {
    if (!warnedLegacy.has(module)) {
      warnedLegacy.add(module);
      console.warn(
        "anywidget: `export function render` is deprecated; use `export default { render }` instead.",
      );
    }
    return checked({ initialize: module.initialize, render: module.render }, "the module");
  }
  throw new TypeError(`the widget module has no default export; ${EXPECTED}`);
}
