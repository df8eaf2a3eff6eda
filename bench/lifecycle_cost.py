"""Scenario: widgets created and closed in a loop, in a fresh interpreter of the installation.

Kernel-side cost only: without a kernel, ipywidgets uses a comm that sends nothing, so this measures
building state, trait machinery and cleanup (including hot-reload bookkeeping), not the wire. The same
loop over `ipywidgets.IntSlider` is the same-run reference. RSS is read from /proc (Linux).
"""

from __future__ import annotations

import json
import subprocess
import tempfile

_LOOP = """
import gc, json, os, time
import anywidget, ipywidgets, traitlets

class Bench(anywidget.AnyWidget):
    _esm = "export default { render({ el }) { el.textContent = 'x'; } };"
    _css = ".bench { color: red }"
    value = traitlets.Int(0).tag(sync=True)

def rss_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

def loop(make, count):
    for _ in range(20):
        make().close()  # warm-up: imports, class setup
    gc.collect()
    before = rss_mib()
    start = time.perf_counter()
    for _ in range(count):
        make().close()
    elapsed = time.perf_counter() - start
    gc.collect()
    return elapsed * 1000, rss_mib() - before

count = COUNT
ours_ms, ours_rss = loop(Bench, count)
ref_ms, _ = loop(lambda: ipywidgets.IntSlider(value=1), count)
print(json.dumps({"ms": ours_ms, "rss": ours_rss, "ref_ms": ref_ms}))
"""


def measure(python: str, count: int) -> dict[str, float]:
    out = subprocess.run(
        [python, "-c", _LOOP.replace("COUNT", str(count))],
        cwd=tempfile.gettempdir(),  # import the installation, not a checkout
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        f"{count} widgets created and closed (ms)": round(result["ms"], 1),
        f"{count} IntSliders created and closed (reference, ms)": round(result["ref_ms"], 1),
        f"RSS growth over {count} widgets (MiB)": round(result["rss"], 2),
    }
