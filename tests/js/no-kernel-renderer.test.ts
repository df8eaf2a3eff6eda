import { describe, expect, it, vi } from "vitest";
import type { MimeRenderer, NotebookPanel, RendererFactory } from "../../js/no-kernel/lab.js";
import { addSavedWidgetRenderer } from "../../js/no-kernel/plugin.js";
import { until } from "./support.js";

vi.mock("../../js/runtime/load.js", async () => (await import("./support.js")).loaderMock());

const VIEW_MIME = "application/vnd.jupyter.widget-view+json";
const STATE_MIME = "application/vnd.jupyter.widget-state+json";
const ESM = `export default { render({ model, el }) { el.innerHTML = "<i class=shown>saved " + model.get("label") + "</i>"; } };`;

const anywidget = (state: Record<string, unknown>) => ({
  model_name: "AnyModel",
  model_module: "anywidget",
  model_module_version: "~0.12.*",
  state: { _esm: "/* anywidget module m */", _css: "", _anywidget_id: "__main__.Saved", ...state },
});
const moduleModel = {
  model_name: "WidgetModel",
  model_module: "@jupyter-widgets/base",
  model_module_version: "2.0.0",
  state: { source: ESM },
};

/** A notebook panel without a kernel, its rendermime holding only what the renderer adds. */
function panelWith(state: Record<string, unknown>, metadataReads: string[] = []): NotebookPanel {
  const factories = new Map<string, RendererFactory>();
  const signal = { connect: () => true, disconnect: () => true };
  return {
    sessionContext: { session: null, kernelDisplayStatus: "unknown", kernelChanged: signal },
    context: {
      ready: Promise.resolve(),
      model: {
        getMetadata(key: string) {
          metadataReads.push(key);
          return key === "widgets"
            ? { [STATE_MIME]: { version_major: 2, version_minor: 0, state } }
            : undefined;
        },
      },
    },
    content: {
      rendermime: {
        getFactory: (mime: string) => factories.get(mime),
        addFactory(factory: RendererFactory) {
          for (const mime of factory.mimeTypes) factories.set(mime, factory);
        },
        removeMimeType: (mime: string) => factories.delete(mime),
        createRenderer(mime: string): MimeRenderer {
          const factory = factories.get(mime);
          if (factory === undefined) throw new Error(`no renderer for ${mime}`);
          return factory.createRenderer({ mimeType: mime });
        },
      },
    },
  };
}

async function render(panel: NotebookPanel, modelId: string, trusted = true): Promise<HTMLElement> {
  const renderer = panel.content.rendermime.createRenderer(VIEW_MIME);
  document.body.appendChild(renderer.node);
  const data = { [VIEW_MIME]: { model_id: modelId }, "text/plain": `Saved(${modelId})` };
  await renderer.renderModel({ data, trusted });
  return renderer.node;
}

describe("the saved widget renderer", () => {
  it("stands in for ipywidgets' renderer as an unsafe one, reading no state until an output needs it", () => {
    const reads: string[] = [];
    const panel = panelWith({}, reads);
    addSavedWidgetRenderer(panel);
    const factory = panel.content.rendermime.getFactory(VIEW_MIME);
    expect(factory?.safe).toBe(false);
    expect(reads).toEqual([]);
  });

  it("shows widgets whose module is a saved module model", async () => {
    const panel = panelWith({ w: anywidget({ label: "one" }), m: moduleModel });
    addSavedWidgetRenderer(panel);
    const node = await render(panel, "w");
    await until(() => node.querySelector(".shown")?.textContent === "saved one");
  });

  it("shows a widget whose module model is missing as an error panel naming its class", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const panel = panelWith({ w: anywidget({ label: "one" }) });
    addSavedWidgetRenderer(panel);
    const node = await render(panel, "w");
    const shown = node.querySelector(".anywidget-error");
    expect(shown?.textContent).toContain("__main__.Saved: widget code failed to load");
    expect(shown?.textContent).toContain("the widget's module (model m) is not available");
    error.mockRestore();
  });

  it("shows what needs a kernel as its text, with the reason as a tooltip", async () => {
    const output = { model_name: "OutputModel", model_module: "@jupyter-widgets/output", state: {} };
    const panel = panelWith({ o: output });
    addSavedWidgetRenderer(panel);
    const node = await render(panel, "o");
    const text = node.querySelector<HTMLElement>("pre.anywidget-saved-fallback");
    expect(text?.textContent).toBe("Saved(o)");
    expect(text?.title).toContain("@jupyter-widgets/output OutputModel needs a running kernel");
    expect(node.querySelector(".anywidget-error")).toBeNull();
  });

  it("shows an anywidget inside a saved ipywidgets VBox, with the controls it is lent", async () => {
    const box = {
      model_name: "VBoxModel",
      model_module: "@jupyter-widgets/controls",
      model_module_version: "2.0.0",
      state: { children: ["IPY_MODEL_w"], _view_name: "VBoxView", _view_module: "@jupyter-widgets/controls" },
    };
    const panel = panelWith({ box, w: anywidget({ label: "boxed" }), m: moduleModel });
    addSavedWidgetRenderer(panel);
    const node = await render(panel, "box");
    await until(() => node.querySelector(".widget-vbox .shown")?.textContent === "saved boxed", 10_000);
  });
});
