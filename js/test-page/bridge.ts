/**
 * The page's side of the HTTP bridge to live widgets in Python (anywidget/testing/_bridge.py):
 * state, the stream of what the kernel sends, and synchronous posts of what the page sends.
 * Every URL is relative: the page lives under the path that holds the bridge's secret.
 */

// Binary crosses as `{ [BYTES]: "<base64>" }` both ways (the bridge's BYTES_KEY).
const BYTES = "__anywidget_bytes__";
// Each long poll answers within the bridge's 5 s; a stream that fails this often in a row has lost it.
const MAX_FAILED_POLLS = 3;

/** What the kernel sent one model: a state update, a custom message, or the close of its comm. */
export interface BridgeEvent {
  /** Its place in the bridge's stream: a model's own snapshot already includes earlier ones. */
  index: number;
  model: string;
  kind: "update" | "custom" | "close";
  payload: unknown;
  buffers: DataView[];
}

/** A widget's state as the page starts from it, and the stream index that state includes up to. */
export interface Snapshot {
  model: string;
  state: Record<string, unknown>;
  next: number;
}

function toBase64(value: ArrayBuffer | ArrayBufferView): string {
  const bytes =
    value instanceof ArrayBuffer
      ? new Uint8Array(value)
      : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** `value` as JSON the bridge reads, binary marked. */
export function encode(value: unknown): unknown {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return { [BYTES]: toBase64(value) };
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, encode(item)]));
  }
  return value;
}

/** JSON from the bridge with its marked binary as DataViews (what ipywidgets hands widget code). */
export function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && only?.[0] === BYTES && typeof only[1] === "string") {
    const text = atob(only[1]);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
    return new DataView(bytes.buffer);
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, decode(item)]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the bridge answered ${response.status}: ${await response.text()}`);
  const body: unknown = await response.json();
  if (!isRecord(body)) throw new Error(`the bridge answered ${url} with no object`);
  return body;
}

/**
 * Posts what widget code sent and returns once Python has handled it: synchronous on purpose, so a
 * click that sets a value returns only when the widget in Python has it. Throws what Python raised.
 */
export function postNow(action: string, body: Record<string, unknown>): void {
  const request = new XMLHttpRequest();
  request.open("POST", action, false);
  request.setRequestHeader("content-type", "application/json");
  request.send(JSON.stringify(encode(body)));
  if (request.status !== 200) throw new Error(request.responseText || `the bridge refused ${action}`);
}

/** The state of `model` (the widget shown when omitted). */
export async function snapshot(model?: string): Promise<Snapshot> {
  const body = await getJson(model === undefined ? "state" : `state?model=${encodeURIComponent(model)}`);
  const state = decode(body.state);
  if (typeof body.model !== "string" || !isRecord(state) || typeof body.next !== "number") {
    throw new Error("the bridge sent a malformed snapshot");
  }
  return { model: body.model, state, next: body.next };
}

function eventsOf(body: Record<string, unknown>, start: number): BridgeEvent[] {
  const events = Array.isArray(body.events) ? body.events : [];
  return events.filter(isRecord).map((event, offset) => ({
    index: start + offset,
    model: String(event.model ?? ""),
    kind: event.kind as BridgeEvent["kind"],
    payload: decode(event.payload),
    buffers: (decode(event.buffers ?? []) as DataView[]) ?? [],
  }));
}

/**
 * Hands each event from index `after` on to `deliver`, in order, until the bridge closes (an event
 * naming no model) or stops answering.
 */
export async function follow(after: number, deliver: (event: BridgeEvent) => void): Promise<void> {
  let next = after;
  for (let failed = 0; failed < MAX_FAILED_POLLS; ) {
    let body: Record<string, unknown>;
    try {
      body = await getJson(`events?after=${next}`);
      failed = 0;
    } catch (error) {
      failed += 1;
      console.warn("anywidget test page: polling the bridge failed", error);
      continue;
    }
    for (const event of eventsOf(body, next)) {
      if (event.model === "") return;
      deliver(event);
    }
    next = typeof body.next === "number" ? body.next : next;
  }
}
