/**
 * A widget manager for a notebook opened without a kernel: it builds anywidget models (and the
 * base layout/style models they refer to) from the widget state the notebook saved. Nothing is
 * sent anywhere: there is no comm, so changes stay in the page.
 */

import * as base from "@jupyter-widgets/base";
// Everything the AMD module exports (as html-manager sees it), so every class saved state can name.
import * as anywidget from "../classic/index.js";

type ModelClass = typeof base.WidgetModel;
type ViewClass = typeof base.WidgetView;

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

const MODULES: Record<string, Readonly<Record<string, unknown>>> = {
  anywidget,
  "@jupyter-widgets/base": base,
};

function modelClass(module: string, name: string): ModelClass | undefined {
  const found = MODULES[module]?.[name];
  return typeof found === "function" && found.prototype instanceof base.WidgetModel
    ? (found as ModelClass)
    : undefined;
}

function viewClass(module: string, name: string): ViewClass | undefined {
  const found = MODULES[module]?.[name];
  return typeof found === "function" && found.prototype instanceof base.WidgetView
    ? (found as ViewClass)
    : undefined;
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
  readonly #models = new Map<string, Promise<base.WidgetModel>>();

  constructor(saved: Readonly<Record<string, SavedModel>>) {
    this.#saved = saved;
  }

  /** Reads the `state` map of a notebook's `widgets` metadata (empty when there is none). */
  static fromMetadata(widgets: unknown, stateMime: string): SavedStateManager {
    const entry = (widgets as Record<string, { state?: unknown }> | null | undefined)?.[stateMime];
    const state = entry?.state;
    return new SavedStateManager(
      typeof state === "object" && state !== null ? (state as Record<string, SavedModel>) : {},
    );
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

  async #create(model_id: string): Promise<base.WidgetModel> {
    const saved = this.#saved[model_id];
    if (saved === undefined) throw new Error(`the notebook saved no state for widget ${model_id}`);
    const Model = modelClass(saved.model_module, saved.model_name);
    if (Model === undefined) {
      throw new Error(`${saved.model_module} ${saved.model_name} needs a running kernel to show`);
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
    const View = viewClass(String(model.get("_view_module")), String(model.get("_view_name")));
    if (View === undefined)
      throw new Error(`${String(model.get("_view_name"))} needs a running kernel to show`);
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
