/**
 * The renderer of widget outputs in a notebook panel until ipywidgets has a widget manager for it.
 * Without a kernel it shows the saved widget from the notebook's widget state (its text when that
 * cannot be done here, the error panel when the widget fails). Once ipywidgets has
 * a kernel it replaces this renderer's factory with its own; each output held here is then handed
 * to a renderer from that factory, so ipywidgets shows it exactly as it would have.
 */

import type { DOMWidgetView } from "@jupyter-widgets/base";
import { Panel } from "@lumino/widgets";
import { showError } from "../runtime/error-view.js";
import {
  type MimeModel,
  type MimeRenderer,
  type NotebookPanel,
  type RendererFactory,
  WIDGET_STATE_MIMETYPE,
  WIDGET_VIEW_MIMETYPE,
} from "./lab.js";
import { NeedsKernelError } from "./needs-kernel.js";
// Type only: the manager's code is a chunk of its own, loaded when a notebook without a kernel needs it.
import type { ModuleLoader, SavedStateManager } from "./saved-manager.js";

// ipywidgets adds its factory right after the kernel's session is ready: poll that long for it.
const HANDOFF_POLL_MS = 100;
const HANDOFF_ATTEMPTS = 600;

export class SavedWidgetRenderer extends Panel implements MimeRenderer {
  readonly #panel: NotebookPanel;
  readonly #factory: RendererFactory;
  readonly #manager: () => Promise<SavedStateManager>;
  #model: MimeModel | undefined;
  #handingOff = false;

  constructor(panel: NotebookPanel, factory: RendererFactory, manager: () => Promise<SavedStateManager>) {
    super();
    this.#panel = panel;
    this.#factory = factory;
    this.#manager = manager;
    this.addClass("anywidget-saved-output");
    panel.sessionContext.kernelChanged.connect(this.#onKernelChanged, this);
  }

  async renderModel(model: MimeModel): Promise<void> {
    this.#model = model;
    const session = this.#panel.sessionContext;
    if (this.#ipywidgetsReady() || session.session?.kernel || session.kernelDisplayStatus === "starting") {
      await this.#handOff();
      return;
    }
    await this.#renderSaved(model);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.#panel.sessionContext.kernelChanged.disconnect(this.#onKernelChanged, this);
    super.dispose();
  }

  #ipywidgetsReady(): boolean {
    return this.#panel.content.rendermime.getFactory(WIDGET_VIEW_MIMETYPE) !== this.#factory;
  }

  #onKernelChanged(): void {
    if (this.#model !== undefined && !this.#handingOff) void this.#handOff();
  }

  async #renderSaved(model: MimeModel): Promise<void> {
    const modelId = String(
      (model.data[WIDGET_VIEW_MIMETYPE] as { model_id?: unknown } | undefined)?.model_id,
    );
    let manager: SavedStateManager | undefined;
    try {
      manager = await this.#manager();
      const view = await manager.create_view<DOMWidgetView>(await manager.get_model(modelId));
      if (this.#handingOff || this.isDisposed) {
        view.remove();
        return;
      }
      this.addWidget(view.luminoWidget);
    } catch (error) {
      if (this.#handingOff || this.isDisposed) return;
      // What cannot be made without a kernel shows as text, as it would with no widget support;
      // anything else went wrong in a widget that should show, so it says what, in its place.
      if (error instanceof NeedsKernelError) this.#showText(model, error);
      else showError(this.node, error, manager?.nameOf(modelId) ?? "widget");
    }
  }

  /** Waits (bounded) for ipywidgets' renderer, then lets it show this output instead of us. */
  async #handOff(): Promise<void> {
    this.#handingOff = true;
    for (let attempt = 0; attempt < HANDOFF_ATTEMPTS && !this.isDisposed; attempt += 1) {
      const model = this.#model;
      if (this.#ipywidgetsReady() && model !== undefined) {
        for (const child of [...this.widgets]) child.dispose();
        const renderer = this.#panel.content.rendermime.createRenderer(WIDGET_VIEW_MIMETYPE);
        this.addWidget(renderer);
        await renderer.renderModel(model);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, HANDOFF_POLL_MS));
    }
    if (this.#model !== undefined && !this.isDisposed) {
      this.#showText(this.#model, new Error("ipywidgets did not start a widget manager for the kernel"));
    }
  }

  #showText(model: MimeModel, error: unknown): void {
    const text = document.createElement("pre");
    text.className = "anywidget-saved-fallback";
    text.textContent = String(model.data["text/plain"] ?? "");
    text.title = error instanceof Error ? error.message : String(error);
    this.node.replaceChildren(text);
  }
}

/**
 * The panel's saved-state manager, made on the first output that needs it: the notebook's widget
 * state as it is then, and `lent`, the widget modules the page provides besides ours.
 */
export function savedStateOf(
  panel: NotebookPanel,
  lent: Readonly<Record<string, ModuleLoader>>,
): () => Promise<SavedStateManager> {
  let manager: Promise<SavedStateManager> | undefined;
  return () => {
    manager ??= (async () => {
      const { SavedStateManager } = await import(/* webpackChunkName: "no-kernel" */ "./saved-manager.js");
      const widgets = panel.context.model.getMetadata("widgets");
      return SavedStateManager.fromMetadata(widgets, WIDGET_STATE_MIMETYPE, lent);
    })();
    return manager;
  };
}
