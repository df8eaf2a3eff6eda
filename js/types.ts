/** The contract between the runtime and widget authors' ES modules (see anywidget.dev). */

import type { Host } from "./host.js";

export type Cleanup = () => unknown;
/** What `initialize` and `render` may return: nothing, a cleanup, or a promise of either. */
export type MaybeCleanup = void | Cleanup | Promise<void | Cleanup>;

export type Callback = (...args: unknown[]) => void;

/** The model object widget code sees; listeners it registers are scoped to its caller's lifetime. */
export interface AnyModel {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  save_changes(): void;
  send(content: unknown, callbacks?: unknown, buffers?: ArrayBuffer[] | ArrayBufferView[]): void;
  on(event: string, callback: Callback): void;
  off(event?: string | null, callback?: Callback | null): void;
  readonly widget_manager: unknown;
}

export interface InvokeOptions {
  buffers?: ArrayBuffer[] | ArrayBufferView[];
  /** Aborting it rejects the call; given, it replaces the default timeout. */
  signal?: AbortSignal;
}

/** Calls the kernel's `@anywidget.experimental.command` method `name`: resolves with its `[response, buffers]`. */
export type Invoke = <T = unknown>(
  name: string,
  msg?: unknown,
  options?: InvokeOptions,
) => Promise<[T, DataView[]]>;

export interface Experimental {
  invoke: Invoke;
}

export interface InitializeProps {
  model: AnyModel;
  signal: AbortSignal;
  host: Host;
  experimental: Experimental;
}

export interface RenderProps extends InitializeProps {
  el: HTMLElement;
}

/** A widget definition after normalising the module's export forms. */
export interface WidgetDef {
  initialize?: (props: InitializeProps) => MaybeCleanup;
  render?: (props: RenderProps) => MaybeCleanup;
}

/** The subset of a Backbone/ipywidgets model the runtime depends on. */
export interface BackboneModel {
  get(name: string): unknown;
  set(name: string, value: unknown): unknown;
  save_changes(): void;
  send(content: unknown, callbacks?: unknown, buffers?: ArrayBuffer[] | ArrayBufferView[]): void;
  on(event: string, callback: Callback, context?: unknown): unknown;
  off(event?: string | null, callback?: Callback | null, context?: unknown): unknown;
  readonly widget_manager: unknown;
}
