/** One model's calls into the kernel's command methods: sending each call, matching replies, timeouts and aborts. */

import { COMMAND_ERROR_KEY, COMMAND_KIND, COMMAND_RESPONSE_KIND } from "../contract/protocol.js";
import type { BackboneModel, Invoke, InvokeOptions } from "../contract/types.js";

/** How long a call waits for its reply when the caller passes no `signal` of its own. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** What a call rejects with when the Python command raised: `name` is the Python exception's type. */
export class CommandError extends Error {
  constructor(type: string, message: string) {
    super(message);
    this.name = type;
  }
}

interface Reply {
  id: string;
  response?: unknown;
  error?: { type: string; message: string };
}

interface Pending {
  name: string;
  resolve(value: [unknown, DataView[]]): void;
  reject(error: unknown): void;
}

/**
 * The command reply `content` is, if it is one (widget code never sees these messages). Kernels
 * running the published anywidget send no error key: their failed calls never reply.
 */
export function commandReply(content: unknown): Reply | undefined {
  if (typeof content !== "object" || content === null) return undefined;
  const { id, kind, response, [COMMAND_ERROR_KEY]: error } = content as Record<string, unknown>;
  if (kind !== COMMAND_RESPONSE_KIND || typeof id !== "string") return undefined;
  return { id, response, error: asError(error) };
}

function asError(value: unknown): Reply["error"] {
  if (typeof value !== "object" || value === null) return undefined;
  const { type, message } = value as Record<string, unknown>;
  return { type: String(type ?? "Error"), message: String(message ?? "") };
}

function asDataView(buffer: unknown): DataView {
  if (buffer instanceof DataView) return buffer;
  if (ArrayBuffer.isView(buffer)) return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (buffer instanceof ArrayBuffer) return new DataView(buffer);
  return new DataView(new ArrayBuffer(0));
}

/** Call ids unique across pages: every page sharing a kernel sees every reply. */
function idPrefix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export class PendingCalls {
  readonly #model: BackboneModel;
  readonly #timeout: number;
  readonly #prefix = idPrefix();
  readonly #pending = new Map<string, Pending>();
  #next = 0;

  constructor(model: BackboneModel, timeout = DEFAULT_TIMEOUT_MS) {
    this.#model = model;
    this.#timeout = timeout;
  }

  /** Calls the kernel's command `name`; see `Invoke`. */
  readonly invoke: Invoke = <T>(name: string, msg?: unknown, options: InvokeOptions = {}) =>
    new Promise<[T, DataView[]]>((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) {
        reject(abortReason(signal, name));
        return;
      }
      this.#next += 1;
      const id = `${this.#prefix}-${this.#next}`;
      const stop = new AbortController();
      const finish = () => {
        this.#pending.delete(id);
        stop.abort();
      };
      this.#pending.set(id, {
        name,
        resolve: (value) => {
          finish();
          resolve(value as [T, DataView[]]);
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      });
      if (signal === undefined) {
        const timer = setTimeout(
          () => this.#pending.get(id)?.reject(timedOut(name, this.#timeout)),
          this.#timeout,
        );
        stop.signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
      } else {
        signal.addEventListener("abort", () => this.#pending.get(id)?.reject(abortReason(signal, name)), {
          once: true,
          signal: stop.signal,
        });
      }
      this.#model.send({ id, kind: COMMAND_KIND, name, msg: msg ?? null }, undefined, options.buffers);
    });

  /** Settles the call a reply answers; true when `content` was a reply (ours or another page's). */
  settle(content: unknown, buffers: unknown): boolean {
    const reply = commandReply(content);
    if (reply === undefined) return false;
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return true;
    if (reply.error !== undefined) {
      pending.reject(new CommandError(reply.error.type, reply.error.message));
    } else {
      const views = Array.isArray(buffers) ? buffers.map(asDataView) : [];
      pending.resolve([reply.response ?? null, views]);
    }
    return true;
  }

  /** Rejects every call still waiting, e.g. because the widget closed. */
  rejectAll(): void {
    for (const pending of [...this.#pending.values()]) {
      pending.reject(new Error(`anywidget: the widget closed before command \`${pending.name}\` replied`));
    }
  }
}

function timedOut(name: string, timeout: number): Error {
  const error = new Error(
    `anywidget: no reply to command \`${name}\` within ${timeout / 1000} s (is it a method of the ` +
      "widget's class marked with @anywidget.experimental.command, and is the kernel running?)",
  );
  error.name = "TimeoutError";
  return error;
}

function abortReason(signal: AbortSignal, name: string): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const error = new Error(`anywidget: command \`${name}\` was aborted`);
  error.name = "AbortError";
  return error;
}
