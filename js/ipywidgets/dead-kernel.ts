/** A widget whose kernel restarted or died: noticing it, and showing it in place with input disabled. */

import { adoptStyle } from "../runtime/css.js";

export const GONE_CLASS = "anywidget-kernel-gone";
export const NOTICE_CLASS = "anywidget-kernel-notice";
export const GONE_TEXT = "Kernel restarted or stopped: re-run the cell to use this widget again.";

// The view stays as it was, dimmed, so the user still sees what it showed; the notice says why
// nothing answers. Jupyter's theme variables, with fallbacks for pages without them.
const GONE_CSS = `
.${GONE_CLASS} > :not(.${NOTICE_CLASS}) { opacity: 0.45; filter: grayscale(1); }
.${NOTICE_CLASS} {
  margin: 4px 0 0;
  padding: 2px 8px;
  border-left: 3px solid var(--jp-warn-color1, #f57c00);
  background: var(--jp-layout-color2, rgba(0, 0, 0, 0.04));
  color: var(--jp-ui-font-color1, inherit);
  font-family: var(--jp-ui-font-family, sans-serif);
  font-size: var(--jp-ui-font-size1, 13px);
}
`;
let styled = false;

/**
 * Shows in `el` that its kernel is gone. `inert` takes the view out of clicks, keyboard focus
 * and text input, so nothing the user does is dropped while the widget looks live
 * (ipywidgets' `save_changes` silently sends nothing once the comm is dead).
 */
export function showKernelGone(el: HTMLElement): void {
  // The notice, not the class, is the test: code rendering again may have replaced the children.
  if (el.querySelector(`:scope > .${NOTICE_CLASS}`) !== null) return;
  if (!styled) {
    adoptStyle(GONE_CSS);
    styled = true;
  }
  const notice = document.createElement("div");
  notice.className = NOTICE_CLASS;
  notice.setAttribute("role", "status");
  notice.textContent = GONE_TEXT;
  el.classList.add(GONE_CLASS);
  el.inert = true;
  el.append(notice);
}

/** Kernel states after which the kernel's comms (and so every widget it had) no longer exist. */
const ENDED = new Set(["restarting", "autorestarting", "dead"]);
// A connection that is "disconnected" (not "connecting") was disposed or gave up reconnecting.
const CONNECTION_ENDED = "disconnected";

type Slot = (sender: unknown, value: unknown) => void;

interface Signal {
  connect(slot: Slot): unknown;
  disconnect(slot: Slot): unknown;
}

function isSignal(value: unknown): value is Signal {
  const candidate = value as Partial<Signal> | null | undefined;
  return typeof candidate?.connect === "function" && typeof candidate.disconnect === "function";
}

/** The kernel connection of a JupyterLab / Notebook 7 widget manager, with its two status signals. */
interface Kernel {
  statusChanged: Signal;
  connectionStatusChanged: Signal;
}

function kernelOf(manager: unknown): Kernel | undefined {
  const kernel = (manager as { kernel?: Partial<Kernel> } | null | undefined)?.kernel;
  if (!isSignal(kernel?.statusChanged) || !isSignal(kernel.connectionStatusChanged)) return undefined;
  return kernel as Kernel;
}

// One pair of connections per kernel, however many models watch it (Lumino connects in linear time).
const watchers = new WeakMap<Kernel, Set<() => void>>();

/**
 * Calls `ended` once when the widget manager's kernel restarts, dies or is shut down; returns a
 * function that stops watching. JupyterLab's and Notebook 7's widget manager marks its models'
 * comms dead on "restarting" (a restart the user asked for, or the server restarting a killed
 * kernel) but not on "dead", nor when the connection ends (the kernel shut down or changed):
 * this watch covers all of them. Managers without these signals (nbclassic, whose manager handles
 * its own `kernel_restarting` and `kernel_killed` events) are not watched.
 */
export function watchKernelEnd(manager: unknown, ended: () => void): () => void {
  const kernel = kernelOf(manager);
  if (kernel === undefined) return () => {};
  let callbacks = watchers.get(kernel);
  if (callbacks === undefined) {
    const registered = new Set<() => void>();
    const end = () => {
      kernel.statusChanged.disconnect(onStatus);
      kernel.connectionStatusChanged.disconnect(onConnection);
      watchers.delete(kernel);
      for (const callback of registered) {
        try {
          callback();
        } catch (error) {
          console.error("anywidget: marking a widget of the ended kernel failed", error);
        }
      }
    };
    const onStatus: Slot = (_sender, status) => {
      if (typeof status === "string" && ENDED.has(status)) end();
    };
    const onConnection: Slot = (_sender, status) => {
      if (status === CONNECTION_ENDED) end();
    };
    kernel.statusChanged.connect(onStatus);
    kernel.connectionStatusChanged.connect(onConnection);
    watchers.set(kernel, registered);
    callbacks = registered;
  }
  const callback = () => ended();
  callbacks.add(callback);
  const owned = callbacks;
  return () => {
    owned.delete(callback);
  };
}
