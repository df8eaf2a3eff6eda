import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BackboneModel } from "../../js/contract/types.js";
import { type ChildView, createHost, modelIdOf } from "../../js/runtime/host.js";
import { ModelRuntime } from "../../js/runtime/runtime.js";
import { FakeModel, modelWith, settle, until } from "./support.js";

vi.mock("../../js/runtime/load.js", async () => (await import("./support.js")).loaderMock());

declare global {
  var events: string[];
  var releaseInit: (() => void) | undefined;
}

beforeEach(() => {
  globalThis.events = [];
  globalThis.releaseInit = undefined;
});

afterEach(() => {
  vi.useRealTimers();
});

/** Stands in for widget.ts's `AnyModel`: an anywidget model whose runtime starts on first use. */
class FakeAnyModel extends FakeModel {
  #runtime: ModelRuntime | undefined;

  runtime(): ModelRuntime {
    this.#runtime ??= new ModelRuntime(this);
    return this.#runtime;
  }
}

function anywidgetChild(esm: string, extra: Record<string, unknown> = {}): FakeAnyModel {
  return new FakeAnyModel(modelWith(esm, { _anywidget_id: "pkg.Child", ...extra }).attributes);
}

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

  it("gives a plain ipywidgets child no exports", async () => {
    const manager = new FakeManager();
    manager.models.set("s", new FakeModel({ label: "slider" }));
    const child = await createHost(manager, new AbortController().signal).getWidget("IPY_MODEL_s");
    expect(child.exports).toBeUndefined();
    expect(Object.keys(child).sort()).toEqual(["exports", "model", "render"]);
  });

  it("names an unknown widget to an ipywidgets 7 widget manager, which answers undefined", async () => {
    const base4 = { get_model: () => undefined, create_view: new FakeManager().create_view };
    const host = createHost(base4, new AbortController().signal);
    await expect(host.getWidget("IPY_MODEL_gone")).rejects.toThrow("widget model gone not found");
    await expect(host.getModel("anywidget:gone")).rejects.toThrow("widget model gone not found");
  });

  it("fails clearly when the front end has no widget manager", async () => {
    await expect(createHost(undefined, new AbortController().signal).getModel("IPY_MODEL_x")).rejects.toThrow(
      /cannot look up widgets/,
    );
  });
});

const exportingEsm = `export default {
  async initialize({ model }) {
    globalThis.events.push("initialize");
    if (model.get("slow")) await new Promise((resolve) => { globalThis.releaseInit = resolve; });
    return { greet: (name) => "hello " + name + " from " + model.get("label") };
  },
  render({ model, el, signal }) {
    const n = globalThis.events.filter((e) => e.startsWith("render")).length + 1;
    globalThis.events.push("render " + n);
    const b = document.createElement("b");
    const show = () => { b.textContent = "child " + model.get("label"); };
    model.on("change:label", show);
    show();
    el.appendChild(b);
    signal.addEventListener("abort", () => globalThis.events.push("aborted " + n));
    return () => globalThis.events.push("cleanup " + n);
  },
};`;

describe("getWidget of an anywidget child", () => {
  it("resolves with the child's exports once its initialize has run", async () => {
    const manager = new FakeManager();
    manager.models.set("c", anywidgetChild(exportingEsm, { label: "one", slow: true }));
    let resolved = false;
    const pending = createHost(manager, new AbortController().signal)
      .getWidget("anywidget:c")
      .then((child) => {
        resolved = true;
        return child;
      });
    await until(() => globalThis.releaseInit !== undefined);
    await settle();
    expect(resolved).toBe(false);
    globalThis.releaseInit?.();
    const child = await pending;
    const exports = child.exports as { greet(name: string): string };
    expect(exports.greet("parent")).toBe("hello parent from one");
    expect(globalThis.events).toEqual(["initialize"]);
  });

  it("rejects after 10 s naming the child's class and model id when initialize never finishes", async () => {
    vi.useFakeTimers();
    const manager = new FakeManager();
    manager.models.set("stuck", anywidgetChild(exportingEsm, { slow: true }));
    const outcome = createHost(manager, new AbortController().signal)
      .getWidget("IPY_MODEL_stuck")
      .then(
        () => "resolved",
        (error: Error) => error.message,
      );
    await settle();
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(9_999);
    let settled: string | undefined;
    void outcome.then((value) => {
      settled = value;
    });
    await settle();
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatch(/pkg\.Child \(model stuck\) did not finish initializing within 10 s/);
  });

  it("clears its timer when the child is ready in time", async () => {
    vi.useFakeTimers();
    const manager = new FakeManager();
    manager.models.set("quick", anywidgetChild(exportingEsm, { label: "q", slow: true }));
    const pending = createHost(manager, new AbortController().signal).getWidget("anywidget:quick");
    await vi.waitUntil(() => globalThis.releaseInit !== undefined, { timeout: 2000 });
    globalThis.releaseInit?.();
    await pending;
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects at once with the child's own error when its initialize throws", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const manager = new FakeManager();
    manager.models.set("bad", anywidgetChild(`export default { initialize() { throw new Error("no"); } };`));
    await expect(
      createHost(manager, new AbortController().signal).getWidget("anywidget:bad"),
    ).rejects.toMatchObject({ step: "initialize" });
    error.mockRestore();
  });

  it("renders straight into el, beside the parent's own nodes, once the child's render has run", async () => {
    const manager = new FakeManager();
    const model = anywidgetChild(exportingEsm, { label: "one" });
    manager.models.set("c", model);
    const child = await createHost(manager, new AbortController().signal).getWidget("anywidget:c");
    const el = document.createElement("div");
    el.innerHTML = "<i>parent's</i>";
    await child.render({ el });
    expect(el.innerHTML).toBe("<i>parent's</i><b>child one</b>");
    model.set("label", "two");
    expect(el.textContent).toBe("parent'schild two");
  });

  it("removes the child's nodes and listeners and runs its cleanup when the render signal aborts", async () => {
    const manager = new FakeManager();
    const model = anywidgetChild(exportingEsm, { label: "one" });
    manager.models.set("c", model);
    const child = await createHost(manager, new AbortController().signal).getWidget("anywidget:c");
    const el = document.createElement("div");
    el.innerHTML = "<i>kept</i>";
    const view = new AbortController();
    await child.render({ el, signal: view.signal });
    view.abort();
    expect(el.innerHTML).toBe("<i>kept</i>");
    await until(() => globalThis.events.includes("cleanup 1"));
    expect(globalThis.events).toEqual(["initialize", "render 1", "aborted 1", "cleanup 1"]);
    model.set("label", "two");
    expect(el.innerHTML).toBe("<i>kept</i>");
  });

  it("shows a child's render error beside the parent's nodes, and removes it on abort", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const manager = new FakeManager();
    manager.models.set("c", anywidgetChild(`export default { render() { throw new Error("broken"); } };`));
    const child = await createHost(manager, new AbortController().signal).getWidget("anywidget:c");
    const el = document.createElement("div");
    el.innerHTML = "<i>kept</i>";
    const view = new AbortController();
    await child.render({ el, signal: view.signal });
    expect(el.querySelector("i")?.textContent).toBe("kept");
    expect(el.querySelector(".anywidget-error")?.textContent).toContain("broken");
    view.abort();
    expect(el.innerHTML).toBe("<i>kept</i>");
    error.mockRestore();
  });

  it("removes the child when the parent's lifetime ends, even with a signal of its own", async () => {
    const manager = new FakeManager();
    manager.models.set("c", anywidgetChild(exportingEsm, { label: "one" }));
    const parent = new AbortController();
    const child = await createHost(manager, parent.signal).getWidget("anywidget:c");
    const el = document.createElement("div");
    await child.render({ el, signal: new AbortController().signal });
    expect(el.textContent).toBe("child one");
    parent.abort();
    expect(el.textContent).toBe("");
  });

  it("renders the child once per render call, each removed on its own", async () => {
    const manager = new FakeManager();
    manager.models.set("c", anywidgetChild(exportingEsm, { label: "one" }));
    const child = await createHost(manager, new AbortController().signal).getWidget("anywidget:c");
    const [a, b] = [document.createElement("div"), document.createElement("div")];
    const first = new AbortController();
    await child.render({ el: a, signal: first.signal });
    await child.render({ el: b });
    first.abort();
    expect([a.textContent, b.textContent]).toEqual(["", "child one"]);
  });
});
