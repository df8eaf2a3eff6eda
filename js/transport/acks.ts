/** The kernel's acknowledgements of one chunked transfer, awaited one at a time with a stall limit. */

import type { ChunkOptions } from "./chunk-options.js";

export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** The chunks of one transfer the kernel has handled, taken one at a time. */
export class Acks {
  readonly upload: string;
  readonly #options: ChunkOptions;
  #count = 0;
  #failure: Error | undefined;
  #waiter: Deferred | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(upload: string, options: ChunkOptions) {
    this.upload = upload;
    this.#options = options;
  }

  ack(): void {
    this.#count += 1;
    this.#wake();
  }

  fail(error: Error): void {
    this.#failure ??= error;
    this.#wake();
  }

  /** Resolves when the kernel has handled one more chunk; rejects on failure or a stall. */
  next(): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#count > 0) {
      this.#count -= 1;
      return Promise.resolve();
    }
    this.#waiter = deferred();
    this.#arm();
    return this.#waiter.promise;
  }

  #arm(): void {
    const { stallMs, kernelBusy } = this.#options;
    this.#timer = setTimeout(() => {
      // A kernel running code reads widget messages only afterwards: wait on.
      if (kernelBusy()) this.#arm();
      else this.fail(new Error(`the kernel handled no part of the message for ${stallMs / 1000} s`));
    }, stallMs);
  }

  #wake(): void {
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    this.#waiter = undefined;
    clearTimeout(this.#timer);
    if (this.#failure !== undefined) {
      waiter.reject(this.#failure);
    } else {
      this.#count -= 1;
      waiter.resolve();
    }
  }
}
