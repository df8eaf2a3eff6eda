/**
 * The contract between anywidget and a widget's ES module, as `anywidget/types`.
 * The one source of these types: the front end compiles against it (js/contract/types.ts). `T` is the
 * interface of the widget's synced traits (`python -m anywidget types MODULE:CLASS` prints it), so
 * `model.get("nmae")` is a type error.
 */

/** What a hook may return: a value, or a promise of it. */
export type Awaitable<V> = V | Promise<V>;

/** Undoes what a hook set up; runs when its view or model goes, or new code replaces the old. */
export type Cleanup = () => unknown;

/** Trait names of `T` that travel as strings. */
type Name<T> = keyof T & string;

/** The model object widget code sees; listeners it registers live as long as its caller. */
export interface AnyModel<T extends object = Record<string, unknown>> {
  get<K extends Name<T>>(name: K): T[K];
  set<K extends Name<T>>(name: K, value: T[K]): void;
  save_changes(): void;
  /** Sends a custom message; resolves once the kernel has all of it. */
  send(content: unknown, callbacks?: unknown, buffers?: ArrayBuffer[] | ArrayBufferView[]): void | Promise<void>;
  on<K extends Name<T>>(event: `change:${K}`, callback: (model: AnyModel<T>, value: T[K]) => void): void;
  on(event: "change", callback: (model: AnyModel<T>) => void): void;
  on(event: "msg:custom", callback: (content: unknown, buffers: DataView[]) => void): void;
  off(event?: string | null, callback?: ((...args: never[]) => void) | null): void;
  readonly widget_manager: unknown;
}

export interface InvokeOptions {
  buffers?: ArrayBuffer[] | ArrayBufferView[];
  /** Aborting it rejects the call; given, it replaces the default 30 s timeout. */
  signal?: AbortSignal;
}

/** Calls the kernel's `@anywidget.experimental.command` method `name`: resolves with `[response, buffers]`. */
export type Invoke = <R = unknown>(name: string, msg?: unknown, options?: InvokeOptions) => Promise<[R, DataView[]]>;

export interface Experimental {
  invoke: Invoke;
}

/** Another widget, found by its reference (`"IPY_MODEL_<id>"`). */
export interface ChildWidget<E = unknown> {
  /** What the child's `initialize` returned, when that was an object. */
  exports: E;
  /** Shows the child in `el` until `signal` (or the caller's own lifetime) aborts. */
  render(props: { el: HTMLElement; signal?: AbortSignal }): Promise<void>;
}

export interface Host {
  getModel<C extends object = Record<string, unknown>>(ref: string): Promise<AnyModel<C>>;
  getWidget<E = unknown>(ref: string): Promise<ChildWidget<E>>;
}

export interface InitializeProps<T extends object = Record<string, unknown>> {
  model: AnyModel<T>;
  /** Aborts when the model closes or new code replaces this module. */
  signal: AbortSignal;
  host: Host;
  experimental: Experimental;
}

export interface RenderProps<T extends object = Record<string, unknown>> extends InitializeProps<T> {
  el: HTMLElement;
}

/** Runs once per model; may return the model's exports (seen by parents through `host.getWidget`) or a cleanup. */
export type Initialize<T extends object = Record<string, unknown>, E extends object = object> = (
  props: InitializeProps<T>,
) => Awaitable<void | Cleanup | E>;

/** Runs once per view; may return a cleanup. */
export type Render<T extends object = Record<string, unknown>> = (props: RenderProps<T>) => Awaitable<void | Cleanup>;

export interface WidgetDef<T extends object = Record<string, unknown>, E extends object = object> {
  initialize?: Initialize<T, E>;
  render?: Render<T>;
}

/** What a widget module exports as default: the definition, or a function returning it (called once per model). */
export type AnyWidgetModule<T extends object = Record<string, unknown>, E extends object = object> =
  | WidgetDef<T, E>
  | (() => Awaitable<WidgetDef<T, E>>);
