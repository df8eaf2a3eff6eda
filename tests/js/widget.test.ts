import { describe, expect, it, vi } from "vitest";
import { GONE_TEXT, NOTICE_CLASS } from "../../js/ipywidgets/dead-kernel.js";
import { AnyModel, AnyView } from "../../js/ipywidgets/widget.js";
import { until } from "./support.js";

vi.mock("../../js/runtime/load.js", async () => (await import("./support.js")).loaderMock());

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

describe("AnyView", () => {
  it("settles `rendered` once the widget code has rendered into it", async () => {
    const view = new AnyView({ model: makeModel("awaited", fakeComm()) } as never);
    const before = view.rendered;
    view.render();
    expect(view.rendered).not.toBe(before);
    await view.rendered;
    expect(view.el.textContent).toBe("shown awaited");
  });
});

describe("a view whose kernel is gone", () => {
  const noticeOf = (view: AnyView) => view.el.querySelector(`.${NOTICE_CLASS}`);

  it("says so in place and takes no input once the live model's comm dies", async () => {
    const model = makeModel("restarted", fakeComm());
    const view = new AnyView({ model } as never);
    view.render();
    await until(() => view.el.textContent === "shown restarted");
    expect(noticeOf(view)).toBeNull();
    model.comm_live = false;
    expect(noticeOf(view)?.textContent).toBe(GONE_TEXT);
    expect(view.el.inert).toBe(true);
    expect(model.kernelGone).toBe(true);

    const later = new AnyView({ model } as never);
    later.render();
    expect(later.el.inert).toBe(true);
    await until(() => noticeOf(later) !== null);
    expect(later.el.textContent).toContain("shown restarted");
  });

  it("follows the kernel's own status where the manager exposes it (a kernel the server gave up on)", async () => {
    const slots: ((sender: unknown, status: unknown) => void)[] = [];
    const statusChanged = { connect: (slot: (typeof slots)[number]) => slots.push(slot), disconnect() {} };
    const connectionStatusChanged = { connect() {}, disconnect() {} };
    const attributes = { _esm: ESM, _css: "", label: "killed", _model_module_version: "~0.12.*" };
    const manager = { kernel: { statusChanged, connectionStatusChanged } };
    const model = new AnyModel(attributes, {
      widget_manager: manager,
      model_id: "k",
      comm: fakeComm(),
    } as never);
    const view = new AnyView({ model } as never);
    view.render();
    for (const slot of slots) slot(null, "dead");
    expect(model.comm_live).toBe(false);
    expect(noticeOf(view)).not.toBeNull();
  });

  it("never marks a model restored from saved state, which never had a kernel", async () => {
    const model = makeModel("saved", undefined);
    const view = new AnyView({ model } as never);
    view.render();
    await until(() => view.el.textContent === "shown saved");
    model.comm_live = false;
    expect(noticeOf(view)).toBeNull();
    expect(model.kernelGone).toBe(false);
  });
});
