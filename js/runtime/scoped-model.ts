/** The model object widget code sees: it forwards to the real model and drops its own listeners when its lifetime ends. */

import type { AnyModel, BackboneModel, Callback, EventMap } from "../contract/types.js";
import type { CustomMessages } from "./messages.js";

const CUSTOM = "msg:custom";
// Backbone's own separator for several event names in one string.
const SEPARATOR = /\s+/;

interface Registration {
  event: string;
  callback: Callback;
  context: unknown;
  remove(): void;
}

/** One (event, callback) pair of an `on`/`off` call, after expanding event maps and name lists. */
interface Pair {
  event: string | undefined;
  callback: unknown;
}

function isEventMap(value: unknown): value is EventMap {
  return typeof value === "object" && value !== null;
}

function namesOf(events: string): string[] {
  return events.split(SEPARATOR).filter(Boolean);
}

/**
 * Backbone's calling conventions: `(names, callback, context)` or `(map, context)`.
 * `null`/`undefined` names mean every event (only meaningful for `off`).
 */
function expand(
  method: string,
  events: unknown,
  callback: unknown,
  context: unknown,
): { pairs: Pair[]; context: unknown } {
  if (isEventMap(events)) {
    const pairs = Object.entries(events).flatMap(([names, handler]) =>
      namesOf(names).map((event) => ({ event, callback: handler })),
    );
    return { pairs, context: context === undefined ? callback : context };
  }
  if (events == null) return { pairs: [{ event: undefined, callback }], context };
  if (typeof events !== "string") {
    throw new TypeError(
      `model.${method}() takes event names (a string) or an event map, not ${JSON.stringify(events)}`,
    );
  }
  return { pairs: namesOf(events).map((event) => ({ event, callback })), context };
}

/** Where an exception (or rejection) from a widget's own listener goes instead of up into Backbone. */
export type ListenerFailure = (error: unknown, event: string) => void;

const logFailure: ListenerFailure = (error, event) => {
  console.error(`anywidget: a "${event}" listener threw`, error);
};

function listen(
  model: BackboneModel,
  messages: CustomMessages | undefined,
  event: string,
  callback: Callback,
  context: unknown,
  failed: ListenerFailure,
) {
  // A wrapper per registration, so removing it never removes another scope's use of the same function.
  // An exception must not reach Backbone: it would skip the listeners after this one (other
  // widgets' included) and break ipywidgets' handling of the kernel's later updates.
  const forward: Callback = (...args) => {
    try {
      const result: unknown = callback.apply(context ?? model, args);
      if (result instanceof Promise) result.catch((error: unknown) => failed(error, event));
    } catch (error) {
      failed(error, event);
    }
  };
  if (event === CUSTOM && messages !== undefined) return messages.subscribe(forward);
  model.on(event, forward);
  return () => {
    model.off(event, forward);
  };
}

/**
 * `messages` routes `msg:custom` through the runtime (held while code loads); without it,
 * as for another widget's model, custom messages come straight from the model. `failed`
 * hears of listeners that throw (by default they are logged).
 */
export function scopedModel(
  model: BackboneModel,
  messages: CustomMessages | undefined,
  signal: AbortSignal,
  failed: ListenerFailure = logFailure,
): AnyModel {
  const registrations = new Set<Registration>();

  const remove = (event: string | undefined, callback: unknown, context: unknown) => {
    for (const entry of [...registrations]) {
      if (
        (event === undefined || entry.event === event) &&
        (callback == null || entry.callback === callback) &&
        (context == null || entry.context === context)
      ) {
        entry.remove();
        registrations.delete(entry);
      }
    }
  };
  signal.addEventListener("abort", () => remove(undefined, undefined, undefined), { once: true });

  return {
    get: (name) => model.get(name),
    set: (key: string | Record<string, unknown>, value?: unknown, options?: unknown) =>
      model.set(key, value, options),
    save_changes: () => model.save_changes(),
    send: (content, callbacks, buffers) => model.send(content, callbacks, buffers),
    on(events: unknown, callback?: unknown, context?: unknown) {
      const expanded = expand("on", events, callback, context);
      if (signal.aborted) return;
      for (const { event, callback: handler } of expanded.pairs) {
        // Backbone ignores a registration without a callback.
        if (event === undefined || handler == null) continue;
        if (typeof handler !== "function") {
          throw new TypeError(`model.on("${event}", ...) needs a function, got ${typeof handler}`);
        }
        const typed = handler as Callback;
        registrations.add({
          event,
          callback: typed,
          context: expanded.context,
          remove: listen(model, messages, event, typed, expanded.context, failed),
        });
      }
    },
    off(events?: unknown, callback?: unknown, context?: unknown) {
      const expanded = expand("off", events, callback, context);
      for (const pair of expanded.pairs) remove(pair.event, pair.callback, expanded.context);
    },
    get widget_manager() {
      return model.widget_manager;
    },
  };
}
