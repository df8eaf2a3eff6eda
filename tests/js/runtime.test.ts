import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { COMMAND_RESPONSE_KIND } from "../../js/contract/protocol.js";
import { ModelRuntime } from "../../js/runtime/runtime.js";
import { modelWith, settle, until } from "./support.js";

vi.mock("../../js/runtime/load.js", async () => (await import("./support.js")).loaderMock());

declare global {
  var events: string[];
}

beforeEach(() => {
  globalThis.events = [];
});

afterEach(() => {
  document.body.replaceChildren();
});

function mountNew(runtime: ModelRuntime) {
  const el = document.createElement("div");
  document.body.appendChild(el);
  const view = new AbortController();
  runtime.mount(el, view.signal);
  return { el, remove: () => view.abort() };
}

const counterEsm = `export default {
  render({ model, el }) {
    el.textContent = "count " + model.get("value");
    model.on("change:value", () => { el.textContent = "count " + model.get("value"); });
  },
};`;

describe("module forms", () => {
  it("renders a default-exported object", async () => {
    const model = modelWith(counterEsm, { value: 1 });
    const { el } = mountNew(new ModelRuntime(model));
    await until(() => el.textContent === "count 1");
    model.set("value", 2);
    expect(el.textContent).toBe("count 2");
  });

  it("calls a default-exported factory once per model, keeping closure state per instance", async () => {
    const esm = `let made = 0;
      export default () => { made += 1; const id = made; globalThis.events.push("factory " + id);
        return { render({ el }) { el.textContent = "instance " + id; } }; };`;
    const first = mountNew(new ModelRuntime(modelWith(esm)));
    const second = mountNew(new ModelRuntime(modelWith(esm)));
    await until(() => first.el.textContent !== "" && second.el.textContent !== "");
    expect(new Set([first.el.textContent, second.el.textContent])).toEqual(
      new Set(["instance 1", "instance 2"]),
    );
    expect(globalThis.events).toEqual(["factory 1", "factory 2"]);
  });

  it("awaits an async factory", async () => {
    const esm = `export default async () => { await null; return { render({ el }) { el.textContent = "async"; } }; };`;
    const { el } = mountNew(new ModelRuntime(modelWith(esm)));
    await until(() => el.textContent === "async");
  });

  it("still runs a legacy named render export, with a deprecation note", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const esm = `export function render({ el }) { el.textContent = "legacy"; }`;
    const { el } = mountNew(new ModelRuntime(modelWith(esm)));
    await until(() => el.textContent === "legacy");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("deprecated"));
    warn.mockRestore();
  });

  it.each([
    ["no usable export", `export const answer = 42;`, /no default export/],
    ["a default export that is not a widget", `export default 42;`, /the default export is a number/],
    ["an object without hooks", `export default { draw() {} };`, /neither `initialize` nor `render`/],
    ["a render that is not a function", `export default { render: "x" };`, /`render` that is a string/],
  ])("shows a load error for %s", async (_name, esm, message) => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const { el } = mountNew(new ModelRuntime(modelWith(esm)));
    await until(() => el.querySelector(".anywidget-error") !== null);
    expect(el.textContent).toContain("failed to load");
    expect(el.textContent).toMatch(message);
    error.mockRestore();
  });
});

describe("exports from initialize", () => {
  it.each([
    ["an object", `export default { initialize() { return { answer: 42 }; } };`],
    ["an async object", `export default { async initialize() { await null; return { answer: 42 }; } };`],
    [
      "a promise of an object",
      `export default { initialize() { return Promise.resolve({ answer: 42 }); } };`,
    ],
  ])("exports %s that initialize returns, and runs no cleanup for it", async (_name, esm) => {
    const runtime = new ModelRuntime(modelWith(esm));
    expect(await runtime.exports()).toEqual({ answer: 42 });
    await runtime.dispose();
  });

  it.each([
    ["a function", `export default { initialize() { return () => globalThis.events.push("cleanup"); } };`],
    [
      "an async function result",
      `export default { async initialize() { await null; return () => globalThis.events.push("cleanup"); } };`,
    ],
  ])("treats %s as a cleanup, exporting nothing", async (_name, esm) => {
    const runtime = new ModelRuntime(modelWith(esm));
    expect(await runtime.exports()).toBeUndefined();
    expect(globalThis.events).toEqual([]);
    await runtime.dispose();
    expect(globalThis.events).toEqual(["cleanup"]);
  });

  it.each([
    ["nothing", `export default { initialize() {} };`],
    ["a number", `export default { initialize() { return 7; } };`],
    ["null", `export default { initialize() { return null; } };`],
    ["no initialize at all", `export default { render() {} };`],
  ])("exports undefined when initialize returns %s", async (_name, esm) => {
    expect(await new ModelRuntime(modelWith(esm)).exports()).toBeUndefined();
  });

  it("exports what the new code returns once _esm changes", async () => {
    const model = modelWith(`export default { initialize() { return { version: 1 }; } };`);
    const runtime = new ModelRuntime(model);
    expect(await runtime.exports()).toEqual({ version: 1 });
    model.set("_esm", `export default { async initialize() { await null; return { version: 2 }; } };`);
    expect(await runtime.exports()).toEqual({ version: 2 });
  });

  it("rejects with initialize's error, and once the model has closed", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const failing = new ModelRuntime(
      modelWith(`export default { initialize() { throw new Error("boom"); } };`),
    );
    await expect(failing.exports()).rejects.toMatchObject({ step: "initialize" });
    const closed = new ModelRuntime(modelWith(`export default { initialize() { return {}; } };`));
    await closed.dispose();
    await expect(closed.exports()).rejects.toThrow(/was closed/);
    error.mockRestore();
  });
});

describe("lifecycle", () => {
  const tracedEsm = `export default {
    async initialize({ model }) {
      await null;
      globalThis.events.push("initialize");
      return () => globalThis.events.push("initialize cleanup");
    },
    render({ el, signal }) {
      const n = globalThis.events.filter((e) => e === "render").length + 1;
      globalThis.events.push("render");
      el.textContent = "view " + n;
      signal.addEventListener("abort", () => globalThis.events.push("render aborted " + n));
      return () => globalThis.events.push("render cleanup " + n);
    },
  };`;

  it("runs initialize once per model, before any view renders", async () => {
    const runtime = new ModelRuntime(modelWith(tracedEsm));
    const first = mountNew(runtime);
    const second = mountNew(runtime);
    await until(() => first.el.textContent !== "" && second.el.textContent !== "");
    expect(globalThis.events).toEqual(["initialize", "render", "render"]);
  });

  it("aborts the signal and runs the render cleanup when its view is removed", async () => {
    const runtime = new ModelRuntime(modelWith(tracedEsm));
    const first = mountNew(runtime);
    mountNew(runtime);
    await until(() => globalThis.events.length === 3);
    first.remove();
    await until(() => globalThis.events.includes("render cleanup 1"));
    expect(globalThis.events.slice(3)).toEqual(["render aborted 1", "render cleanup 1"]);
  });

  it("cleans up every view, then initialize, when the model closes", async () => {
    const runtime = new ModelRuntime(modelWith(tracedEsm));
    mountNew(runtime);
    mountNew(runtime);
    await until(() => globalThis.events.length === 3);
    await runtime.dispose();
    const after = globalThis.events.slice(3);
    expect(after.indexOf("initialize cleanup")).toBe(after.length - 1);
    expect(after).toEqual(
      expect.arrayContaining([
        "render cleanup 1",
        "render cleanup 2",
        "render aborted 1",
        "render aborted 2",
      ]),
    );
  });

  it("runs async cleanups to completion before initialize's cleanup", async () => {
    const esm = `export default {
      initialize() { return () => globalThis.events.push("initialize cleanup"); },
      render({ el }) {
        el.textContent = "ready";
        return async () => { await null; await null; globalThis.events.push("render cleanup"); };
      },
    };`;
    const runtime = new ModelRuntime(modelWith(esm));
    const { el } = mountNew(runtime);
    await until(() => el.textContent === "ready");
    await runtime.dispose();
    expect(globalThis.events).toEqual(["render cleanup", "initialize cleanup"]);
  });

  it("never renders when the model closes before its code has loaded", async () => {
    const runtime = new ModelRuntime(modelWith(tracedEsm));
    const { el } = mountNew(runtime);
    await runtime.dispose();
    expect(globalThis.events).toEqual(["initialize", "initialize cleanup"]);
    expect(el.textContent).toBe("");
  });

  it("replaces the code when _esm changes: old cleanups first, then the new code renders", async () => {
    const model = modelWith(tracedEsm);
    const { el } = mountNew(new ModelRuntime(model));
    await until(() => el.textContent === "view 1");
    model.set(
      "_esm",
      `export default { render({ el }) { globalThis.events.push("new render"); el.textContent = "new"; } };`,
    );
    await until(() => el.textContent === "new");
    expect(globalThis.events.slice(2)).toEqual([
      "render aborted 1",
      "render cleanup 1",
      "initialize cleanup",
      "new render",
    ]);
  });

  it("never leaves older code rendering when two changes race", async () => {
    const model = modelWith(`export default { render({ el }) { el.textContent = "v0"; } };`);
    const { el } = mountNew(new ModelRuntime(model));
    await until(() => el.textContent === "v0");
    const slow = `export default async () => { for (let i = 0; i < 50; i++) await null;
      return { render({ el }) { globalThis.events.push("v1"); el.textContent = "v1"; } }; };`;
    model.set("_esm", slow);
    model.set(
      "_esm",
      `export default { render({ el }) { globalThis.events.push("v2"); el.textContent = "v2"; } };`,
    );
    await until(() => el.textContent === "v2");
    await settle(100);
    expect(el.textContent).toBe("v2");
    expect(globalThis.events).toEqual(["v2"]);
  });

  it("logs a failed load once however many views show it", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const runtime = new ModelRuntime(modelWith(`export default 42;`));
    const first = mountNew(runtime);
    const second = mountNew(runtime);
    await until(() => first.el.textContent !== "" && second.el.textContent !== "");
    expect(error).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });

  it("shows which step failed when initialize or render throws", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const initFails = mountNew(
      new ModelRuntime(
        modelWith(`export default { initialize() { throw new Error("boom in init"); }, render() {} };`),
      ),
    );
    const renderFails = mountNew(
      new ModelRuntime(
        modelWith(`export default { async render() { throw new RangeError("boom in render"); } };`),
      ),
    );
    await until(() => initFails.el.textContent !== "" && renderFails.el.textContent !== "");
    expect(initFails.el.textContent).toContain("failed to initialize");
    expect(initFails.el.textContent).toContain("boom in init");
    expect(renderFails.el.textContent).toContain("failed to render");
    expect(renderFails.el.textContent).toContain("RangeError: boom in render");
    error.mockRestore();
  });
});

describe("listeners and messages", () => {
  it("shows a throwing listener's failure in its own view only, and the model keeps delivering", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const fragile = `export default {
      render({ model, el }) {
        el.textContent = "items " + model.get("items").join(",");
        model.on("change:items", () => { el.textContent = "items " + model.get("items").join(","); });
        model.on("msg:custom", (content) => { el.textContent = content.n.toFixed(1); });
      },
    };`;
    const model = modelWith(fragile, { items: [1] });
    const bad = mountNew(new ModelRuntime(model));
    const counter = modelWith(counterEsm, { value: 1 });
    const steady = mountNew(new ModelRuntime(counter));
    await until(() => bad.el.textContent === "items 1" && steady.el.textContent === "count 1");
    const seen: unknown[] = [];
    model.on("change:items", () => seen.push(model.get("items")));

    model.set("items", null);
    expect(seen).toEqual([null]);
    expect(bad.el.textContent).toContain("failed to handle change:items");
    expect(bad.el.querySelector(".anywidget-error")).not.toBeNull();
    model.set("items", [2, 3]);
    expect(seen).toEqual([null, [2, 3]]);
    counter.set("value", 2);
    expect(steady.el.textContent).toBe("count 2");
    expect(steady.el.querySelector(".anywidget-error")).toBeNull();

    const messages = modelWith(fragile, { items: [] });
    const other = mountNew(new ModelRuntime(messages));
    await until(() => other.el.textContent === "items ");
    messages.trigger("msg:custom", { n: "not a number" });
    expect(other.el.textContent).toContain("failed to handle msg:custom");
    error.mockRestore();
  });

  it("shows a throwing listener from initialize in every view of the model", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const esm = `export default {
      initialize({ model }) { model.on("change:items", () => model.get("items").map((n) => n.toFixed(1))); },
      render({ el }) { el.textContent = "ready"; },
    };`;
    const model = modelWith(esm, { items: [1] });
    const runtime = new ModelRuntime(model);
    const first = mountNew(runtime);
    const second = mountNew(runtime);
    await until(() => first.el.textContent === "ready" && second.el.textContent === "ready");
    model.set("items", "not a list");
    expect(first.el.textContent).toContain("failed to handle change:items");
    expect(second.el.textContent).toContain("failed to handle change:items");
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  it("removes listeners registered in render when the view goes, keeping initialize's", async () => {
    const esm = `export default {
      initialize({ model }) { model.on("change:value", () => globalThis.events.push("init saw " + model.get("value"))); },
      render({ model, el }) {
        el.textContent = "ready";
        model.on("change:value", () => globalThis.events.push("view saw " + model.get("value")));
      },
    };`;
    const model = modelWith(esm, { value: 0 });
    const runtime = new ModelRuntime(model);
    const view = mountNew(runtime);
    await until(() => view.el.textContent === "ready");
    model.set("value", 1);
    view.remove();
    await settle();
    model.set("value", 2);
    expect(globalThis.events).toEqual(["init saw 1", "view saw 1", "init saw 2"]);
    await runtime.dispose();
    model.set("value", 3);
    expect(globalThis.events).toEqual(["init saw 1", "view saw 1", "init saw 2"]);
  });

  it("off() without arguments removes only the caller's own listeners", async () => {
    const esm = `export default {
      render({ model, el }) {
        model.on("change:value", () => globalThis.events.push("view"));
        model.off();
        el.textContent = "ready";
      },
    };`;
    const model = modelWith(esm, { value: 0 });
    model.on("change:value", () => globalThis.events.push("outside"));
    const { el } = mountNew(new ModelRuntime(model));
    await until(() => el.textContent === "ready");
    model.set("value", 1);
    expect(globalThis.events).toEqual(["outside"]);
  });

  it("delivers custom messages that arrive while the module loads, in order", async () => {
    const esm = `export default async () => {
      for (let i = 0; i < 20; i++) await null;
      return {
        initialize({ model }) {
          model.on("msg:custom", (content, buffers) => globalThis.events.push(content.n + ":" + buffers.length));
        },
      };
    };`;
    const model = modelWith(esm);
    new ModelRuntime(model);
    model.trigger("msg:custom", { n: 1 }, []);
    model.trigger("msg:custom", { n: 2 }, [new DataView(new ArrayBuffer(1))]);
    await until(() => globalThis.events.length === 2);
    model.trigger("msg:custom", { n: 3 }, []);
    expect(globalThis.events).toEqual(["1:0", "2:1", "3:0"]);
  });

  it("forwards set, save_changes and send to the real model", async () => {
    const esm = `export default {
      render({ model, el }) {
        model.set("value", 41);
        model.save_changes();
        model.send({ hello: "kernel" }, undefined, [new Uint8Array([1, 2])]);
        el.textContent = String(model.widget_manager.name);
      },
    };`;
    const model = modelWith(esm, { value: 0 });
    const { el } = mountNew(new ModelRuntime(model));
    await until(() => el.textContent === "fake manager");
    expect(model.get("value")).toBe(41);
    expect(model.saves).toBe(1);
    expect(model.sent[0]?.[0]).toEqual({ hello: "kernel" });
  });
});

describe("rejected values", () => {
  it("warns about the kernel's rejection report and keeps it from widget code", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const esm = `export default { initialize({ model }) { model.on("msg:custom", (c) => globalThis.events.push(JSON.stringify(c))); } };`;
    const model = modelWith(esm);
    new ModelRuntime(model);
    model.trigger("msg:custom", { __anywidget_rejected__: { value: "must be at most 10" } }, []);
    model.trigger("msg:custom", { n: 1 }, []);
    await until(() => globalThis.events.length === 1);
    expect(globalThis.events).toEqual(['{"n":1}']);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/rejected the new value of `value`.*at most 10/));
    warn.mockRestore();
  });
});

describe("experimental.invoke", () => {
  it("is given to initialize and render, and its replies never reach widget code", async () => {
    const esm = `export default {
      async initialize({ model, experimental }) {
        model.on("msg:custom", (c) => globalThis.events.push("custom " + JSON.stringify(c)));
        const [response, buffers] = await experimental.invoke("shout", "hi");
        globalThis.events.push("initialize got " + response + " " + buffers.length);
      },
      render({ el, experimental }) { el.textContent = typeof experimental.invoke; },
    };`;
    const model = modelWith(esm);
    const { el } = mountNew(new ModelRuntime(model));
    await until(() => model.sent.length === 1);
    const call = model.sent[0]?.[0] as { id: string; name: string } | undefined;
    expect(call?.name).toBe("shout");
    model.trigger("msg:custom", { id: call?.id, kind: COMMAND_RESPONSE_KIND, response: "HI" }, [
      new DataView(new ArrayBuffer(2)),
    ]);
    model.trigger("msg:custom", { n: 1 }, []);
    await until(() => globalThis.events.length === 2 && el.textContent === "function");
    // Custom messages wait for initialize to finish; the reply it awaited did not.
    expect(globalThis.events).toEqual(["initialize got HI 1", 'custom {"n":1}']);
  });

  it("rejects calls still waiting when the model is disposed", async () => {
    const esm = `export default { initialize({ experimental }) {
      experimental.invoke("never").catch((e) => globalThis.events.push(e.message));
    } };`;
    const model = modelWith(esm);
    const runtime = new ModelRuntime(model);
    await until(() => model.sent.length === 1);
    await runtime.dispose();
    await until(() => globalThis.events.length === 1);
    expect(globalThis.events[0]).toContain("widget closed");
  });
});

describe("error panel", () => {
  it("names the widget class, the step and where in its source the error happened", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const model = modelWith(`export default { render() { throw new Error("boom"); } };`, {
      _anywidget_id: "demo.Counter",
    });
    const { el } = mountNew(new ModelRuntime(model));
    await until(() => el.querySelector(".anywidget-error") !== null);
    const panel = el.querySelector(".anywidget-error") as HTMLElement;
    expect(panel.dataset.step).toBe("render");
    expect(panel.querySelector("strong")?.textContent).toBe("demo.Counter: widget code failed to render");
    expect(panel.querySelector("pre")?.textContent).toContain("Error: boom");
    error.mockRestore();
  });

  it("replaces the panel with the widget once the code is fixed", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const model = modelWith(`export default 42;`);
    const { el } = mountNew(new ModelRuntime(model));
    await until(() => el.querySelector(".anywidget-error") !== null);
    model.set("_esm", `export default { render({ el }) { el.textContent = "fixed"; } };`);
    await until(() => el.textContent === "fixed");
    expect(el.querySelector(".anywidget-error")).toBeNull();
    error.mockRestore();
  });
});
