import { describe, expect, it } from "vitest";
import { type BridgeEvent, decode, encode } from "../../js/test-page/bridge.js";
import { BridgeComm } from "../../js/test-page/bridge-comm.js";

function event(index: number, kind: BridgeEvent["kind"], payload: unknown = null): BridgeEvent {
  return { index, model: "m1", kind, payload, buffers: [] };
}

describe("the test page's bridge encoding", () => {
  it("carries binary both ways, at any depth, exactly", () => {
    const bytes = new Uint8Array([0, 255, 7, 9]);
    const slice = new Uint8Array(bytes.buffer, 1, 2);
    const sent = encode({ a: [bytes, { b: slice }], n: 3, s: "x" });
    expect(JSON.parse(JSON.stringify(sent))).toEqual(sent);
    const back = decode(JSON.parse(JSON.stringify(sent))) as { a: [DataView, { b: DataView }] };
    expect([...new Uint8Array(back.a[0].buffer)]).toEqual([0, 255, 7, 9]);
    expect([...new Uint8Array(back.a[1].b.buffer)]).toEqual([255, 7]);
  });

  it("leaves objects that merely have a bytes-like key alone", () => {
    const value = { __anywidget_bytes__: 5, other: 1 };
    expect(decode(value)).toEqual(value);
  });
});

describe("BridgeComm", () => {
  it("hands the kernel's events to the model as widget-protocol messages", () => {
    const comm = new BridgeComm("m1", 0);
    const messages: unknown[] = [];
    const closes: unknown[] = [];
    comm.on_msg((msg) => messages.push(msg));
    comm.on_close((msg) => closes.push(msg));
    comm.receive(event(0, "update", { value: 2 }));
    comm.receive(event(1, "custom", { text: "hi" }));
    comm.receive(event(2, "close"));
    comm.receive(event(3, "update", { value: 3 }));
    expect(messages).toEqual([
      {
        content: { comm_id: "m1", data: { method: "update", state: { value: 2 }, buffer_paths: [] } },
        buffers: [],
      },
      { content: { comm_id: "m1", data: { method: "custom", content: { text: "hi" } } }, buffers: [] },
    ]);
    expect(closes).toEqual([{ content: { comm_id: "m1", data: {} } }]);
  });

  it("skips events its model's starting state already holds", () => {
    const comm = new BridgeComm("m1", 5);
    const messages: unknown[] = [];
    comm.on_msg((msg) => messages.push(msg));
    comm.receive(event(4, "update", { value: 1 }));
    comm.receive(event(5, "update", { value: 2 }));
    expect(messages).toHaveLength(1);
  });
});
