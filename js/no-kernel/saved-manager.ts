/**
 * A widget manager for a notebook opened without a kernel: it builds models and views from the
 * widget state the notebook saved, with the classes of anywidget, of @jupyter-widgets/base (which
 * include the plain models holding widget modules' text) and of the widget modules the page lends
 * it (ipywidgets' controls in JupyterLab). Nothing is sent anywhere: there is no comm, so changes
 * stay in the page.
 */

import * as base from "@jupyter-widgets/base";
import { ID_KEY } from "../contract/protocol.js";
import { classOf, type Exports, OWN_MODULES } from "../ipywidgets/classes.js";
import { NeedsKernelError } from "./needs-kernel.js";

/** Loads the exports of a widget module (the npm package saved state names) the page provides. */
export type ModuleLoader = () => Promise<Exports>;

interface SavedBuffer {
  path: (string | number)[];
  data: string;
  encoding: "base64" | "hex";
}

interface SavedModel {
  model_name: string;
  model_module: string;
  state: Record<string, unknown> & { buffers?: SavedBuffer[] };
  buffers?: SavedBuffer[];
}

function decode({ data, encoding }: SavedBuffer): DataView {
  const bytes =
    encoding === "hex"
      ? Uint8Array.from(data.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16))
      : Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
  return new DataView(bytes.buffer);
}

export class SavedStateManager implements base.IWidgetManager {
  readonly #saved: Readonly<Record<string, SavedModel>>;
  readonly #lent: Readonly<Record<string, ModuleLoader>>;
  readonly #loaded = new Map<string, Promise<Exports | undefined>>();
  readonly #models = new Map<string, Promise<base.WidgetModel>>();

  constructor(
    saved: Readonly<Record<string, SavedModel>>,
    lent: Readonly<Record<string, ModuleLoader>> = {},
  ) {
    this.#saved = saved;
    this.#lent = lent;
  }

  /** Reads the `state` map of a notebook's `widgets` metadata (empty when there is none). */
  static fromMetadata(
    widgets: unknown,
    stateMime: string,
    lent: Readonly<Record<string, ModuleLoader>> = {},
  ): SavedStateManager {
    const entry = (widgets as Record<string, { state?: unknown }> | null | undefined)?.[stateMime];
    const state = entry?.state;
    return new SavedStateManager(
      typeof state === "object" && state !== null ? (state as Record<string, SavedModel>) : {},
      lent,
    );
  }

  /** How error messages name a saved widget: its class as the kernel named it, else its model. */
  nameOf(model_id: string): string {
    const saved = this.#saved[model_id];
    const id = saved?.state[ID_KEY];
    return typeof id === "string" && id !== "" ? id : (saved?.model_name ?? "widget");
  }

  has_model(model_id: string): boolean {
    return this.#models.has(model_id) || model_id in this.#saved;
  }

  get_model(model_id: string): Promise<base.WidgetModel> {
    const known = this.#models.get(model_id);
    if (known !== undefined) return known;
    const created = this.#create(model_id);
    this.#models.set(model_id, created);
    return created;
  }

  register_model(model_id: string, modelPromise: Promise<base.WidgetModel>): void {
    this.#models.set(model_id, modelPromise);
  }

  /** A module's exports: ours at once, a lent one loaded on first use (undefined if it cannot load). */
  #module(name: string): Exports | Promise<Exports | undefined> | undefined {
    const own = OWN_MODULES[name];
    if (own !== undefined) return own;
    const load = this.#lent[name];
    if (load === undefined) return undefined;
    let loading = this.#loaded.get(name);
    if (loading === undefined) {
      loading = load().catch((error: unknown) => {
        console.warn(`anywidget: ${name} could not be loaded; its saved widgets need a kernel`, error);
        return undefined;
      });
      this.#loaded.set(name, loading);
    }
    return loading;
  }

  async #create(model_id: string): Promise<base.WidgetModel> {
    const saved = this.#saved[model_id];
    if (saved === undefined) throw new NeedsKernelError(`the notebook saved no state for widget ${model_id}`);
    const Model = classOf((await this.#module(saved.model_module))?.[saved.model_name], base.WidgetModel);
    if (Model === undefined) {
      throw new NeedsKernelError(`${saved.model_module} ${saved.model_name} needs a running kernel to show`);
    }
    const { buffers: inner = [], ...state } = saved.state;
    const buffers = [...(saved.buffers ?? []), ...inner];
    const serialized = state as base.Dict<base.BufferJSON>;
    base.put_buffers(
      serialized,
      buffers.map((buffer) => buffer.path),
      buffers.map(decode),
    );
    const attributes = await Model._deserialize_state(serialized, this);
    return new Model(attributes, { widget_manager: this, model_id });
  }

  new_model(options: base.IModelOptions): Promise<base.WidgetModel> {
    if (options.model_id === undefined) return Promise.reject(new Error("no kernel to create widgets"));
    return this.get_model(options.model_id);
  }

  new_widget(options: base.IWidgetOptions): Promise<base.WidgetModel> {
    return this.new_model(options);
  }

  async create_view<VT extends base.WidgetView>(model: base.WidgetModel, options: unknown = {}): Promise<VT> {
    const module = String(model.get("_view_module"));
    const name = String(model.get("_view_name"));
    const View = classOf((await this.#module(module))?.[name], base.WidgetView);
    if (View === undefined) throw new NeedsKernelError(`${module} ${name} needs a running kernel to show`);
    const view = new View({ model, options });
    view.listenTo(model, "destroy", view.remove);
    await view.render();
    return view as VT;
  }

  callbacks(): base.ICallbacks {
    return {};
  }

  resolveUrl(url: string): Promise<string> {
    return Promise.resolve(url);
  }

  inline_sanitize(s: string): string {
    const scratch = document.createElement("div");
    scratch.textContent = s;
    return scratch.innerHTML;
  }
}
