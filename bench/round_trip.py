"""Scenario: JS -> Python -> JS round trips, on each server variant in `VARIANTS`.

Timed in the page (`performance.now()`), one trip at a time: from just before the page sets `ping`
(and calls `save_changes`) to the moment it sees `pong`, which a Python observer set to the same
value; and, for custom messages, from `model.send` to the kernel's echo arriving. The widget's own
`model` (as its widget code sees it) is used for the widget; an IntSlider (`value` -> `description`
observer, and `Widget.send` echo) through the widget manager is the same-run reference. Median and
p95 over the trips, after three untimed warm-up trips. Each variant is its own JupyterLab server:
as the installation sets it up (with any server extension it ships), the stock one, and the stock
one with TCP_NODELAY on kernel websockets (the stock server's ~40 ms Nagle stall per small exchange
otherwise hides every difference).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from bench.lab import lab_server, median, notebook, p95

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from harness.notebook_page import NotebookPage
    from harness.servers import JupyterServer


class Variant(NamedTuple):
    """A server to measure on: its label, jupyter_server config, and environment."""

    label: str
    config: dict[str, Any]
    env: dict[str, str]


_SERVER_CONFIG = Path(__file__).resolve().parent / "server_config"
# An installation may ship a server extension (anywidget's own sets TCP_NODELAY); "stock" turns it off.
_NO_EXTENSION = {"jpserver_extensions": {"anywidget": False}}

VARIANTS: tuple[Variant, ...] = (
    Variant("server as installed", {}, {}),
    # In a virtualenv the environment's config outranks the user's unless this is "0".
    Variant("stock server", {"ServerApp": _NO_EXTENSION}, {"JUPYTER_PREFER_ENV_PATH": "0"}),
    Variant(
        "TCP_NODELAY server",
        {
            "ServerApp": {
                **_NO_EXTENSION,
                "kernel_websocket_connection_class": "bench_nodelay.NoDelayConnection",
            }
        },
        {"PYTHONPATH": str(_SERVER_CONFIG), "JUPYTER_PREFER_ENV_PATH": "0"},
    ),
)


_SETUP = """
import anywidget, ipywidgets, traitlets

class BenchTrip(anywidget.AnyWidget):
    _esm = '''
    export default {
      render({ model, el }) {
        window.__bench.models.trip = model;
        el.textContent = "trip";
      },
    };
    '''
    ping = traitlets.Int(0).tag(sync=True)
    pong = traitlets.Int(0).tag(sync=True)

    @traitlets.observe("ping")
    def _answer(self, change):
        self.pong = change["new"]

def echo(widget, content, buffers):
    widget.send(content)

trip = BenchTrip()
trip.on_msg(echo)
slider = ipywidgets.IntSlider(max=10**6)
slider.observe(lambda change: setattr(slider, "description", str(change["new"])), "value")
slider.on_msg(echo)
display(trip)
print(slider.model_id)
"""

# One kind of trip, `trips` times in a row; resolves to the per-trip milliseconds.
_TRIPS = """
async (a) => {
  const model = a.modelId ? await window.__bench.model(a.path, a.modelId) : window.__bench.models.trip;
  const once = (i) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${a.kind}: trip ${i} unanswered`)), a.timeoutMs);
    const event = a.kind === 'message' ? 'msg:custom' : `change:${a.answer}`;
    const answered = (content) => {
      const value = a.kind === 'message' ? content && content.i : model.get(a.answer);
      if (String(value) !== String(i)) return;
      clearTimeout(timer);
      model.off(event, answered);
      resolve();
    };
    model.on(event, answered);
    if (a.kind === 'message') {
      model.send({ i });
    } else {
      model.set(a.ask, i);
      model.save_changes();
    }
  });
  const samples = [];
  for (let n = 0; n < a.warmup + a.trips; n++) {
    const start = performance.now();
    await once(a.first + n);
    if (n >= a.warmup) samples.push(performance.now() - start);
  }
  return samples;
}
"""

# figure -> (kind, traits asked/answered, on the IntSlider?)
_KINDS: dict[str, tuple[str, str, str, bool]] = {
    "trait round trip, widget": ("trait", "ping", "pong", False),
    "trait round trip, IntSlider (reference)": ("trait", "value", "description", True),
    "custom message echo, widget": ("message", "", "", False),
    "custom message echo, Widget.send on an IntSlider (reference)": ("message", "", "", True),
}


def _trips(page: NotebookPage, slider_id: str, trips: int) -> dict[str, list[float]]:
    samples = {}
    for number, (figure, (kind, ask, answer, on_slider)) in enumerate(_KINDS.items()):
        arg = {
            # Values no earlier trip used (the slider's max is 10**6), so each answer is new.
            "first": 1 + 10_000 * number,
            "path": page.path,
            "modelId": slider_id if on_slider else "",
            "kind": kind,
            "ask": ask,
            "answer": answer,
            "trips": trips,
            "warmup": 3,
            "timeoutMs": 10_000,
        }
        samples[figure] = list(page.page.evaluate(_TRIPS, arg))
    return samples


def measure(
    browser: Browser,
    python: str,
    workdir: Path,
    trips: int,
    variants: tuple[Variant, ...] = VARIANTS,
    as_installed: JupyterServer | None = None,
) -> dict[str, float]:
    """Median and p95 of `trips` round trips per kind, per server variant.

    A variant with no config or environment runs on `as_installed`, an already running server of
    the same installation, when given.
    """
    rows: dict[str, float] = {}
    for number, variant in enumerate(variants):
        with contextlib.ExitStack() as stack:
            if as_installed is not None and not variant.config and not variant.env:
                server = as_installed
            else:
                server_dir = workdir / f"trip-{number}"
                server = stack.enter_context(
                    lab_server(python, server_dir, variant.config, variant.env)
                )
            page = stack.enter_context(notebook(browser, server, "round_trip.ipynb"))
            slider_id = page.run_and_read(_SETUP)
            page.page.wait_for_function("() => !!window.__bench.models.trip", timeout=60_000)
            samples = _trips(page, slider_id, trips)
        for figure, values in samples.items():
            name = f"JS -> Python -> JS {figure}, {variant.label}"
            rows[f"{name}: median of {trips} (ms)"] = median(values)
            rows[f"{name}: p95 of {trips} (ms)"] = p95(values)
    return rows
