import { describe, expect, it } from "vitest";
import { type ChildView, createHost, modelIdOf } from "../../js/host.js";
import type { BackboneModel } from "../../js/types.js";
import { FakeModel } from "./support.js";

class FakeManager {
  readonly models = new Map<string, FakeModel>();
  readonly removed: string[] = [];

  async get_model(id: string): Promise<BackboneModel> {
    const model = this.models.get(id);
    if (model === undefined) throw new Error(`no model ${id}`);
    return model;
  }

  async create_view(model: BackboneModel): Promise<ChildView> {
    const el = document.createElement("span");
    el.textContent = `child ${String(model.get("label"))}`;
    return {
      el,
      remove: () => {
        el.remove();
        this.removed.push(String(model.get("label")));
      },
      trigger: () => {},
    };
  }
}

describe("modelIdOf", () => {
  it("accepts ipywidgets and anywidget references", () => {
    expect(modelIdOf("IPY_MODEL_abc")).toBe("abc");
    expect(modelIdOf("anywidget:abc")).toBe("abc");
  });

  it.each([["abc"], [""], ["IPY_MODEL_"], [42], [null]])("rejects %j clearly", (ref) => {
    expect(() => modelIdOf(ref)).toThrow(/is not a widget reference/);
  });
});

describe("createHost", () => {
  it("renders a child into the parent's element and removes it when the parent's lifetime ends", async () => {
    const manager = new FakeManager();
    manager.models.set("c1", new FakeModel({ label: "one" }));
    const lifetime = new AbortController();
    const host = createHost(manager, lifetime.signal);
    const el = document.createElement("div");
    const child = await host.getWidget("IPY_MODEL_c1");
    await child.render({ el });
    expect(el.textContent).toBe("child one");
    expect(child.model.get("label")).toBe("one");
    lifetime.abort();
    expect(el.textContent).toBe("");
    expect(manager.removed).toEqual(["one"]);
  });

  it("removes a child view when its own signal aborts", async () => {
    const manager = new FakeManager();
    manager.models.set("c2", new FakeModel({ label: "two" }));
    const host = createHost(manager, new AbortController().signal);
    const el = document.createElement("div");
    const view = new AbortController();
    await (await host.getWidget("anywidget:c2")).render({ el, signal: view.signal });
    view.abort();
    expect(manager.removed).toEqual(["two"]);
  });

  it("scopes listeners on another widget's model to the caller's lifetime", async () => {
    const manager = new FakeManager();
    const other = new FakeModel({ value: 0 });
    manager.models.set("m", other);
    const lifetime = new AbortController();
    const seen: unknown[] = [];
    const model = await createHost(manager, lifetime.signal).getModel("IPY_MODEL_m");
    model.on("change:value", () => seen.push(other.get("value")));
    other.set("value", 1);
    lifetime.abort();
    other.set("value", 2);
    expect(seen).toEqual([1]);
  });

  it("fails clearly when the front end has no widget manager", async () => {
    await expect(createHost(undefined, new AbortController().signal).getModel("IPY_MODEL_x")).rejects.toThrow(
      /cannot look up widgets/,
    );
  });
});
