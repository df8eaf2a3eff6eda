// The test page's runtime: a minimal model over the Python bridge (anywidget/testing/_bridge.py),
// loading the widget's module the way anywidget's front end does. Progress is on `window.anywidgetTest`.
// Every URL is relative: the page lives under the path holding the bridge's secret.

const BYTES = "__anywidget_bytes__";
const status = { ready: false, error: null };
window.anywidgetTest = status;

function isBinary(value) {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function toBase64(value) {
  const bytes =
    value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function encode(value) {
  if (isBinary(value)) return { [BYTES]: toBase64(value) };
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, encode(item)]));
  }
  return value;
}

function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === BYTES) {
      const text = atob(value[BYTES]);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
      return new DataView(bytes.buffer);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decode(item)]));
  }
  return value;
}

// Synchronous on purpose: a click that sets a value returns only once Python has applied it.
function postNow(action, body) {
  const request = new XMLHttpRequest();
  request.open("POST", action, false);
  request.setRequestHeader("content-type", "application/json");
  request.send(JSON.stringify(body));
  if (request.status !== 200) throw new Error(request.responseText || `bridge refused ${action}`);
  return JSON.parse(request.responseText);
}

async function post(action, body) {
  const response = await fetch(action, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(await response.text());
  return response.json();
}

function createModel(state) {
  const listeners = new Map();
  let pending = {};
  const emit = (event, ...args) => {
    for (const callback of [...(listeners.get(event) ?? [])]) {
      try {
        callback(...args);
      } catch (error) {
        console.error(error);
      }
    }
  };
  const model = {
    get: (name) => state[name],
    set(name, value) {
      state[name] = value;
      pending[name] = value;
      emit(`change:${name}`, model, value);
      emit("change", model);
    },
    save_changes() {
      const changes = pending;
      pending = {};
      if (Object.keys(changes).length > 0) postNow("update", { state: encode(changes) });
    },
    send(content, _callbacks, buffers) {
      // Synchronous like `save_changes`: once the sending code has run, Python has the message.
      postNow("send", { content: encode(content), buffers: encode(buffers ?? []) });
      return Promise.resolve();
    },
    on(events, callback) {
      for (const event of events.split(/\s+/).filter(Boolean)) {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event).add(callback);
      }
    },
    off(events, callback) {
      const names = events ? events.split(/\s+/).filter(Boolean) : [...listeners.keys()];
      for (const event of names) {
        if (callback) listeners.get(event)?.delete(callback);
        else listeners.delete(event);
      }
    },
    widget_manager: undefined,
  };
  const apply = (event) => {
    if (event.kind === "update") {
      const changes = decode(event.payload);
      Object.assign(state, changes);
      for (const [name, value] of Object.entries(changes)) emit(`change:${name}`, model, value);
      emit("change", model);
    } else if (event.kind === "custom") {
      emit("msg:custom", decode(event.payload), decode(event.buffers));
    }
  };
  return { model, apply };
}

async function invoke(name, msg, options = {}) {
  options.signal?.throwIfAborted();
  const reply = await post("invoke", { name, msg: encode(msg), buffers: encode(options.buffers ?? []) });
  if (reply.error) {
    const error = new Error(reply.error.message);
    error.name = reply.error.type;
    throw error;
  }
  return [decode(reply.response), decode(reply.buffers)];
}

const host = {
  getModel: async () => {
    throw new Error("the anywidget test page shows one widget: host.getModel is not available");
  },
  getWidget: async () => {
    throw new Error("the anywidget test page shows one widget: host.getWidget is not available");
  },
};

async function definition(source) {
  const url = /^https?:\/\//.test(source)
    ? source
    : URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const module = await import(url);
  let def = module.default ?? module;
  if (typeof def === "function") def = await def();
  return def;
}

async function run(model, state, el) {
  const controller = new AbortController();
  const signal = controller.signal;
  const cleanups = [];
  document.getElementById("anywidget-css").textContent = state._css ?? "";
  const def = await definition(state._esm);
  const props = { model, signal, host, experimental: { invoke } };
  const initialized = await def.initialize?.(props);
  if (typeof initialized === "function") cleanups.push(initialized);
  const rendered = await def.render?.({ ...props, el });
  if (typeof rendered === "function") cleanups.push(rendered);
  return async () => {
    controller.abort();
    for (const cleanup of cleanups.reverse()) await cleanup();
    el.replaceChildren();
  };
}

async function main() {
  const start = await (await fetch("state")).json();
  const state = decode(start.state);
  const { model, apply } = createModel(state);
  const el = document.getElementById("widget");
  let stop = await run(model, state, el);
  model.on("change:_css", () => {
    document.getElementById("anywidget-css").textContent = state._css;
  });
  model.on("change:_esm", async () => {
    await stop();
    stop = await run(model, state, el);
  });
  status.ready = true;
  let next = start.next;
  for (;;) {
    const news = await (await fetch(`events?after=${next}`)).json();
    next = news.next;
    for (const event of news.events) {
      if (event.kind === "close") {
        await stop();
        return;
      }
      apply(event);
    }
  }
}

main().catch((error) => {
  status.error = `${error.name}: ${error.message}`;
  console.error(error);
});
