/** The model and view classes widget managers instantiate; they only connect ipywidgets to a runtime. */

import { DOMWidgetModel, DOMWidgetView, type ICallbacks } from "@jupyter-widgets/base";
import {
  CSS_KEY,
  ESM_KEY,
  MODEL_NAME,
  MODULE_NAME,
  MODULE_VERSION,
  VIEW_NAME,
} from "../contract/protocol.js";
import { bindModelStyle } from "../runtime/css.js";
import { ModelRuntime } from "../runtime/runtime.js";
import { containsBinary, withExactBuffers } from "../transport/binary.js";
import { ChunkedComm } from "../transport/chunked-comm.js";
import { releaseOnClose } from "../transport/release-comm.js";
import { showKernelGone, watchKernelEnd } from "./dead-kernel.js";
import { moduleSource } from "./module-store.js";
import { isNewerThanUs, mismatchMessage, reassemblesChunks } from "./version.js";

// Backbone calls `initialize` from its constructor, before subclass fields exist: per-model
// state lives in these maps rather than in private fields.
const runtimes = new WeakMap<AnyModel, ModelRuntime>();
const closed = new WeakSet<AnyModel>();
// Models whose kernel restarted or died while they were live: their views say so.
const gone = new WeakSet<AnyModel>();
const KERNEL_GONE = "anywidget:kernel-gone";

export class AnyModel extends DOMWidgetModel {
  /** `_esm`/`_css` arrive as references to module models (each text sent once) and leave as such. */
  static override serializers = {
    ...DOMWidgetModel.serializers,
    [ESM_KEY]: moduleSource,
    [CSS_KEY]: moduleSource,
  };

  override defaults() {
    return {
      ...super.defaults(),
      _model_name: MODEL_NAME,
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: VIEW_NAME,
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
    };
  }

  /**
   * ipywidgets deep-copies state through JSON before sending, which turns typed arrays into
   * plain objects; binary values go out as exact buffers instead. The state object is
   * updated in place because ipywidgets sends the object it passed in, not the result.
   */
  override serialize(state: Parameters<DOMWidgetModel["serialize"]>[0]) {
    const binary: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(state)) {
      if (!containsBinary(value)) continue;
      binary[key] = withExactBuffers(value);
      delete state[key];
    }
    return Object.assign(super.serialize(state), binary);
  }

  /** Sends a custom message; the promise settles when the kernel has it all (or cannot get it). */
  override send(
    content: Parameters<DOMWidgetModel["send"]>[0],
    callbacks?: ICallbacks,
    buffers?: ArrayBuffer[] | ArrayBufferView[],
  ): Promise<void> {
    if (!(this.comm instanceof ChunkedComm)) return Promise.resolve();
    const delivered = this.comm.deliver({ method: "custom", content }, callbacks, {}, buffers);
    // Failures are logged; a caller that awaits the promise sees them too.
    delivered.catch(() => {});
    return delivered;
  }

  override initialize(...[attributes, options]: Parameters<DOMWidgetModel["initialize"]>): void {
    if (options.comm !== undefined) {
      // Every message leaves through this comm: in order, binary views exact, and large
      // ones in chunks when the kernel side can put them back together.
      const comm = ChunkedComm.wrap(options.comm, {
        kernelBusy: () => kernelStatus(options.widget_manager) === "busy",
        ...(reassemblesChunks(attributes._model_module_version) ? {} : { chunkBytes: Infinity }),
      });
      options = { ...options, comm };
      this.on("comm_live_update", () => {
        if (this.comm_live || closed.has(this)) return;
        comm.shut("the kernel connection ended before the message arrived");
        if (gone.has(this)) return;
        gone.add(this);
        this.trigger(KERNEL_GONE);
      });
    }
    super.initialize(attributes, options);
    this.once("destroy", () => {
      closed.add(this);
      // The layout ipywidgets made for the widget closes right after it (kernel side).
      releaseOnClose(this.get("layout"));
    });
    if (options.comm !== undefined) {
      const unwatch = watchKernelEnd(options.widget_manager, () => {
        if (!closed.has(this)) this.comm_live = false;
      });
      this.once("destroy", unwatch);
    }
    // A model from the live kernel runs its code now, so initialize comes before any view. One
    // restored from state saved in a notebook (no comm) waits for its first view: front ends show
    // widget views only for trusted outputs, so saved code never runs in an untrusted notebook.
    if (this.comm_live) this.runtime();
  }

  /** Whether the kernel this model lived in restarted or died (a model from saved state never had one). */
  get kernelGone(): boolean {
    return gone.has(this);
  }

  /** The model's runtime (code and styles), started on first use; none for code needing a newer front end. */
  runtime(): ModelRuntime | undefined {
    const existing = runtimes.get(this);
    if (existing !== undefined || closed.has(this) || isNewerThanUs(this.get("_model_module_version"))) {
      return existing;
    }
    const runtime = new ModelRuntime(this);
    const unbindStyle = bindModelStyle(this, CSS_KEY);
    this.once("destroy", () => {
      unbindStyle();
      void runtime.dispose();
    });
    runtimes.set(this, runtime);
    return runtime;
  }
}

/** The kernel's execution status, where the widget manager exposes its kernel (JupyterLab, Notebook 7). */
function kernelStatus(manager: unknown): unknown {
  return (manager as { kernel?: { status?: unknown } } | null)?.kernel?.status;
}

export class AnyView extends DOMWidgetView {
  readonly #removed = new AbortController();
  #rendered: Promise<void> = Promise.resolve();

  /** Settles once the widget code has rendered into the view, or the view shows why it could not. */
  get rendered(): Promise<void> {
    return this.#rendered;
  }

  override render(): void {
    const runtime = this.model instanceof AnyModel ? this.model.runtime() : undefined;
    if (runtime !== undefined) {
      this.#rendered = runtime.mount(this.el, this.#removed.signal);
      this.#followKernel(this.model as AnyModel, this.#rendered);
      return;
    }
    const requested = this.model.get("_model_module_version");
    if (!isNewerThanUs(requested)) {
      throw new Error(`${VIEW_NAME} needs a ${MODEL_NAME} model, got ${this.model.get("_model_name")}`);
    }
    const notice = document.createElement("div");
    notice.className = "anywidget-version-mismatch";
    notice.setAttribute("role", "alert");
    notice.textContent = mismatchMessage(requested);
    this.el.replaceChildren(notice);
  }

  /** Once the model's kernel is gone, the view says so in place and takes no more input. */
  #followKernel(model: AnyModel, rendered: Promise<void>): void {
    if (model.kernelGone) {
      // Rendering replaces the view's children: the notice goes in after it.
      this.el.inert = true;
      void rendered.then(() => showKernelGone(this.el));
      return;
    }
    this.listenTo(model, KERNEL_GONE, () => showKernelGone(this.el));
  }

  override remove(): this {
    this.#removed.abort();
    return super.remove();
  }
}
