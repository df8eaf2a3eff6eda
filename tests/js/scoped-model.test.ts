import { describe, expect, it } from "vitest";
import type { AnyModel } from "../../js/contract/types.js";
import { CustomMessages } from "../../js/runtime/messages.js";
import { scopedModel } from "../../js/runtime/scoped-model.js";
import { FakeModel, until } from "./support.js";

function scoped(attributes: Record<string, unknown> = { a: 0, b: 0 }) {
  const real = new FakeModel(attributes);
  const lifetime = new AbortController();
  const model = scopedModel(real, undefined, lifetime.signal);
  return { real, model, end: () => lifetime.abort() };
}

function recorder() {
  const calls: { tag: string; self: unknown; args: unknown[] }[] = [];
  const make = (tag: string) =>
    function (this: unknown, ...args: unknown[]) {
      calls.push({ tag, self: this, args });
    };
  return { calls, make, tags: () => calls.map((call) => call.tag) };
}

describe("the model object's surface", () => {
  it("has exactly the published methods: get, set, save_changes, send, on, off, widget_manager", () => {
    const { model } = scoped();
    expect(Object.keys(model).sort()).toEqual(
      ["get", "off", "on", "save_changes", "send", "set", "widget_manager"].sort(),
    );
    expect("once" in model).toBe(false);
  });
});

describe("set", () => {
  it("returns what the real model's set returns", () => {
    const { real, model } = scoped();
    expect(model.set("a", 1)).toBe(real);
    expect(real.get("a")).toBe(1);
  });

  it("honours Backbone options such as silent", () => {
    const { real, model } = scoped();
    const seen = recorder();
    model.on("change:a change", seen.make("changed"));
    model.set("a", 5, { silent: true });
    expect(real.get("a")).toBe(5);
    expect(seen.calls).toEqual([]);
    model.set("a", 6);
    expect(seen.tags()).toEqual(["changed", "changed"]);
  });

  it("accepts an object of attributes, with options", () => {
    const { real, model } = scoped();
    const seen = recorder();
    model.on("change", seen.make("changed"));
    model.set({ a: 1, b: 2 });
    expect(real.toJSON()).toEqual({ a: 1, b: 2 });
    expect(seen.calls).toHaveLength(1);
    model.set({ a: 3 }, { silent: true });
    expect(real.get("a")).toBe(3);
    expect(seen.calls).toHaveLength(1);
  });

  it("returns false when the real model's validation refuses the change", () => {
    const real = new FakeModel({ a: 0 });
    real.validate = (attrs: Record<string, unknown>) => (attrs.a === -1 ? "negative" : undefined);
    const model = scopedModel(real, undefined, new AbortController().signal);
    expect(model.set("a", -1, { validate: true })).toBe(false);
    expect(real.get("a")).toBe(0);
  });
});

describe("on and off", () => {
  it("accepts space-separated event names", () => {
    const { model } = scoped();
    const seen = recorder();
    model.on("change:a change:b", seen.make("ab"));
    model.set("a", 1);
    model.set("b", 1);
    expect(seen.tags()).toEqual(["ab", "ab"]);
    model.off("change:a change:b", null);
    model.set({ a: 2, b: 2 });
    expect(seen.tags()).toEqual(["ab", "ab"]);
  });

  it("accepts an event map, with the second argument as context", () => {
    const { model } = scoped();
    const seen = recorder();
    const context = { name: "ctx" };
    model.on({ "change:a": seen.make("a"), "change:b": seen.make("b") }, context);
    model.set("a", 1);
    model.set("b", 1);
    expect(seen.tags()).toEqual(["a", "b"]);
    expect(seen.calls.every((call) => call.self === context)).toBe(true);
  });

  it("calls a callback with its context as this, and with the model's arguments", () => {
    const { real, model } = scoped();
    const seen = recorder();
    const context = { name: "ctx" };
    model.on("change:a", seen.make("a"), context);
    model.set("a", 7);
    expect(seen.calls[0]?.self).toBe(context);
    expect(seen.calls[0]?.args.slice(0, 2)).toEqual([real, 7]);
  });

  it("removes listeners by event map", () => {
    const { model } = scoped();
    const seen = recorder();
    const onA = seen.make("a");
    const onB = seen.make("b");
    model.on({ "change:a": onA, "change:b": onB });
    model.off({ "change:a": onA });
    model.set({ a: 1, b: 1 });
    expect(seen.tags()).toEqual(["b"]);
  });

  it("removes by context alone, leaving other contexts' listeners", () => {
    const { model } = scoped();
    const seen = recorder();
    const first = {};
    const second = {};
    const callback = seen.make("shared");
    model.on("change:a", callback, first);
    model.on("change:a", callback, second);
    model.off(null, null, first);
    model.set("a", 1);
    expect(seen.calls.map((call) => call.self)).toEqual([second]);
  });

  it("removes by name, and by name and callback", () => {
    const { model } = scoped();
    const seen = recorder();
    const keep = seen.make("keep");
    const drop = seen.make("drop");
    model.on("change:a", keep);
    model.on("change:a", drop);
    model.on("change:b", drop);
    model.off("change:a", drop);
    model.set({ a: 1, b: 1 });
    expect(seen.tags()).toEqual(["keep", "drop"]);
    model.off("change:b");
    model.set({ a: 2, b: 2 });
    expect(seen.tags()).toEqual(["keep", "drop", "keep"]);
  });

  it("off() removes only this scope's listeners, never another scope's use of the same function", () => {
    const real = new FakeModel({ a: 0 });
    const seen = recorder();
    const callback = seen.make("same");
    const mine = scopedModel(real, undefined, new AbortController().signal);
    const theirs = scopedModel(real, undefined, new AbortController().signal);
    mine.on("change:a", callback);
    theirs.on("change:a", callback);
    real.on("change:a", seen.make("direct"));
    mine.off();
    real.set("a", 1);
    expect(seen.tags()).toEqual(["same", "direct"]);
  });

  it("drops every listener, maps and contexts included, when its lifetime ends", () => {
    const { model, real, end } = scoped();
    const seen = recorder();
    model.on({ "change:a": seen.make("map") }, {});
    model.on("change:a change:b", seen.make("names"), {});
    end();
    real.set({ a: 1, b: 1 });
    model.on("change:a", seen.make("late"));
    real.set("a", 2);
    expect(seen.calls).toEqual([]);
  });

  it("routes msg:custom through the runtime's messages, with context", () => {
    const real = new FakeModel();
    const messages = new CustomMessages();
    const model: AnyModel = scopedModel(real, messages, new AbortController().signal);
    const seen = recorder();
    const context = {};
    model.on({ "msg:custom": seen.make("msg") }, context);
    messages.open();
    messages.deliver({ hello: 1 }, []);
    expect(seen.calls).toEqual([{ tag: "msg", self: context, args: [{ hello: 1 }, []] }]);
    model.off("msg:custom");
    messages.deliver({ hello: 2 }, []);
    expect(seen.calls).toHaveLength(1);
  });

  it("ignores a registration without a callback, as Backbone does", () => {
    const { model, real } = scoped();
    model.on("change:a", null as never);
    expect(() => real.set("a", 1)).not.toThrow();
  });

  it.each([
    ["event names that are a number", (model: AnyModel) => model.on(42 as never, () => {})],
    ["a callback that is not a function", (model: AnyModel) => model.on("change:a", "nope" as never)],
  ])("rejects %s clearly", (_name, call) => {
    const { model } = scoped();
    expect(() => call(model)).toThrow(TypeError);
  });
});

describe("listeners that throw", () => {
  it("still lets Backbone deliver the change to the listeners after it, and reports the failure", () => {
    const real = new FakeModel({ a: 0 });
    const failures: [unknown, string][] = [];
    const model = scopedModel(real, undefined, new AbortController().signal, (error, event) => {
      failures.push([error, event]);
    });
    const seen: unknown[] = [];
    model.on("change:a", () => {
      throw new TypeError("bad value");
    });
    real.on("change:a", () => seen.push(real.get("a")));
    expect(() => real.set("a", 1)).not.toThrow();
    expect(seen).toEqual([1]);
    expect(failures).toHaveLength(1);
    expect(String(failures[0]?.[0])).toContain("bad value");
    expect(failures[0]?.[1]).toBe("change:a");
  });

  it("reports a listener's rejected promise instead of leaving it unhandled", async () => {
    const real = new FakeModel({ a: 0 });
    const events: string[] = [];
    const model = scopedModel(real, undefined, new AbortController().signal, (_error, event) => {
      events.push(event);
    });
    model.on("change", async () => {
      await null;
      throw new Error("later");
    });
    real.set("a", 1);
    await until(() => events.length === 1);
    expect(events).toEqual(["change"]);
  });

  it("reports a throwing msg:custom listener, and other listeners still get the message", () => {
    const messages = new CustomMessages();
    messages.open();
    const failed: string[] = [];
    const model = scopedModel(new FakeModel(), messages, new AbortController().signal, (_e, event) => {
      failed.push(event);
    });
    const got: unknown[] = [];
    model.on("msg:custom", () => {
      throw new Error("no");
    });
    model.on("msg:custom", (content) => got.push(content));
    messages.deliver({ n: 1 });
    expect(failed).toEqual(["msg:custom"]);
    expect(got).toEqual([{ n: 1 }]);
  });
});
