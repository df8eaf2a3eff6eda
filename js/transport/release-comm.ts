/** Closed models let go of their comm's handlers, which JupyterLab would otherwise keep for the kernel's lifetime. */

import type { IClassicComm } from "@jupyter-widgets/base";

interface ClosingModel {
  comm?: IClassicComm;
  once(event: "destroy", callback: () => void): unknown;
}

const watched = new WeakSet<object>();
const ignore = (): void => {};

function isClosingModel(value: unknown): value is ClosingModel {
  return (
    typeof value === "object" && value !== null && typeof (value as { once?: unknown }).once === "function"
  );
}

/**
 * When `model` closes, its comm drops the handlers bound to it. JupyterLab's services (7.6)
 * connect every comm handler they make to the kernel's status signal and never disconnect it, so
 * without this each closed model (and what its handlers reach: views, elements) stays in memory.
 */
export function releaseOnClose(model: unknown): void {
  if (!isClosingModel(model) || watched.has(model)) return;
  watched.add(model);
  model.once("destroy", () => {
    model.comm?.on_msg(ignore);
    model.comm?.on_close(ignore);
  });
}
