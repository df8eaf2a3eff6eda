import { describe, expect, it, vi } from "vitest";
import { AnyModel, AnyView } from "../../js/widget.js";
import { until } from "./support.js";

vi.mock("../../js/load.js", async () => (await import("./support.js")).loaderMock());

declare global {
  var initialized: string[];
}

const ESM = `export default {
  initialize({ model }) { globalThis.initialized.push(model.get("label")); },
  render({ model, el }) { el.textContent = "shown " + model.get("label"); },
};`;

const fakeComm = () => ({ on_close() {}, on_msg() {}, send() {}, comm_id: "c" });

function makeModel(label: string, comm: unknown): AnyModel {
  const attributes = { _esm: ESM, _css: "", label, _model_module_version: "~0.12.*" };
  return new AnyModel(attributes, { widget_manager: {}, model_id: label, comm } as never);
}

describe("AnyModel", () => {
  it("runs a live model's initialize at creation, and a restored model's only on its first view", async () => {
    globalThis.initialized = [];
    makeModel("live", fakeComm());
    const restored = makeModel("restored", undefined);
    await until(() => globalThis.initialized.includes("live"));
    expect(globalThis.initialized).toEqual(["live"]);

    const view = new AnyView({ model: restored } as never);
    view.render();
    await until(() => view.el.textContent === "shown restored");
    expect(globalThis.initialized).toEqual(["live", "restored"]);
  });
});
