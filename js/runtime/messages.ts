/** Custom messages from the kernel, held while widget code loads and then delivered in arrival order. */

import { REJECTED_KEY } from "../contract/protocol.js";
import type { Callback } from "../contract/types.js";

/** The kernel's report of trait values it rejected, if `content` is one (widget code never sees it). */
export function rejectedValues(content: unknown): Record<string, unknown> | undefined {
  if (typeof content !== "object" || content === null || !(REJECTED_KEY in content)) return undefined;
  const report = (content as Record<string, unknown>)[REJECTED_KEY];
  return typeof report === "object" && report !== null ? (report as Record<string, unknown>) : undefined;
}

export class CustomMessages {
  #held: unknown[][] | null = [];
  readonly #listeners = new Set<Callback>();

  deliver(...args: unknown[]): void {
    if (this.#held !== null) {
      this.#held.push(args);
      return;
    }
    for (const listener of [...this.#listeners]) {
      try {
        listener(...args);
      } catch (error) {
        console.error("anywidget: a msg:custom listener threw", error);
      }
    }
  }

  /** Starts holding messages again, e.g. while new widget code replaces the old. */
  hold(): void {
    this.#held ??= [];
  }

  /** Delivers what was held, in order, then delivers as messages arrive. */
  open(): void {
    const held = this.#held ?? [];
    this.#held = null;
    for (const args of held) this.deliver(...args);
  }

  subscribe(listener: Callback): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
