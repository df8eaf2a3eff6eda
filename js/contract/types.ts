/** The contract between the runtime and widget authors' ES modules (see anywidget.dev, 0.9–0.11). */

export type Cleanup = () => unknown;
/** What `render` may return: nothing, a cleanup, or a promise of either. */
export type MaybeCleanup = void | Cleanup | Promise<void | Cleanup>;
/**
 * What `initialize` may return, directly or as a promise: a function is a cleanup, any other
 * object becomes the widget's `exports` (what a parent's `host.getWidget` sees).
 */
export type InitializeResult = void | Cleanup | object | Promise<void | Cleanup | object>;

export type Callback = (...args: unknown[]) => void;
/** Backbone's event map: `{ "change:a change:b": callback }`. */
export type EventMap = Record<string, Callback>;
/** Backbone's `set` options (`silent`, `unset`, `validate`, ...), passed through untouched. */
export type SetOptions = Record<string, unknown>;

/** The model object widget code sees; listeners it registers are scoped to its caller's lifetime. */
export interface AnyModel {
  get(name: string): unknown;
  /** Backbone's `set`: returns what the model's own `set` returns (the model, or `false` if invalid). */
  set(key: string, value: unknown, options?: SetOptions): unknown;
  set(attributes: Record<string, unknown>, options?: SetOptions): unknown;
  save_changes(): void;
  send(content: unknown, callbacks?: unknown, buffers?: ArrayBuffer[] | ArrayBufferView[]): unknown;
  /** Space-separated names or an event map; `context` is `this` in the callback, as in Backbone. */
  on(events: string, callback: Callback, context?: unknown): void;
  on(events: EventMap, context?: unknown): void;
  off(events?: string | null, callback?: Callback | null, context?: unknown): void;
  off(events: EventMap, context?: unknown): void;
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

/** Another widget, as `host.getWidget` gives it once the child's `initialize` has run. */
export interface ChildWidget {
  /** What the child's `initialize` returned when it was an object; `undefined` otherwise. */
  exports: object | undefined;
  /** Shows the child in `el` until `signal` (or the caller's own lifetime) aborts. */
  render(props: { el: HTMLElement; signal?: AbortSignal }): Promise<void>;
  /** The child's model, with listeners scoped to the caller's lifetime (not in the published contract). */
  model: AnyModel;
}

/** Access to other widgets by reference (`"anywidget:<id>"` or `"IPY_MODEL_<id>"`). */
export interface Host {
  getModel(ref: string): Promise<AnyModel>;
  getWidget(ref: string): Promise<ChildWidget>;
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
  initialize?: (props: InitializeProps) => InitializeResult;
  render?: (props: RenderProps) => MaybeCleanup;
}

/** The subset of a Backbone/ipywidgets model the runtime depends on. */
export interface BackboneModel {
  get(name: string): unknown;
  set(key: string | Record<string, unknown>, value?: unknown, options?: unknown): unknown;
  save_changes(): void;
  send(content: unknown, callbacks?: unknown, buffers?: ArrayBuffer[] | ArrayBufferView[]): unknown;
  on(event: string, callback: Callback, context?: unknown): unknown;
  off(event?: string | null, callback?: Callback | null, context?: unknown): unknown;
  readonly widget_manager: unknown;
}
