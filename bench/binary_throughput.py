"""Scenario: binary throughput, Python -> JS for `bytes` traits and JS -> Python for large uploads.

Python -> JS: from the kernel's wall clock just before it assigns the trait (`time.time()`) to the
page's wall clock (`performance.timeOrigin + performance.now()`) when the widget's `model` reports
a value of the full length; the reference is raw `Widget.send` with the payload as a buffer (on an
IntSlider, through the widget manager). JS -> Python: from the page's wall clock just before
`model.set` + `save_changes` of a `DataView` to the kernel's wall clock in the trait's observer;
the reference is `model.send` with the payload as a buffer, timed in the `on_msg` callback. Uploads
over the server's websocket message limit (10 MiB for the stock server) close the websocket: each
JS -> Python row is "ok N MB/s" or what happened instead, within a bounded wait.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bench.lab import median, notebook, wait_connected

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from harness.notebook_page import NotebookPage
    from harness.servers import JupyterServer

MB = 1_000_000

_SETUP = """
import anywidget, ipywidgets, os, time, traitlets

class BenchBytes(anywidget.AnyWidget):
    _esm = '''
    export default {
      render({ model, el }) {
        window.__bench.models.bytes = model;
        el.textContent = "bytes";
      },
    };
    '''
    down = traitlets.Bytes(b"").tag(sync=True)
    up = traitlets.Bytes(b"").tag(sync=True)
    arrived = traitlets.List([]).tag(sync=True)

    @traitlets.observe("up")
    def _arrived(self, change):
        self.arrived = [len(change["new"]), time.time() * 1000]

def ref_arrived(widget, content, buffers):
    widget.send({"arrived": [sum(len(b) for b in buffers), time.time() * 1000]})

widget = BenchBytes()
ref = ipywidgets.IntSlider()
ref.on_msg(ref_arrived)
payloads = {n: os.urandom(n) for n in SIZES}
display(widget)
print(ref.model_id)
"""

# Resolves with the wall-clock time the page holds all `a.size` bytes.
_DOWN_WATCH = """
async (a) => {
  const model = a.modelId ? await window.__bench.model(a.path, a.modelId) : window.__bench.models.bytes;
  const state = (window.__bench.down = { at: null });
  const event = a.modelId ? 'msg:custom' : 'change:down';
  const arrived = (content, buffers) => {
    const value = a.modelId ? (buffers || [])[0] : model.get('down');
    if (!value || value.byteLength !== a.size) return;
    state.at = performance.timeOrigin + performance.now();
    model.off(event, arrived);
  };
  model.on(event, arrived);
}
"""

_DOWN_SEND = {
    "trait": "t = time.time() * 1000; widget.down = payloads[{size}]; print(t)",
    "send": "t = time.time() * 1000; ref.send({{}}, buffers=[payloads[{size}]]); print(t)",
}

# Uploads `a.size` bytes; resolves with what happened: arrived (with kernel-side times) or not.
_UP = """
async (a) => {
  const model = a.modelId ? await window.__bench.model(a.path, a.modelId) : window.__bench.models.bytes;
  const kernel = window.__bench.kernel(a.path);
  const bytes = new Uint8Array(a.size);
  for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096) & 255;
  return await new Promise((resolve) => {
    const event = a.modelId ? 'msg:custom' : 'change:arrived';
    let start = 0;
    const finish = (result) => {
      clearTimeout(timer);
      model.off(event, arrived);
      kernel.connectionStatusChanged.disconnect(dropped);
      resolve(result);
    };
    const arrived = (content) => {
      const value = a.modelId ? content && content.arrived : model.get('arrived');
      if (value && value[0] === a.size) finish({ ok: true, start, at: value[1] });
    };
    const dropped = (_, status) => {
      if (status !== 'connected') finish({ ok: false, what: `websocket closed (kernel ${status})` });
    };
    const timer = setTimeout(
      () => finish({ ok: false, what: `never arrived (no answer in ${a.timeoutMs / 1000} s)` }),
      a.timeoutMs,
    );
    model.on(event, arrived);
    kernel.connectionStatusChanged.connect(dropped);
    start = performance.timeOrigin + performance.now();
    if (a.modelId) {
      model.send({}, undefined, [bytes.buffer]);
    } else {
      model.set('up', new DataView(bytes.buffer));
      model.save_changes();
    }
  });
}
"""


_PROBE = """
try:
    widget.set_state({"up": memoryview(b"probe")})
    print("a memoryview is accepted")
except Exception as exc:
    print(f"set_state of a memoryview raises {type(exc).__name__}")
"""


def _mb_per_s(size: int, ms: float) -> float:
    return round(size / MB / (ms / 1000), 1)


def _down(page: NotebookPage, size: int, how: str, model_id: str) -> float:
    # The same payload again is no change to traitlets: clear the trait first (untimed).
    page.run("widget.down = b''")
    page.page.evaluate(_DOWN_WATCH, {"path": page.path, "modelId": model_id, "size": size})
    sent_at = float(page.run_and_read(_DOWN_SEND[how].format(size=size), timeout=120))
    page.page.wait_for_function(
        "() => window.__bench.down.at !== null", timeout=120_000, polling=20
    )
    arrived_at = float(page.page.evaluate("() => window.__bench.down.at"))
    return _mb_per_s(size, arrived_at - sent_at)


def _up(page: NotebookPage, size: int, model_id: str) -> str:
    if not wait_connected(page, timeout=60):
        return "not run: kernel not connected after the previous upload"
    arg = {
        "path": page.path,
        "modelId": model_id,
        "size": size,
        "timeoutMs": 10_000 + size // 2000,  # 10 s, plus 1 s per 2 MB
    }
    result: dict[str, Any] = page.page.evaluate(_UP, arg)
    if not result["ok"] and not model_id and str(result["what"]).startswith("never"):
        # Say why, if the kernel's trait refuses what ipywidgets hands it for binary from JS.
        return f"{result['what']}; kernel: {page.run_and_read(_PROBE)}"
    if not result["ok"]:
        return str(result["what"])
    return f"ok {_mb_per_s(size, result['at'] - result['start'])} MB/s"


def measure(
    browser: Browser, server: JupyterServer, down_mb: list[int], up_mb: list[int], repeats: int
) -> dict[str, float | str]:
    """Median MB/s of `repeats` for each Python -> JS size, and what happened to each JS -> Python
    size (once: an upload over the limit drops the connection), with references."""
    sizes = sorted({n * MB for n in down_mb + up_mb})
    rows: dict[str, float | str] = {}
    with notebook(browser, server, "binary.ipynb") as page:
        ref_id = page.run_and_read(_SETUP.replace("SIZES", repr(sizes)), timeout=120)
        page.page.wait_for_function("() => !!window.__bench.models.bytes", timeout=60_000)
        for n in down_mb:
            figures = {
                f"Python -> JS, {n} MB bytes trait, median of {repeats} (MB/s)": ("trait", ""),
                f"Python -> JS, {n} MB buffer via Widget.send, median of {repeats} "
                "(reference, MB/s)": ("send", ref_id),
            }
            samples: dict[str, list[float]] = {figure: [] for figure in figures}
            for _ in range(repeats):
                for figure, (how, model_id) in figures.items():
                    samples[figure].append(_down(page, n * MB, how, model_id))
            rows.update({figure: median(values) for figure, values in samples.items()})
        for n in up_mb:
            rows[f"JS -> Python, {n} MB bytes trait"] = _up(page, n * MB, "")
            rows[f"JS -> Python, {n} MB buffer via model.send (reference)"] = _up(
                page, n * MB, ref_id
            )
    return rows
