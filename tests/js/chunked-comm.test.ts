import { type ICallbacks, type IClassicComm, shims } from "@jupyter-widgets/base";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CHUNK_ERROR_METHOD, CHUNK_METHOD } from "../../js/contract/protocol.js";
import { ChunkedComm, chunksOf } from "../../js/transport/chunked-comm.js";
import { settle } from "./support.js";

interface Sent {
  data: Record<string, unknown>;
  callbacks: ICallbacks | undefined;
  buffers: ArrayBuffer[];
}

/** A comm that records what is sent and lets the test play the kernel. */
class KernelComm implements IClassicComm {
  readonly comm_id = "c1";
  readonly target_name = "jupyter.widget";
  readonly sent: Sent[] = [];
  onMsg: (msg: unknown) => void = () => {};
  onClose: (msg: unknown) => void = () => {};

  open(): string {
    return "open";
  }
  send(data: unknown, callbacks?: ICallbacks, _metadata?: unknown, buffers?: unknown[]): string {
    this.sent.push({
      data: data as Record<string, unknown>,
      callbacks,
      buffers: (buffers ?? []) as ArrayBuffer[],
    });
    return `msg-${this.sent.length}`;
  }
  close(): string {
    return "close";
  }
  on_msg(callback: (msg: unknown) => void): void {
    this.onMsg = callback;
  }
  on_close(callback: (msg: unknown) => void): void {
    this.onClose = callback;
  }

  /** The kernel reports message `index` handled (status idle). */
  handle(index: number): void {
    const status = this.sent[index]?.callbacks?.iopub?.status;
    status?.({ header: { msg_type: "status" }, content: { execution_state: "idle" } } as never);
  }
  chunks(): Sent[] {
    return this.sent.filter((sent) => sent.data.method === CHUNK_METHOD && !sent.data.abort);
  }
}

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * seed + 7) % 251);

function joined(buffers: ArrayBuffer[]): Uint8Array {
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out;
}

/** Plays a kernel that handles every chunk as it arrives, until `done` settles. */
async function handleAll(kernel: KernelComm, done: Promise<unknown>): Promise<void> {
  let handled = 0;
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  for (let round = 0; round < 1000 && !finished; round += 1) {
    while (handled < kernel.sent.length) kernel.handle(handled++);
    await settle();
  }
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("ChunkedComm", () => {
  it("sends small messages straight through, with a view's exact bytes", () => {
    const kernel = new KernelComm();
    const comm = ChunkedComm.wrap(kernel, { chunkBytes: 64 });
    const view = bytes(40).subarray(10, 20);
    expect(comm.send({ method: "custom" }, undefined, {}, [view])).toBe("msg-1");
    expect(kernel.sent).toHaveLength(1);
    expect(new Uint8Array(kernel.sent[0]?.buffers[0] ?? new ArrayBuffer(0))).toEqual(view);
  });

  it("splits a large message into chunks the kernel can put back together", async () => {
    const kernel = new KernelComm();
    const comm = ChunkedComm.wrap(kernel, { chunkBytes: 100, window: 2 });
    const first = bytes(250, 3);
    const second = bytes(130, 5).subarray(30);
    const data = { method: "update", state: { n: 1 }, buffer_paths: [["a"], ["b"]] };
    const done = comm.deliver(data, undefined, {}, [first, second]);
    await handleAll(kernel, done);
    await done;
    const chunks = kernel.chunks();
    const head = new TextEncoder().encode(JSON.stringify(data));
    expect(chunks[0]?.data.sizes).toEqual([head.byteLength, 250, 100]);
    expect(chunks.slice(1).every((chunk) => chunk.data.sizes === undefined)).toBe(true);
    expect(chunks.map((chunk) => chunk.data.seq)).toEqual(chunks.map((_, index) => index));
    expect(chunks.every((chunk) => chunk.data.upload === chunks[0]?.data.upload)).toBe(true);
    expect(
      chunks.every((chunk) => chunk.buffers.length === 1 && (chunk.buffers[0]?.byteLength ?? 0) <= 100),
    ).toBe(true);
    const stream = joined(chunks.flatMap((chunk) => chunk.buffers));
    expect(stream).toEqual(joined([head.buffer as ArrayBuffer, first.buffer, second.slice().buffer]));
  });

  it("keeps at most `window` chunks waiting for the kernel", async () => {
    const kernel = new KernelComm();
    const comm = ChunkedComm.wrap(kernel, { chunkBytes: 10, window: 3 });
    void comm.deliver({ method: "custom" }, undefined, {}, [bytes(200)]);
    await settle();
    expect(kernel.sent).toHaveLength(3);
    kernel.handle(0);
    await settle();
    expect(kernel.sent).toHaveLength(4);
    kernel.handle(1);
    kernel.handle(2);
    await settle();
    expect(kernel.sent).toHaveLength(6);
  });

  it("sends later messages only after the chunked one, in order", async () => {
    const kernel = new KernelComm();
    const comm = ChunkedComm.wrap(kernel, { chunkBytes: 10, window: 2 });
    const big = comm.deliver({ method: "custom", content: "big" }, undefined, {}, [bytes(50)]);
    comm.send({ method: "custom", content: "small" });
    await settle();
    expect(kernel.sent.every((sent) => sent.data.method === CHUNK_METHOD)).toBe(true);
    await handleAll(kernel, big);
    await big;
    await settle();
    expect(kernel.sent.at(-1)?.data).toEqual({ method: "custom", content: "small" });
  });

  it("hands the caller's callbacks to the last chunk", async () => {
    const kernel = new KernelComm();
    const comm = ChunkedComm.wrap(kernel, { chunkBytes: 10, window: 8 });
    const status = vi.fn();
    const done = comm.deliver({ method: "update" }, { iopub: { status } }, {}, [bytes(35)]);
    await settle();
    const chunks = kernel.chunks();
    for (let i = 0; i < chunks.length - 1; i += 1) kernel.handle(i);
    expect(status).not.toHaveBeenCalled();
    kernel.handle(chunks.length - 1);
    await done;
    expect(status).toHaveBeenCalledTimes(1);
  });

  it("fails the send the kernel dropped, tells the kernel to let go, and goes on", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const kernel = new KernelComm();
    const comm = ChunkedComm.wrap(kernel, { chunkBytes: 10, window: 2 });
    const received: unknown[] = [];
    comm.on_msg((msg) => received.push(msg));
    const status = vi.fn();
    const done = comm.deliver({ method: "update" }, { iopub: { status } }, {}, [bytes(100)]);
    await settle();
    const upload = kernel.sent[0]?.data.upload;
    kernel.onMsg({ content: { data: { method: CHUNK_ERROR_METHOD, upload, error: "out of memory" } } });
    await expect(done).rejects.toThrow("the kernel dropped the message: out of memory");
    expect(received).toEqual([]);
    expect(kernel.sent.at(-1)?.data).toEqual({ method: CHUNK_METHOD, upload, abort: true });
    // ipywidgets' throttle is released, and the comm still works.
    expect(status).toHaveBeenCalledWith(expect.objectContaining({ content: { execution_state: "idle" } }));
    const next = comm.deliver({ method: "custom", content: 2 });
    await next;
    expect(kernel.sent.at(-1)?.data).toEqual({ method: "custom", content: 2 });
  });

  it("passes the kernel's other messages through", () => {
    const kernel = new KernelComm();
    const comm = ChunkedComm.wrap(kernel);
    const received: unknown[] = [];
    comm.on_msg((msg) => received.push(msg));
    const msg = { content: { data: { method: "update", state: {} } } };
    kernel.onMsg(msg);
    expect(received).toEqual([msg]);
    expect(comm.comm_id).toBe("c1");
  });

  it("fails a transfer the kernel stops handling, but waits while the kernel is busy", async () => {
    vi.useFakeTimers();
    vi.spyOn(console, "error").mockImplementation(() => {});
    const kernel = new KernelComm();
    let busy = true;
    const comm = ChunkedComm.wrap(kernel, {
      chunkBytes: 10,
      window: 1,
      stallMs: 1000,
      kernelBusy: () => busy,
    });
    const done = comm.deliver({ method: "custom" }, undefined, {}, [bytes(30)]);
    let outcome = "pending";
    done.then(
      () => (outcome = "resolved"),
      (error: Error) => (outcome = error.message),
    );
    await vi.advanceTimersByTimeAsync(5000);
    expect(outcome).toBe("pending");
    busy = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(outcome).toBe("the kernel handled no part of the message for 1 s");
  });

  it("fails everything pending when the comm closes, and later sends at once", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const kernel = new KernelComm();
    const comm = ChunkedComm.wrap(kernel, { chunkBytes: 10, window: 1 });
    const closed = vi.fn();
    comm.on_close(closed);
    const big = comm.deliver({ method: "custom" }, undefined, {}, [bytes(100)]);
    const queued = comm.deliver({ method: "custom", content: "after" });
    await settle();
    kernel.onClose({});
    await expect(big).rejects.toThrow("the kernel closed the widget");
    await expect(queued).rejects.toThrow("the kernel closed the widget");
    await expect(comm.deliver({ method: "custom" })).rejects.toThrow("the kernel closed the widget");
    expect(closed).toHaveBeenCalledTimes(1);
    expect(kernel.sent.some((sent) => sent.data.content === "after")).toBe(false);
  });

  it("lets go of the widget's handlers once the kernel closes the comm", () => {
    const kernel = new KernelComm();
    const comm = ChunkedComm.wrap(kernel);
    const received = vi.fn();
    const closed = vi.fn();
    comm.on_msg(received);
    comm.on_close(closed);
    kernel.onClose({});
    expect(closed).toHaveBeenCalledTimes(1);
    kernel.onMsg({ content: { data: { method: "update" } } });
    kernel.onClose({});
    expect(received).not.toHaveBeenCalled();
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it("lets go of the widget's handlers once the page closes the comm", () => {
    const kernel = new KernelComm();
    const comm = ChunkedComm.wrap(kernel);
    const received = vi.fn();
    comm.on_msg(received);
    comm.close();
    kernel.onMsg({ content: { data: { method: "update" } } });
    expect(received).not.toHaveBeenCalled();
  });

  it("never chunks for a kernel that cannot put chunks together", () => {
    const kernel = new KernelComm();
    const comm = ChunkedComm.wrap(kernel, { chunkBytes: Infinity });
    comm.send({ method: "custom" }, undefined, {}, [bytes(10_000)]);
    expect(kernel.sent).toHaveLength(1);
    expect(kernel.sent[0]?.buffers[0]?.byteLength).toBe(10_000);
  });
});

/**
 * A comm shaped like the ones hosts make (shinywidgets' `ShinyComm`, the classic notebook's
 * `Comm`): the host feeds kernel messages to `handle_msg` and `handle_close` itself.
 */
class HostComm extends KernelComm {
  readonly calls: { self: unknown; args: unknown[] }[] = [];
  kernelName = "python3";

  handle_msg(msg: unknown): void {
    this.onMsg(msg);
  }
  handle_close(msg: unknown): void {
    this.onClose(msg);
  }
  /** Stands for any method a host or a later ipywidgets adds. */
  later(...args: unknown[]): string {
    this.calls.push({ self: this, args });
    return `later ${args.length}`;
  }
}

/** `comm`'s members, read through the name a host would use, which TypeScript cannot know. */
const member = (comm: object, name: string): unknown => (comm as Record<string, unknown>)[name];
const call = (comm: object, name: string, ...args: unknown[]): unknown =>
  (member(comm, name) as (...args: unknown[]) => unknown)(...args);

describe("ChunkedComm keeps the wrapped comm's interface", () => {
  it("passes what a host feeds to handle_msg to the model, keeping chunk errors to itself", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const host = new HostComm();
    const comm = ChunkedComm.wrap(host, { chunkBytes: 10, window: 1 });
    const received: unknown[] = [];
    comm.on_msg((msg) => received.push(msg));
    const update = { content: { comm_id: "c1", data: { method: "update", state: { value: 10 } } } };
    call(comm, "handle_msg", update);
    expect(received).toEqual([update]);

    const upload = comm.deliver({ method: "custom" }, undefined, {}, [bytes(30)]);
    await settle();
    const error = { method: CHUNK_ERROR_METHOD, upload: host.sent[0]?.data.upload, error: "full" };
    call(comm, "handle_msg", { content: { data: error } });
    await expect(upload).rejects.toThrow("the kernel dropped the message: full");
    expect(received).toEqual([update]);
  });

  it("closes when a host calls handle_close: the model hears it once, pending sends fail", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const host = new HostComm();
    const comm = ChunkedComm.wrap(host, { chunkBytes: 10, window: 1 });
    const closed = vi.fn();
    const received = vi.fn();
    comm.on_msg(received);
    comm.on_close(closed);
    const pending = comm.deliver({ method: "custom" }, undefined, {}, [bytes(30)]);
    await settle();
    call(comm, "handle_close", { content: { comm_id: "c1" } });
    await expect(pending).rejects.toThrow("the kernel closed the widget");
    expect(closed).toHaveBeenCalledWith({ content: { comm_id: "c1" } });
    call(comm, "handle_close", {});
    call(comm, "handle_msg", { content: { data: { method: "update" } } });
    expect(closed).toHaveBeenCalledTimes(1);
    expect(received).not.toHaveBeenCalled();
  });

  it("reaches any other member of the wrapped comm, with that comm as `this`", () => {
    const host = new HostComm();
    const comm = ChunkedComm.wrap(host);
    expect(call(comm, "later", 1, "two")).toBe("later 2");
    expect(host.calls).toEqual([{ self: host, args: [1, "two"] }]);
    expect(member(comm, "later")).toBe(member(comm, "later"));
    expect("later" in comm && "handle_msg" in comm && "kernelName" in comm).toBe(true);
    expect("absent" in comm).toBe(false);
    expect(member(comm, "absent")).toBeUndefined();

    expect(member(comm, "kernelName")).toBe("python3");
    (comm as unknown as { kernelName: string }).kernelName = "other";
    expect(host.kernelName).toBe("other");
    (comm as unknown as Record<string, unknown>).hostNote = 3;
    expect((host as unknown as Record<string, unknown>).hostNote).toBe(3);

    // Its own members stay its own.
    expect(comm).toBeInstanceOf(ChunkedComm);
    expect(comm.send({ method: "custom" })).toBe("msg-1");
    expect(comm.comm_id).toBe("c1");
  });

  it("has every member of ipywidgets' own comm class", () => {
    const services = { commId: "c9", targetName: "jupyter.widget", onMsg: undefined };
    const inner = new shims.services.Comm(services as never);
    const comm = ChunkedComm.wrap(inner);
    const names = new Set<string>(Object.keys(inner));
    for (let proto: unknown = Object.getPrototypeOf(inner); proto !== Object.prototype; ) {
      for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
      proto = Object.getPrototypeOf(proto);
    }
    expect(names).toContain("_hookupCallbacks");
    for (const name of names) {
      expect(typeof member(comm, name), name).toBe(typeof member(inner, name));
    }
    expect(member(comm, "jsServicesComm")).toBe(services);
    expect(comm.comm_id).toBe("c9");
    const future: { onIOPub?: unknown } = {};
    call(comm, "_hookupCallbacks", future, { iopub: {} });
    expect(typeof future.onIOPub).toBe("function");
  });
});

describe("chunksOf", () => {
  it("cuts the joined parts into equal chunks, the last one shorter", () => {
    const parts = [bytes(5), new Uint8Array(0), bytes(12, 2)];
    const chunks = [...chunksOf(parts, 4)];
    expect(chunks.map((chunk) => chunk.byteLength)).toEqual([4, 4, 4, 4, 1]);
    expect(joined(chunks)).toEqual(joined(parts.map((part) => part.slice().buffer)));
  });
});
