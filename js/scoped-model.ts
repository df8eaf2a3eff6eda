/** The model object widget code sees: it forwards to the real model and drops its own listeners when its lifetime ends. */

import type { CustomMessages } from "./messages.js";
import type { AnyModel, BackboneModel, Callback } from "./types.js";

const CUSTOM = "msg:custom";

interface Registration {
  event: string;
  callback: Callback;
  remove(): void;
}

function listen(
  model: BackboneModel,
  messages: CustomMessages | undefined,
  event: string,
  callback: Callback,
) {
  if (event === CUSTOM && messages !== undefined) return messages.subscribe(callback);
  // A wrapper per registration, so removing it never removes another scope's use of the same function.
  const forward: Callback = (...args) => callback.apply(model, args);
  model.on(event, forward);
  return () => {
    model.off(event, forward);
  };
}

/**
 * `messages` routes `msg:custom` through the runtime (held while code loads); without it,
 * as for another widget's model, custom messages come straight from the model.
 */
export function scopedModel(
  model: BackboneModel,
  messages: CustomMessages | undefined,
  signal: AbortSignal,
): AnyModel {
  const registrations = new Set<Registration>();

  const off = (event?: string | null, callback?: Callback | null) => {
    for (const entry of [...registrations]) {
      if ((event == null || entry.event === event) && (callback == null || entry.callback === callback)) {
        entry.remove();
        registrations.delete(entry);
      }
    }
  };
  signal.addEventListener("abort", () => off(), { once: true });

  return {
    get: (name) => model.get(name),
    set: (name, value) => {
      model.set(name, value);
    },
    save_changes: () => model.save_changes(),
    send: (content, callbacks, buffers) => model.send(content, callbacks, buffers),
    on(event, callback) {
      if (signal.aborted) return;
      for (const name of event.split(/\s+/).filter(Boolean)) {
        registrations.add({ event: name, callback, remove: listen(model, messages, name, callback) });
      }
    },
    off,
    get widget_manager() {
      return model.widget_manager;
    },
  };
}
