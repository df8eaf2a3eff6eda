import { afterEach, describe, expect, it, vi } from "vitest";
import { GONE_TEXT, NOTICE_CLASS, showKernelGone, watchKernelEnd } from "../../js/ipywidgets/dead-kernel.js";

/** A stand-in for a Lumino signal: what JupyterLab's kernel connection gives as `statusChanged`. */
class FakeSignal {
  readonly slots = new Set<(sender: unknown, status: unknown) => void>();
  connect(slot: (sender: unknown, status: unknown) => void) {
    this.slots.add(slot);
  }
  disconnect(slot: (sender: unknown, status: unknown) => void) {
    this.slots.delete(slot);
  }
  emit(status: string) {
    for (const slot of [...this.slots]) slot(null, status);
  }
}

const kernelWith = (statusChanged: FakeSignal, connectionStatusChanged = new FakeSignal()) => ({
  statusChanged,
  connectionStatusChanged,
});
const managerWith = (statusChanged: FakeSignal) => ({ kernel: kernelWith(statusChanged) });

afterEach(() => {
  document.body.replaceChildren();
});

describe("showKernelGone", () => {
  it("keeps the view's content, adds one notice and takes the view out of input", () => {
    const el = document.createElement("div");
    el.innerHTML = "<button>count is 3</button>";
    document.body.append(el);
    showKernelGone(el);
    showKernelGone(el);
    expect(el.querySelector("button")?.textContent).toBe("count is 3");
    const notices = el.querySelectorAll(`.${NOTICE_CLASS}`);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.textContent).toBe(GONE_TEXT);
    expect(notices[0]?.getAttribute("role")).toBe("status");
    expect(el.inert).toBe(true);
  });
});

describe("watchKernelEnd", () => {
  it.each(["restarting", "autorestarting", "dead"])("calls back once when the kernel is %s", (status) => {
    const signal = new FakeSignal();
    let calls = 0;
    watchKernelEnd(managerWith(signal), () => {
      calls += 1;
    });
    signal.emit("busy");
    signal.emit("idle");
    expect(calls).toBe(0);
    signal.emit(status);
    signal.emit(status);
    expect(calls).toBe(1);
  });

  it("calls back once when the kernel connection ends for good (shut down or changed), not while reconnecting", () => {
    const connection = new FakeSignal();
    let calls = 0;
    watchKernelEnd({ kernel: kernelWith(new FakeSignal(), connection) }, () => {
      calls += 1;
    });
    connection.emit("connecting");
    connection.emit("connected");
    expect(calls).toBe(0);
    connection.emit("disconnected");
    expect(calls).toBe(1);
    expect(connection.slots.size).toBe(0);
  });

  it("connects once to a kernel however many models watch it, and unwatching stops the call", () => {
    const signal = new FakeSignal();
    const manager = managerWith(signal);
    const called: string[] = [];
    watchKernelEnd(manager, () => called.push("a"));
    const stop = watchKernelEnd(manager, () => called.push("b"));
    watchKernelEnd(manager, () => {
      throw new Error("one bad watcher");
    });
    watchKernelEnd(manager, () => called.push("d"));
    expect(signal.slots.size).toBe(1);
    stop();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    signal.emit("autorestarting");
    expect(error).toHaveBeenCalledTimes(1);
    error.mockRestore();
    expect(called).toEqual(["a", "d"]);
    expect(signal.slots.size).toBe(0);
  });

  it("watches nothing where the manager exposes no kernel signal (nbclassic, saved state)", () => {
    const lone = new FakeSignal();
    for (const manager of [undefined, null, {}, { kernel: {} }, { kernel: { statusChanged: lone } }]) {
      expect(() => watchKernelEnd(manager, () => {})()).not.toThrow();
    }
  });
});
