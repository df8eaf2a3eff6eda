/**
 * The test page's widget manager: models of the widgets the bridge serves (the one shown, and those
 * it refers to), each with a comm over the bridge, and views of anywidget's and the base classes.
 * The models and views are the ones JupyterLab runs; only where they come from differs.
 */

import * as base from "@jupyter-widgets/base";
import { classOf, OWN_MODULES } from "../ipywidgets/classes.js";
import { type BridgeEvent, type Snapshot, snapshot } from "./bridge.js";
import { BridgeComm } from "./bridge-comm.js";

export class PageManager implements base.IWidgetManager {
  readonly #models = new Map<string, Promise<base.WidgetModel>>();
  readonly #comms = new Map<string, BridgeComm>();
  // Events for models whose state is on its way: handed to their comm once it exists.
  readonly #early = new Map<string, BridgeEvent[]>();

  /** The model of the widget shown, from the snapshot the page started with. */
  show(first: Snapshot): Promise<base.WidgetModel> {
    const model = this.#create(first.model, Promise.resolve(first));
    this.#models.set(first.model, model);
    return model;
  }

  /** Passes a kernel event to its model's comm. */
  deliver(event: BridgeEvent): void {
    const comm = this.#comms.get(event.model);
    if (comm !== undefined) comm.receive(event);
    else if (this.#models.has(event.model)) this.#early.get(event.model)?.push(event);
  }

  has_model(model_id: string): boolean {
    return this.#models.has(model_id);
  }

  get_model(model_id: string): Promise<base.WidgetModel> {
    let model = this.#models.get(model_id);
    if (model === undefined) {
      model = this.#create(model_id, snapshot(model_id));
      this.#models.set(model_id, model);
    }
    return model;
  }

  register_model(model_id: string, modelPromise: Promise<base.WidgetModel>): void {
    this.#models.set(model_id, modelPromise);
  }

  async #create(model_id: string, state: Promise<Snapshot>): Promise<base.WidgetModel> {
    this.#early.set(model_id, []);
    const { state: serialized, next } = await state;
    const module = OWN_MODULES[String(serialized._model_module)];
    // A model of a module this page lacks (ipywidgets' controls) still holds its data for `host.getModel`.
    const Model = classOf(module?.[String(serialized._model_name)], base.WidgetModel) ?? base.WidgetModel;
    const attributes = await Model._deserialize_state(serialized as base.Dict<base.BufferJSON>, this);
    const comm = new BridgeComm(model_id, next);
    const model = new Model(attributes, { widget_manager: this, model_id, comm });
    this.#comms.set(model_id, comm);
    for (const event of this.#early.get(model_id) ?? []) comm.receive(event);
    this.#early.delete(model_id);
    return model;
  }

  new_model(options: base.IModelOptions): Promise<base.WidgetModel> {
    if (options.model_id === undefined) return Promise.reject(new Error("the test page creates no widgets"));
    return this.get_model(options.model_id);
  }

  new_widget(options: base.IWidgetOptions): Promise<base.WidgetModel> {
    return this.new_model(options);
  }

  async create_view<VT extends base.WidgetView>(model: base.WidgetModel, options: unknown = {}): Promise<VT> {
    const module = String(model.get("_view_module"));
    const name = String(model.get("_view_name"));
    const View = classOf(OWN_MODULES[module]?.[name], base.WidgetView);
    if (View === undefined) {
      throw new Error(
        `${module} ${name}: the anywidget test page shows anywidget widgets only; see it in JupyterLab`,
      );
    }
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
