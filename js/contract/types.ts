/**
 * The runtime's side of the module contract. types/index.d.ts, what widget authors compile against,
 * is the source: the runtime hands widget code exactly its types, and adds here only what the
 * contract leaves out (Backbone's calling forms that 0.9–0.11 modules use, the model the runtime wraps).
 */

import type * as Contract from "../../types/index.js";

export type * as Contract from "../../types/index.js";
export type { Cleanup, Experimental, Invoke, InvokeOptions, WidgetDef } from "../../types/index.js";

/** A listener as the runtime calls it. */
export type Callback = (...args: unknown[]) => void;
/** A listener as widget code passes it: any function (the runtime checks at call time, not its parameters). */
export type Listener = (...args: never[]) => unknown;
/** Backbone's event map: `{ "change:a change:b": callback }`. */
export type EventMap = Record<string, Listener>;
/** Backbone's `set` options (`silent`, `unset`, `validate`, ...), passed through untouched. */
export type SetOptions = Record<string, unknown>;

/**
 * The model object widget code sees: the contract's `AnyModel`, which also takes Backbone's forms
 * (several event names, event maps, a `context`, `set` options). Listeners it registers are scoped
 * to its caller's lifetime.
 */
export interface AnyModel extends Contract.AnyModel {
  get(name: string): unknown;
  /** Backbone's `set`: returns what the model's own `set` returns (the model, or `false` if invalid). */
  set(key: string, value: unknown, options?: SetOptions): unknown;
  set(attributes: Record<string, unknown>, options?: SetOptions): unknown;
  /** Space-separated names or an event map; `context` is `this` in the callback, as in Backbone. */
  on(events: string, callback: Listener, context?: unknown): void;
  on(events: EventMap, context?: unknown): void;
  off(events?: string | null, callback?: Listener | null, context?: unknown): void;
  off(events: EventMap, context?: unknown): void;
}

/** Another widget through `host.getWidget`; its model too, with listeners scoped to the caller (not in the contract). */
export interface ChildWidget<E = unknown> extends Contract.ChildWidget<E> {
  model: AnyModel;
}

/** The contract's `Host`, whose widgets also give their model. */
export interface Host extends Contract.Host {
  getWidget<E = unknown>(ref: string): Promise<ChildWidget<E>>;
}

/** The subset of a Backbone/ipywidgets model the runtime depends on. */
export interface BackboneModel {
  get(name: string): unknown;
  set(key: string | Record<string, unknown>, value?: unknown, options?: unknown): unknown;
  save_changes(): void;
  send(
    content: unknown,
    callbacks?: unknown,
    buffers?: ArrayBuffer[] | ArrayBufferView[],
  ): void | Promise<void>;
  on(event: string, callback: Callback, context?: unknown): unknown;
  off(event?: string | null, callback?: Callback | null, context?: unknown): unknown;
  readonly widget_manager: unknown;
}
