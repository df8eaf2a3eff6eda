/**
 * A model's comm that sends large messages in chunks, since the server refuses websocket
 * messages over a limit (10 MiB by default) and closes the connection. The message becomes one
 * byte stream (its JSON, then its buffers) that anywidget/_chunks.py puts back together.
 * Messages leave in order; a few chunks are in flight at a time, so other widgets' traffic
 * is never stuck behind a whole upload. Everything else is the wrapped comm's own.
 */

import type { ICallbacks, IClassicComm } from "@jupyter-widgets/base";
import { CHUNK_ERROR_METHOD, CHUNK_METHOD } from "../contract/protocol.js";
import { Acks, type Deferred, deferred } from "./acks.js";
import { exactBuffer } from "./binary.js";
import { type ChunkOptions, DEFAULT_CHUNK_OPTIONS } from "./chunk-options.js";

type Buffers = ArrayBuffer[] | ArrayBufferView[];
type Data = Parameters<IClassicComm["send"]>[0];
type Metadata = Parameters<IClassicComm["send"]>[2];
type StatusMessage = Parameters<NonNullable<NonNullable<ICallbacks["iopub"]>["status"]>>[0];

interface Outgoing {
  data: Data;
  callbacks: ICallbacks | undefined;
  metadata: Metadata;
  buffers: ArrayBuffer[];
  done: Deferred;
}

const ignore = (): void => {};

export class ChunkedComm implements IClassicComm {
  readonly #inner: IClassicComm;
  readonly #options: ChunkOptions;
  readonly #queue: Outgoing[] = [];
  readonly #encoder = new TextEncoder();
  #pumping = false;
  #closed: Error | undefined;
  #uploads = 0;
  #active: Acks | undefined;

  /**
   * `inner` with chunked sends. Members this class does not define reach `inner` itself: hosts
   * call more than `IClassicComm` names (shinywidgets feeds every kernel message to
   * `comm.handle_msg`, and closes through `comm.handle_close`), and whatever a comm class
   * gains later works the same way, with no list here to keep up to date.
   */
  static wrap(inner: IClassicComm, options: Partial<ChunkOptions> = {}): ChunkedComm {
    return fallingBackTo(new ChunkedComm(inner, options), inner);
  }

  private constructor(inner: IClassicComm, options: Partial<ChunkOptions>) {
    this.#inner = inner;
    this.#options = { ...DEFAULT_CHUNK_OPTIONS, ...options };
  }

  get comm_id(): string {
    return this.#inner.comm_id;
  }

  get target_name(): string {
    return this.#inner.target_name;
  }

  open(data: Data, callbacks?: ICallbacks, metadata?: Metadata, buffers?: Buffers): string {
    return this.#inner.open(data, callbacks, metadata, buffers);
  }

  /** Sends now if nothing is queued and the message is small; the message id is "" otherwise. */
  send(data: Data, callbacks?: ICallbacks, metadata?: Metadata, buffers?: Buffers): string {
    const exact = (buffers ?? []).map(exactBuffer);
    if (this.#closed === undefined && this.#queue.length === 0 && !this.#pumping && this.#fits(exact)) {
      return this.#inner.send(data, callbacks, metadata, exact);
    }
    this.deliver(data, callbacks, metadata, exact).catch(() => {
      // Reported by `deliver` already; the sync path has no caller to tell.
    });
    return "";
  }

  /** Sends in order; resolves once the kernel has the whole message, rejects if it cannot get it. */
  deliver(data: Data, callbacks?: ICallbacks, metadata?: Metadata, buffers?: Buffers): Promise<void> {
    const done = deferred();
    if (this.#closed !== undefined) {
      done.reject(this.#closed);
      return done.promise;
    }
    this.#queue.push({ data, callbacks, metadata, buffers: (buffers ?? []).map(exactBuffer), done });
    void this.#pump();
    return done.promise;
  }

  close(data?: Data, callbacks?: ICallbacks, metadata?: Metadata, buffers?: Buffers): string {
    this.#shut(new Error("the widget was closed before its message reached the kernel"));
    const sent = this.#inner.close(data, callbacks, metadata, buffers);
    this.#detach();
    return sent;
  }

  on_msg(callback: (msg: unknown) => void): void {
    this.#inner.on_msg((msg: unknown) => {
      const error = chunkError(msg);
      const active = this.#active;
      if (error === undefined) {
        callback(msg);
      } else if (active !== undefined && error.upload === active.upload) {
        active.fail(new Error(`the kernel dropped the message: ${error.message}`));
      }
    });
  }

  on_close(callback: (msg: unknown) => void): void {
    this.#inner.on_close((msg: unknown) => {
      this.#shut(new Error("the kernel closed the widget before its message arrived"));
      callback(msg);
      this.#detach();
    });
  }

  /**
   * A closed comm lets go of the widget's handlers. JupyterLab's services (7.6) keep every comm
   * handler they made connected to the kernel's status signal for the kernel's lifetime; through
   * these handlers each closed model, its views and their elements stayed in memory.
   */
  #detach(): void {
    this.#inner.on_msg(ignore);
    this.#inner.on_close(ignore);
  }

  /** Fails every message not yet delivered, e.g. when the kernel restarts; later sends fail at once. */
  shut(reason: string): void {
    this.#shut(new Error(reason));
  }

  #shut(error: Error): void {
    if (this.#closed !== undefined) return;
    this.#closed = error;
    this.#active?.fail(error);
    for (const item of this.#queue.splice(0)) this.#failed(item, error);
  }

  #fits(buffers: ArrayBuffer[]): boolean {
    let total = 0;
    for (const buffer of buffers) total += buffer.byteLength;
    return total <= this.#options.chunkBytes;
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (let item = this.#queue.shift(); item !== undefined; item = this.#queue.shift()) {
        if (this.#fits(item.buffers)) {
          this.#inner.send(item.data, item.callbacks, item.metadata, item.buffers);
          item.done.resolve();
          continue;
        }
        try {
          await this.#transfer(item);
          item.done.resolve();
        } catch (error) {
          this.#failed(item, error instanceof Error ? error : new Error(String(error)));
        }
      }
    } finally {
      this.#pumping = false;
    }
  }

  async #transfer(item: Outgoing): Promise<void> {
    const { chunkBytes, window } = this.#options;
    this.#uploads += 1;
    const acks = new Acks(`${this.comm_id}:${this.#uploads}`, this.#options);
    const head = this.#encoder.encode(JSON.stringify(item.data));
    const parts = [head, ...item.buffers.map((buffer) => new Uint8Array(buffer))];
    const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
    const count = Math.ceil(total / chunkBytes);
    let index = 0;
    this.#active = acks;
    try {
      // Chunks are cut as they go out, so at most `window` of them exist at once.
      for (const chunk of chunksOf(parts, chunkBytes)) {
        if (index >= window) await acks.next();
        if (this.#closed !== undefined) throw this.#closed;
        // `seq` lets the kernel refuse chunks that arrive out of order rather than misplace bytes.
        const data: Data = { method: CHUNK_METHOD, upload: acks.upload, seq: index };
        if (index === 0) data.sizes = parts.map((part) => part.byteLength);
        const last = index === count - 1;
        this.#inner.send(
          data,
          withIdle(last ? item.callbacks : undefined, () => acks.ack()),
          item.metadata,
          [chunk],
        );
        index += 1;
      }
      for (let waiting = Math.min(index, window); waiting > 0; waiting -= 1) await acks.next();
    } catch (error) {
      // Let the kernel free what it holds of this message, if it can still hear us.
      if (index > 0 && this.#closed === undefined) {
        this.#inner.send({ method: CHUNK_METHOD, upload: acks.upload, abort: true });
      }
      throw error;
    } finally {
      this.#active = undefined;
    }
  }

  #failed(item: Outgoing, error: Error): void {
    console.error(`anywidget: a message to the kernel was not delivered: ${error.message}`);
    item.done.reject(error);
    // ipywidgets holds back a model's next state update until the kernel reports the current
    // one handled; without this, one failed upload would freeze the model's updates for good.
    item.callbacks?.iopub?.status?.(IDLE);
  }
}

/**
 * `front`, where members it lacks are read from, and every property is written to, `back`.
 * Methods are bound to their owner (the class's private fields need `this` to be `front`), once
 * each: a method read twice is the same function, and sending a message allocates nothing here.
 */
function fallingBackTo<T extends object>(front: T, back: object): T {
  const frontMethods = new WeakMap<object, unknown>();
  const backMethods = new WeakMap<object, unknown>();
  return new Proxy(front, {
    get(target, key) {
      const ours = key in target;
      const owner = ours ? target : back;
      const value: unknown = Reflect.get(owner, key, owner);
      if (typeof value !== "function") return value;
      const methods = ours ? frontMethods : backMethods;
      let method = methods.get(value);
      if (method === undefined) {
        method = value.bind(owner) as unknown;
        methods.set(value, method);
      }
      return method;
    },
    // The wrapper keeps no public state: what a host stores on its comm belongs to that comm.
    set: (_target, key, value) => Reflect.set(back, key, value, back),
    has: (target, key) => key in target || key in back,
  });
}

const IDLE = {
  header: { msg_type: "status" },
  content: { execution_state: "idle" },
} as unknown as StatusMessage;

/** `callbacks` (if any), plus `acked` once the kernel reports it handled the message. */
function withIdle(callbacks: ICallbacks | undefined, acked: () => void): ICallbacks {
  const status = callbacks?.iopub?.status;
  return {
    ...callbacks,
    iopub: {
      ...callbacks?.iopub,
      status: (msg: StatusMessage) => {
        status?.(msg);
        if ((msg.content as { execution_state?: string }).execution_state === "idle") acked();
      },
    },
  };
}

/** The stream `parts` makes, cut into buffers of `size` bytes (the last may be shorter). */
export function* chunksOf(parts: Uint8Array[], size: number): Generator<ArrayBuffer> {
  let chunk = new Uint8Array(size);
  let filled = 0;
  for (const part of parts) {
    for (let offset = 0; offset < part.byteLength; ) {
      const count = Math.min(size - filled, part.byteLength - offset);
      chunk.set(part.subarray(offset, offset + count), filled);
      filled += count;
      offset += count;
      if (filled === size) {
        yield chunk.buffer;
        chunk = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield chunk.buffer.slice(0, filled);
}

/** The kernel's report that it dropped a chunked message, if `msg` is one. */
function chunkError(msg: unknown): { upload: unknown; message: string } | undefined {
  const data = (msg as { content?: { data?: Record<string, unknown> } } | null)?.content?.data;
  if (data?.method !== CHUNK_ERROR_METHOD) return undefined;
  return { upload: data.upload, message: String(data.error) };
}
