/** One model's widget code: loads its module, runs `initialize` once (keeping its exports), renders each view, and undoes all of it. */

import { ESM_KEY, ID_KEY } from "../contract/protocol.js";
import type { BackboneModel, Cleanup, Experimental, WidgetDef } from "../contract/types.js";
import { showError, WidgetCodeError } from "./error-view.js";
import { createHost } from "./host.js";
import { PendingCalls } from "./invoke.js";
import { acquireModule } from "./load.js";
import { CustomMessages, rejectedValues } from "./messages.js";
import { scopedModel } from "./scoped-model.js";
import { widgetDefFrom } from "./widget-def.js";

/** The widget code in force: replaced as a whole when `_esm` changes. */
interface Generation {
  def: WidgetDef;
  lifetime: AbortController;
  cleanup: Cleanup | undefined;
  /** What `initialize` returned when it was an object rather than a cleanup. */
  exports: object | undefined;
  release(): void;
}

// Bounds the wait for settled code when `_esm` keeps changing underneath it.
const MAX_GENERATIONS_AWAITED = 50;

/** One place on the page showing the model (one view). */
interface Slot {
  el: HTMLElement;
  removed: AbortSignal;
  /** For an element a parent owns: the nodes that were there before, which stay when the child goes. */
  keep?: ReadonlySet<Node>;
  rendered?: { lifetime: AbortController; cleanup: Promise<Cleanup | undefined> };
}

export class ModelRuntime {
  readonly #model: BackboneModel;
  readonly #messages = new CustomMessages();
  readonly #slots = new Set<Slot>();
  readonly #calls: PendingCalls;
  readonly #experimental: Experimental;
  readonly #onCustom = (content: unknown, ...rest: unknown[]) => {
    // Replies to `experimental.invoke` calls are the runtime's, never widget code's.
    if (this.#calls.settle(content, rest[0])) return;
    const rejected = rejectedValues(content);
    if (rejected === undefined) {
      this.#messages.deliver(content, ...rest);
      return;
    }
    for (const [name, reason] of Object.entries(rejected)) {
      console.warn(`anywidget: the kernel rejected the new value of \`${name}\` and kept its own: ${reason}`);
    }
  };
  readonly #onEsm = () => this.#replace();
  #generation: Promise<Generation>;
  #disposed = false;

  constructor(model: BackboneModel) {
    this.#model = model;
    this.#calls = new PendingCalls(model);
    this.#experimental = { invoke: this.#calls.invoke };
    model.on("msg:custom", this.#onCustom);
    model.on(`change:${ESM_KEY}`, this.#onEsm);
    this.#generation = this.#start();
    reportFailure(this.#generation);
  }

  /** Shows the model in `el` until `removed` aborts; errors in widget code are shown in `el`. Settles once rendered. */
  mount(el: HTMLElement, removed: AbortSignal): Promise<void> {
    return this.#attach({ el, removed });
  }

  /**
   * Renders straight into an element a parent owns (`host.getWidget(ref).render`), keeping what the
   * parent put there; the child's own nodes go when `removed` aborts. Settles once `render` has run.
   */
  show(el: HTMLElement, removed: AbortSignal): Promise<void> {
    return this.#attach({ el, removed, keep: new Set(el.childNodes) });
  }

  /** The exports of the code in force, once its `initialize` has run; rejects if it failed or the model closed. */
  async exports(): Promise<object | undefined> {
    for (let attempt = 0; attempt < MAX_GENERATIONS_AWAITED; attempt += 1) {
      this.#assertOpen();
      const generation = this.#generation;
      try {
        const current = await generation;
        this.#assertOpen();
        if (generation === this.#generation) return current.exports;
      } catch (error) {
        // Only the newest code's failure counts: a replaced generation's is history.
        if (generation === this.#generation) throw error;
      }
    }
    throw new Error(`anywidget: ${this.#name()} kept changing its code; no settled exports`);
  }

  #attach(slot: Slot): Promise<void> {
    if (this.#disposed || slot.removed.aborted) return Promise.resolve();
    this.#slots.add(slot);
    slot.removed.addEventListener(
      "abort",
      () => {
        this.#slots.delete(slot);
        void this.#unrender(slot);
      },
      { once: true },
    );
    return this.#render(slot, this.#generation);
  }

  #assertOpen(): void {
    if (this.#disposed) throw new Error(`anywidget: ${this.#name()} was closed`);
  }

  /** Runs every cleanup (views first, then initialize's) and stops listening to the model. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#model.off("msg:custom", this.#onCustom);
    this.#model.off(`change:${ESM_KEY}`, this.#onEsm);
    this.#calls.rejectAll();
    await this.#teardown(this.#generation);
    this.#slots.clear();
  }

  async #start(): Promise<Generation> {
    const handle = acquireModule(String(this.#model.get(ESM_KEY) ?? ""), this.#name());
    try {
      const def = await step("load", async () => widgetDefFrom(await handle.module));
      const lifetime = new AbortController();
      // A listener initialize registered belongs to every view: its failure shows in all of them.
      const model = scopedModel(this.#model, this.#messages, lifetime.signal, (error, event) => {
        if (lifetime.signal.aborted) return;
        console.error("anywidget:", error);
        for (const slot of this.#slots) this.#showError(slot, new WidgetCodeError(`handle ${event}`, error));
      });
      const host = createHost(this.#model.widget_manager, lifetime.signal);
      const result: unknown = await step("initialize", async () =>
        def.initialize?.({ model, signal: lifetime.signal, host, experimental: this.#experimental }),
      );
      // As the published anywidget decides: a function cleans up, any other object is exported.
      const exports = typeof result === "object" && result !== null ? result : undefined;
      return { def, lifetime, cleanup: asCleanup(result), exports, release: handle.release };
    } catch (error) {
      handle.release();
      throw error;
    } finally {
      // Held messages go to initialize's listeners, or nowhere if the code failed.
      this.#messages.open();
    }
  }

  /** New `_esm`: the old code's cleanups run, then the new code initializes and every view re-renders. */
  #replace(): void {
    if (this.#disposed) return;
    const previous = this.#generation;
    this.#messages.hold();
    const next = (async () => {
      await this.#teardown(previous);
      return this.#start();
    })();
    this.#generation = next;
    reportFailure(next);
    for (const slot of this.#slots) void this.#render(slot, next);
  }

  async #render(slot: Slot, generation: Promise<Generation>): Promise<void> {
    let current: Generation;
    try {
      current = await generation;
    } catch (error) {
      if (this.#isCurrent(slot, generation)) this.#showError(slot, error);
      return;
    }
    // A newer `_esm` arrived meanwhile: only the newest code may render.
    if (!this.#isCurrent(slot, generation) || current.def.render === undefined) return;
    const render = current.def.render;
    const lifetime = new AbortController();
    const model = scopedModel(this.#model, this.#messages, lifetime.signal, (error, event) => {
      if (lifetime.signal.aborted) return;
      console.error("anywidget:", error);
      this.#showError(slot, new WidgetCodeError(`handle ${event}`, error));
    });
    const host = createHost(this.#model.widget_manager, lifetime.signal);
    clearSlot(slot);
    const cleanup = step("render", async () =>
      asCleanup(
        await render({ model, el: slot.el, signal: lifetime.signal, host, experimental: this.#experimental }),
      ),
    ).catch((error: unknown) => {
      console.error("anywidget:", error);
      if (!lifetime.signal.aborted) this.#showError(slot, error);
      return undefined;
    });
    slot.rendered = { lifetime, cleanup };
    await cleanup;
  }

  /** The error panel takes a view's whole element, but only its own box in an element a parent owns. */
  #showError(slot: Slot, error: unknown): void {
    if (slot.keep === undefined) {
      showError(slot.el, error, this.#name());
      return;
    }
    clearSlot(slot);
    const box = document.createElement("div");
    slot.el.appendChild(box);
    showError(box, error, this.#name());
  }

  /** The widget's class (`module.Class`), as the kernel names it; older saved state has none. */
  #name(): string {
    return String(this.#model.get(ID_KEY) || "widget");
  }

  #isCurrent(slot: Slot, generation: Promise<Generation>): boolean {
    return !this.#disposed && generation === this.#generation && !slot.removed.aborted;
  }

  async #unrender(slot: Slot): Promise<void> {
    const rendered = slot.rendered;
    if (rendered === undefined) return;
    slot.rendered = undefined;
    rendered.lifetime.abort();
    if (slot.keep !== undefined && (slot.removed.aborted || this.#disposed)) clearSlot(slot);
    await runCleanup(await rendered.cleanup, "render");
  }

  async #teardown(generation: Promise<Generation>): Promise<void> {
    await Promise.all([...this.#slots].map((slot) => this.#unrender(slot)));
    let done: Generation;
    try {
      done = await generation;
    } catch {
      return;
    }
    done.lifetime.abort();
    await runCleanup(done.cleanup, "initialize");
    done.release();
  }
}

/** Logs a failed load or initialize once, however many views show it (and never as an unhandled rejection). */
function reportFailure(generation: Promise<Generation>): void {
  generation.catch((error: unknown) => console.error("anywidget:", error));
}

async function step<T>(name: WidgetCodeError["step"], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new WidgetCodeError(name, error);
  }
}

function asCleanup(value: unknown): Cleanup | undefined {
  return typeof value === "function" ? (value as Cleanup) : undefined;
}

/** Empties a slot of what widget code put there; a parent's own nodes stay. */
function clearSlot(slot: Slot): void {
  if (slot.keep === undefined) {
    slot.el.replaceChildren();
    return;
  }
  for (const node of [...slot.el.childNodes]) if (!slot.keep.has(node)) node.remove();
}

async function runCleanup(cleanup: Cleanup | undefined, owner: string): Promise<void> {
  try {
    await cleanup?.();
  } catch (error) {
    console.error(`anywidget: the cleanup returned by ${owner} threw`, error);
  }
}
