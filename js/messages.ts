/** Custom messages from the kernel, held while widget code loads and then delivered in arrival order. */

import type { Callback } from "./types.js";

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
