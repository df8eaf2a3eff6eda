/** Imports widget code with the browser's own module system: inline source through blob URLs, remote modules by URL. */

interface Entry {
  module: Promise<unknown>;
  users: number;
}

// Keyed by source text, so each distinct module is imported once however many models use it.
const entries = new Map<string, Entry>();

/** Whether `_esm`/`_css` names a remote resource rather than holding source text. */
export function isUrl(source: string): boolean {
  return /^https?:\/\/\S+$/.test(source.trim());
}

/** A module import shared by every user of the same source; `release` lets an unused entry go. */
export interface ModuleHandle {
  module: Promise<unknown>;
  release(): void;
}

export function acquireModule(source: string): ModuleHandle {
  let entry = entries.get(source);
  if (entry === undefined) {
    const fresh: Entry = { module: importSource(source), users: 0 };
    // A failed import (network, syntax) must be retried by the next user, not served from cache.
    fresh.module.catch(() => {
      if (entries.get(source) === fresh) entries.delete(source);
    });
    entries.set(source, fresh);
    entry = fresh;
  }
  entry.users += 1;
  const acquired = entry;
  let released = false;
  return {
    module: acquired.module,
    release() {
      if (released) return;
      released = true;
      acquired.users -= 1;
      if (acquired.users === 0 && entries.get(source) === acquired) entries.delete(source);
    },
  };
}

async function importSource(source: string): Promise<unknown> {
  if (isUrl(source)) return import(/* webpackIgnore: true */ source.trim());
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  try {
    return await import(/* webpackIgnore: true */ url);
  } finally {
    URL.revokeObjectURL(url);
  }
}
