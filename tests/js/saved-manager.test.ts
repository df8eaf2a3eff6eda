import * as base from "@jupyter-widgets/base";
import { describe, expect, it, vi } from "vitest";
import { AnyModel } from "../../js/ipywidgets/widget.js";
import { NeedsKernelError } from "../../js/no-kernel/needs-kernel.js";
import { type ModuleLoader, SavedStateManager } from "../../js/no-kernel/saved-manager.js";
import { until } from "./support.js";

vi.mock("../../js/runtime/load.js", async () => (await import("./support.js")).loaderMock());

const STATE_MIME = "application/vnd.jupyter.widget-state+json";
const ESM = `export default { render({ model, el }) { el.textContent = "saved " + model.get("value"); } };`;

function saved(state: Record<string, unknown>) {
  return { [STATE_MIME]: { version_major: 2, version_minor: 0, state } };
}

const counter = {
  model_name: "AnyModel",
  model_module: "anywidget",
  model_module_version: "~0.12.*",
  state: { _esm: ESM, _css: "", value: 5, _view_name: "AnyView", _view_module: "anywidget" },
  buffers: [{ path: ["blob"], encoding: "base64", data: "AQL/" }],
};

describe("SavedStateManager", () => {
  it("builds an anywidget model from saved state, buffers as DataViews, with no comm", async () => {
    const manager = SavedStateManager.fromMetadata(saved({ c: counter }), STATE_MIME);
    const model = await manager.get_model("c");
    expect(model).toBeInstanceOf(AnyModel);
    expect(model.comm_live).toBe(false);
    const blob = model.get("blob") as DataView;
    expect(blob).toBeInstanceOf(DataView);
    expect([...new Uint8Array(blob.buffer)]).toEqual([1, 2, 255]);
    expect(await manager.get_model("c")).toBe(model);
  });

  it("resolves references to saved base models, such as the layout", async () => {
    const layout = {
      model_name: "LayoutModel",
      model_module: "@jupyter-widgets/base",
      state: { width: "321px" },
    };
    const withLayout = { ...counter, state: { ...counter.state, layout: "IPY_MODEL_l" } };
    const manager = SavedStateManager.fromMetadata(saved({ c: withLayout, l: layout }), STATE_MIME);
    const model = await manager.get_model("c");
    const resolved = model.get("layout") as { get(key: string): unknown };
    expect(resolved).toBe(await manager.get_model("l"));
    expect(resolved.get("width")).toBe("321px");
  });

  it("renders a view of a saved model", async () => {
    const manager = SavedStateManager.fromMetadata(saved({ c: counter }), STATE_MIME);
    const view = await manager.create_view(await manager.get_model("c"));
    await until(() => view.el.textContent === "saved 5");
  });

  it("refuses models of widget modules it was not lent, and unknown ids, by name", async () => {
    const slider = { model_name: "IntSliderModel", model_module: "@jupyter-widgets/controls", state: {} };
    const manager = SavedStateManager.fromMetadata(saved({ s: slider }), STATE_MIME);
    const refused = manager.get_model("s");
    await expect(refused).rejects.toThrow("IntSliderModel needs a running kernel");
    await expect(refused).rejects.toBeInstanceOf(NeedsKernelError);
    await expect(manager.get_model("nope")).rejects.toThrow("saved no state for widget nope");
    await expect(manager.get_model("nope")).rejects.toBeInstanceOf(NeedsKernelError);
  });

  it("resolves module references to the saved module models, one model for all widgets using it", async () => {
    const module = {
      model_name: "WidgetModel",
      model_module: "@jupyter-widgets/base",
      model_module_version: "2.0.0",
      state: { source: ESM },
    };
    const reference = "/* anywidget module m1 */\nexport default {};";
    const widget = (value: number) => ({ ...counter, state: { ...counter.state, _esm: reference, value } });
    const manager = SavedStateManager.fromMetadata(
      saved({ a: widget(1), b: widget(2), m1: module }),
      STATE_MIME,
    );
    const [a, b] = await Promise.all([manager.get_model("a"), manager.get_model("b")]);
    expect(a.get("_esm")).toBe(ESM);
    expect(b.get("_esm")).toBe(ESM);
    expect((await manager.get_model("m1")).get("source")).toBe(ESM);
    const views = await Promise.all([a, b].map((model) => manager.create_view(model)));
    await until(() => views.map((view) => view.el.textContent).join() === "saved 1,saved 2");
  });

  it("fails a widget whose module model was not saved, naming the module", async () => {
    const orphan = { ...counter, state: { ...counter.state, _esm: "/* anywidget module gone */" } };
    const manager = SavedStateManager.fromMetadata(saved({ o: orphan }), STATE_MIME);
    const failed = manager.get_model("o");
    await expect(failed).rejects.toThrow("the widget's module (model gone) is not available");
    await expect(failed).rejects.not.toBeInstanceOf(NeedsKernelError);
  });

  it("makes models and views of a lent module, loading it once, with anywidget children", async () => {
    const box = {
      model_name: "BoxModel",
      model_module: "fake-controls",
      state: { children: ["IPY_MODEL_c"], _view_name: "BoxView", _view_module: "fake-controls" },
    };
    const loads: string[] = [];
    const lent: Record<string, ModuleLoader> = {
      "fake-controls": async () => {
        loads.push("fake-controls");
        return fakeControls();
      },
    };
    const manager = SavedStateManager.fromMetadata(saved({ box, c: counter }), STATE_MIME, lent);
    const view = await manager.create_view<base.DOMWidgetView>(await manager.get_model("box"));
    await until(() => view.el.textContent === "saved 5");
    await manager.get_model("c");
    expect(loads).toEqual(["fake-controls"]);
  });

  it("refuses models of a lent module that fails to load, as needing a kernel", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const box = { model_name: "BoxModel", model_module: "fake-controls", state: {} };
    const lent = { "fake-controls": () => Promise.reject(new Error("not shared here")) };
    const manager = SavedStateManager.fromMetadata(saved({ box }), STATE_MIME, lent);
    await expect(manager.get_model("box")).rejects.toBeInstanceOf(NeedsKernelError);
    expect(String(warn.mock.calls[0]?.[0])).toContain("fake-controls could not be loaded");
    warn.mockRestore();
  });

  it("names saved widgets by their class, else their model name", () => {
    const named = { ...counter, state: { ...counter.state, _anywidget_id: "__main__.Counter" } };
    const manager = SavedStateManager.fromMetadata(saved({ n: named, c: counter }), STATE_MIME);
    expect(manager.nameOf("n")).toBe("__main__.Counter");
    expect(manager.nameOf("c")).toBe("AnyModel");
    expect(manager.nameOf("nope")).toBe("widget");
  });

  it("reads a notebook without widget metadata as empty", async () => {
    const manager = SavedStateManager.fromMetadata(undefined, STATE_MIME);
    expect(manager.has_model("c")).toBe(false);
    await expect(manager.get_model("c")).rejects.toThrow("saved no state");
  });
});

/** A lent widget module with one box: its children (saved references) shown in order. */
async function fakeControls(): Promise<Record<string, unknown>> {
  class BoxModel extends base.DOMWidgetModel {
    static override serializers = {
      ...base.DOMWidgetModel.serializers,
      children: { deserialize: base.unpack_models },
    };
  }
  class BoxView extends base.DOMWidgetView {
    override async render(): Promise<void> {
      const children = this.model.get("children") as base.WidgetModel[];
      for (const child of children) {
        const view = await this.create_child_view(child);
        this.el.appendChild(view.el);
      }
    }
  }
  return { BoxModel, BoxView };
}
