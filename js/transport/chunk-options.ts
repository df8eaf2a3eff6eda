/** How a comm sends large messages in chunks: sizes, how many in flight, and when a transfer has stalled. */

import { CHUNK_BYTES } from "../contract/protocol.js";

export interface ChunkOptions {
  /** Largest message sent whole, and the size of each chunk (bytes). */
  chunkBytes: number;
  /** Chunks sent but not yet handled by the kernel, at most. */
  window: number;
  /** A transfer with no chunk handled for this long fails, unless the kernel is busy (ms). */
  stallMs: number;
  /** Whether the kernel is busy running code (and so not reading widget messages yet). */
  kernelBusy: () => boolean;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = {
  chunkBytes: CHUNK_BYTES,
  window: 3,
  stallMs: 60_000,
  kernelBusy: () => false,
};
