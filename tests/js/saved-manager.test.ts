import { describe, expect, it, vi } from "vitest";
import { SavedStateManager } from "../../js/no-kernel/saved-manager.js";
import { AnyModel } from "../../js/widget.js";
import { until } from "./support.js";

vi.mock("../../js/load.js", async () => (await import("./support.js")).loaderMock());

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

  it("refuses models that need a kernel's widget modules, and unknown ids, by name", async () => {
    const slider = { model_name: "IntSliderModel", model_module: "@jupyter-widgets/controls", state: {} };
    const manager = SavedStateManager.fromMetadata(saved({ s: slider }), STATE_MIME);
    await expect(manager.get_model("s")).rejects.toThrow("IntSliderModel needs a running kernel");
    await expect(manager.get_model("nope")).rejects.toThrow("saved no state for widget nope");
  });

  it("reads a notebook without widget metadata as empty", async () => {
    const manager = SavedStateManager.fromMetadata(undefined, STATE_MIME);
    expect(manager.has_model("c")).toBe(false);
    await expect(manager.get_model("c")).rejects.toThrow("saved no state");
  });
});
