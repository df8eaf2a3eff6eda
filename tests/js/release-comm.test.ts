import type { IClassicComm } from "@jupyter-widgets/base";
import { describe, expect, it, vi } from "vitest";
import { releaseOnClose } from "../../js/transport/release-comm.js";

/** A comm holding one message and one close handler, as JupyterLab's comm handler does. */
function handlerComm() {
  const held: { msg?: (msg: unknown) => void; close?: (msg: unknown) => void } = {};
  const comm = {
    on_msg: (callback: (msg: unknown) => void) => {
      held.msg = callback;
    },
    on_close: (callback: (msg: unknown) => void) => {
      held.close = callback;
    },
  } as unknown as IClassicComm;
  return { comm, held };
}

/** A model with Backbone's `once("destroy")`, closed by `destroy()`. */
function closingModel(comm: IClassicComm) {
  const listeners: Array<() => void> = [];
  return {
    comm,
    once: vi.fn((_event: "destroy", callback: () => void) => listeners.push(callback)),
    destroy: () => {
      for (const listener of listeners.splice(0)) listener();
    },
  };
}

describe("releaseOnClose", () => {
  it("drops the comm's handlers when the model closes", () => {
    const { comm, held } = handlerComm();
    const onMsg = vi.fn();
    const onClose = vi.fn();
    comm.on_msg(onMsg);
    comm.on_close(onClose);
    const model = closingModel(comm);
    releaseOnClose(model);
    held.msg?.({});
    expect(onMsg).toHaveBeenCalledTimes(1);
    model.destroy();
    held.msg?.({});
    held.close?.({});
    expect(onMsg).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
  });

  it("listens once per model however often it is asked", () => {
    const model = closingModel(handlerComm().comm);
    releaseOnClose(model);
    releaseOnClose(model);
    expect(model.once).toHaveBeenCalledTimes(1);
  });

  it("ignores values that are not models", () => {
    expect(() => releaseOnClose(undefined)).not.toThrow();
    expect(() => releaseOnClose("IPY_MODEL_x")).not.toThrow();
    expect(() => releaseOnClose({ comm: undefined })).not.toThrow();
  });
});
