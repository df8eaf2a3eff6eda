/** Test support: a real Backbone model standing in for a widget model, and bounded waiting. */

import Backbone from "backbone";
import { vi } from "vitest";

/** A Backbone model with the few methods ipywidgets adds that the runtime uses. */
export class FakeModel extends Backbone.Model {
  readonly sent: unknown[][] = [];
  saves = 0;
  readonly widget_manager = { name: "fake manager" };

  save_changes(): void {
    this.saves += 1;
  }

  send(...args: unknown[]): void {
    this.sent.push(args);
  }
}

export function modelWith(esm: string, extra: Record<string, unknown> = {}): FakeModel {
  return new FakeModel({ _esm: esm, _css: "", ...extra });
}

/** Resolves once `condition` holds; fails after `timeout` ms instead of hanging. */
export async function until(condition: () => boolean, timeout = 2000): Promise<void> {
  await vi.waitFor(
    () => {
      if (!condition()) throw new Error("condition not met yet");
    },
    { timeout, interval: 5 },
  );
}

/** Resolves after every queued promise job has run (no timers involved). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await Promise.resolve();
}

/** Widget modules run from `data:` URLs: node can import those, not blob URLs. */
export function loaderMock() {
  return {
    isUrl: (source: string) => /^https?:\/\//.test(source),
    acquireModule: (source: string) => ({
      module: import(/* @vite-ignore */ `data:text/javascript,${encodeURIComponent(source)}`),
      release: () => {},
    }),
  };
}
