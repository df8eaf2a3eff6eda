import { afterEach, describe, expect, it, vi } from "vitest";
import { COMMAND_KIND, COMMAND_RESPONSE_KIND } from "../../js/contract/protocol.js";
import { CommandError, commandReply, DEFAULT_TIMEOUT_MS, PendingCalls } from "../../js/runtime/invoke.js";
import { FakeModel } from "./support.js";

interface SentCall {
  id: string;
  kind: string;
  name: string;
  msg: unknown;
}

function sentCalls(model: FakeModel): { call: SentCall; buffers: unknown }[] {
  return model.sent.map(([content, , buffers]) => ({
    call: content as SentCall,
    buffers,
  }));
}

function reply(id: string, body: Record<string, unknown>) {
  return { id, kind: COMMAND_RESPONSE_KIND, ...body };
}

function setup(timeout?: number) {
  const model = new FakeModel();
  return { model, calls: new PendingCalls(model, timeout) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("invoke", () => {
  it("sends the command's name, message and buffers with a fresh id", () => {
    const { model, calls } = setup();
    const buffer = new Uint8Array([1, 2]);
    void calls.invoke("echo", { a: 1 }, { buffers: [buffer] });
    void calls.invoke("echo");
    const [first, second] = sentCalls(model);
    // The published anywidget's request shape, so kernels running 0.9-0.11 answer it.
    expect(first?.call).toEqual({ id: first?.call.id, kind: COMMAND_KIND, name: "echo", msg: { a: 1 } });
    expect(first?.buffers).toEqual([buffer]);
    expect(second?.call.msg).toBeNull();
    expect(first?.call.id).not.toBe(second?.call.id);
  });

  it("resolves with the response and the reply's buffers as DataViews", async () => {
    const { model, calls } = setup();
    const result = calls.invoke("echo", "hi");
    const id = sentCalls(model)[0]?.call.id ?? "";
    const bytes = new Uint8Array([7, 8, 9]);
    expect(calls.settle(reply(id, { response: "HI" }), [bytes.buffer, bytes.subarray(1)])).toBe(true);
    const [response, buffers] = await result;
    expect(response).toBe("HI");
    expect(buffers.map((b) => [b.constructor.name, b.byteLength, b.getUint8(0)])).toEqual([
      ["DataView", 3, 7],
      ["DataView", 2, 8],
    ]);
  });

  it("matches 50 concurrent calls to their own replies, whatever the order", async () => {
    const { model, calls } = setup();
    const results = Array.from({ length: 50 }, (_, i) => calls.invoke<number>("square", i));
    for (const { call } of sentCalls(model).reverse()) {
      calls.settle(reply(call.id, { response: (call.msg as number) ** 2 }), []);
    }
    const responses = (await Promise.all(results)).map(([response]) => response);
    expect(responses).toEqual(Array.from({ length: 50 }, (_, i) => i * i));
  });

  it("rejects with the Python error's type and message", async () => {
    const { model, calls } = setup();
    const result = calls.invoke("fail");
    calls.settle(
      reply(sentCalls(model)[0]?.call.id ?? "", { error: { type: "ValueError", message: "bad" } }),
      [],
    );
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ name: "ValueError", message: "bad" });
  });

  it("resolves a published kernel's reply, which has no error key", async () => {
    const { model, calls } = setup();
    const result = calls.invoke("echo", 1);
    const id = sentCalls(model)[0]?.call.id ?? "";
    calls.settle({ id, kind: "anywidget-command-response", response: { ok: true } }, []);
    await expect(result).resolves.toEqual([{ ok: true }, []]);
  });

  it("rejects with the error even though the reply also carries a null response", async () => {
    const { model, calls } = setup();
    const result = calls.invoke("fail");
    const id = sentCalls(model)[0]?.call.id ?? "";
    calls.settle(reply(id, { response: null, error: { type: "KeyError", message: "'k'" } }), []);
    await expect(result).rejects.toMatchObject({ name: "KeyError", message: "'k'" });
  });

  it("rejects after the default timeout, and ignores a late reply", async () => {
    vi.useFakeTimers();
    const { model, calls } = setup();
    const result = calls.invoke("slow").catch((e: unknown) => e);
    vi.advanceTimersByTime(DEFAULT_TIMEOUT_MS - 1);
    let settled = false;
    void result.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(1);
    const error = await result;
    expect(error).toMatchObject({ name: "TimeoutError" });
    expect(String((error as Error).message)).toContain("`slow`");
    expect(calls.settle(reply(sentCalls(model)[0]?.call.id ?? "", { response: 1 }), [])).toBe(true);
  });

  it("lets a signal replace the default timeout", async () => {
    vi.useFakeTimers();
    const { model, calls } = setup(100);
    const controller = new AbortController();
    const result = calls.invoke("slow", null, { signal: controller.signal });
    vi.advanceTimersByTime(1000);
    calls.settle(reply(sentCalls(model)[0]?.call.id ?? "", { response: "late but fine" }), []);
    await expect(result).resolves.toEqual(["late but fine", []]);
  });

  it("rejects with the signal's reason when it aborts", async () => {
    const { calls } = setup();
    const controller = new AbortController();
    const result = calls.invoke("slow", null, { signal: controller.signal });
    controller.abort(new Error("user gave up"));
    await expect(result).rejects.toThrow("user gave up");
  });

  it("does not send a call whose signal has already aborted", async () => {
    const { model, calls } = setup();
    const result = calls.invoke("never", null, { signal: AbortSignal.abort() });
    await expect(result).rejects.toMatchObject({ name: "AbortError" });
    expect(model.sent).toEqual([]);
  });

  it("rejects every waiting call when the widget closes", async () => {
    const { calls } = setup();
    const results = [calls.invoke("a"), calls.invoke("b")];
    calls.rejectAll();
    for (const result of results) await expect(result).rejects.toThrow("widget closed");
  });
});

describe("commandReply", () => {
  it("recognises replies, including other pages' ones, and nothing else", () => {
    const { calls } = setup();
    expect(calls.settle(reply("someone-else-1", { response: 1 }), [])).toBe(true);
    expect(calls.settle({ plain: true }, [])).toBe(false);
    expect(commandReply({ id: 3, kind: COMMAND_RESPONSE_KIND })).toBeUndefined();
    expect(commandReply({ id: "1", kind: COMMAND_KIND, name: "x" })).toBeUndefined();
    expect(commandReply({ id: "1", response: 1 })).toBeUndefined();
    expect(commandReply("text")).toBeUndefined();
  });
});
