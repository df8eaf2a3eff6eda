/**
 * One model's comm over the bridge: what the model sends is posted at once (Python has handled it
 * when `send` returns), and what the kernel sends arrives from the bridge's event stream.
 */

import type { ICallbacks, IClassicComm } from "@jupyter-widgets/base";
import { WIDGET_TARGET } from "../contract/protocol.js";
import { type BridgeEvent, postNow } from "./bridge.js";

type Handler = (msg: unknown) => void;
type StatusMessage = Parameters<NonNullable<NonNullable<ICallbacks["iopub"]>["status"]>>[0];

// ipywidgets holds a model's next update until the kernel reports the last one handled ("idle").
const IDLE = {
  header: { msg_type: "status" },
  content: { execution_state: "idle" },
} as unknown as StatusMessage;

export class BridgeComm implements IClassicComm {
  readonly comm_id: string;
  readonly target_name = WIDGET_TARGET;
  /** Events before this index are already in the state the model started from. */
  readonly #from: number;
  #onMsg: Handler | undefined;
  #onClose: Handler | undefined;
  #sent = 0;
  #closed = false;

  constructor(modelId: string, from: number) {
    this.comm_id = modelId;
    this.#from = from;
  }

  open(): string {
    return "";
  }

  send(
    data: unknown,
    callbacks?: ICallbacks,
    _metadata?: unknown,
    buffers?: ArrayBuffer[] | ArrayBufferView[],
  ): string {
    if (this.#closed) return "";
    postNow("comm", { model: this.comm_id, data, buffers: buffers ?? [] });
    // Python has handled the message already; reported after `send` returns, as a kernel would.
    const status = callbacks?.iopub?.status;
    if (status !== undefined) queueMicrotask(() => status(IDLE));
    this.#sent += 1;
    return `${this.comm_id}-${this.#sent}`;
  }

  close(): string {
    this.#closed = true;
    return "";
  }

  on_msg(callback: Handler): void {
    this.#onMsg = callback;
  }

  on_close(callback: Handler): void {
    this.#onClose = callback;
  }

  /** Hands a kernel event to the model, as a comm message of the widget protocol. */
  receive(event: BridgeEvent): void {
    if (event.index < this.#from || this.#closed) return;
    const content = { comm_id: this.comm_id, data: {} as Record<string, unknown> };
    if (event.kind === "close") {
      this.#closed = true;
      this.#onClose?.({ content });
      return;
    }
    content.data =
      event.kind === "update"
        ? { method: "update", state: event.payload, buffer_paths: [] }
        : { method: "custom", content: event.payload };
    this.#onMsg?.({ content, buffers: event.buffers });
  }
}
