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

/** The name stack traces and devtools show for inline code: the widget's class, not an anonymous blob. */
export function sourceUrlFor(name: string): string {
  return `anywidget:///${name.replace(/[^\w.$-]/g, "_")}.js`;
}

/** A module import shared by every user of the same source; `release` lets an unused entry go. */
export interface ModuleHandle {
  module: Promise<unknown>;
  release(): void;
}

export function acquireModule(source: string, name = "widget"): ModuleHandle {
  let entry = entries.get(source);
  if (entry === undefined) {
    const fresh: Entry = { module: importSource(source, name), users: 0 };
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

async function importSource(source: string, name: string): Promise<unknown> {
  if (isUrl(source)) return import(/* webpackIgnore: true */ source.trim());
  const sourceUrl = sourceUrlFor(name);
  const url = URL.createObjectURL(
    new Blob([source, `\n//# sourceURL=${sourceUrl}\n`], { type: "text/javascript" }),
  );
  try {
    return await import(/* webpackIgnore: true */ url);
  } catch (error) {
    // A parse error carries no stack frame in the module; an error thrown by its code does.
    if (error instanceof SyntaxError && !String(error.stack).includes(sourceUrl)) {
      throw await locateParseError(error, url, sourceUrl);
    }
    throw error;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * `import()` reports a parse error without its position; a module script element reports it to
 * `window` with line and column. The module failed to parse, so nothing in it runs.
 */
function locateParseError(error: SyntaxError, url: string, sourceUrl: string): Promise<SyntaxError> {
  return new Promise((resolve) => {
    const script = document.createElement("script");
    const done = (located: SyntaxError) => {
      window.removeEventListener("error", onError, true);
      clearTimeout(timer);
      script.remove();
      resolve(located);
    };
    const onError = (event: ErrorEvent) => {
      if (event.filename !== url) return;
      event.preventDefault();
      done(
        new SyntaxError(`${error.message} (at ${sourceUrl}:${event.lineno}:${event.colno})`, {
          cause: error,
        }),
      );
    };
    const timer = setTimeout(() => done(error), 2000);
    window.addEventListener("error", onError, true);
    script.type = "module";
    script.src = url;
    script.onerror = () => done(error);
    document.head.appendChild(script);
  });
}
