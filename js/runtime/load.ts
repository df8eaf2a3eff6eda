/** Imports widget code with the browser's own module system: a fresh instance per model for inline source, remote modules by URL. */

import type { ModuleNamespace } from "./module-factory.js";

type Rewriter = typeof import("./module-factory.js");

type Factory = () => Promise<ModuleNamespace>;

interface SharedSource {
  // The module's own text as a Blob, made only for a module the factory does not stand for.
  blob?: Blob;
  users: number;
  // Parsed once for all the models using the source; `undefined` when the rewrite does not apply.
  factory?: Promise<Factory | undefined>;
}

// One entry per distinct inline source, however many models use it: the text is encoded and parsed
// once, and each model calls the factory for its own instance. A module the factory cannot stand
// for is imported by each model through an object URL of its own (revoked once imported).
const blobs = new Map<string, SharedSource>();

// The rewriter and its lexer (WebAssembly, most of the front end's size) are a chunk of their own,
// fetched with the first inline module rather than with the page.
let rewriter: Promise<Rewriter> | undefined;

function loadRewriter(): Promise<Rewriter> {
  rewriter ??= import(/* webpackChunkName: "module-rewriter" */ "./module-factory.js").then(
    async (loaded) => {
      await loaded.lexerReady();
      return loaded;
    },
  );
  return rewriter;
}

/** Whether `_esm`/`_css` names a remote resource rather than holding source text. */
export function isUrl(source: string): boolean {
  return /^https?:\/\/\S+$/.test(source.trim());
}

/** The name stack traces and devtools show for inline code: the widget's class, not an anonymous blob. */
export function sourceUrlFor(name: string): string {
  return `anywidget:///${name.replace(/[^\w.$-]/g, "_")}.js`;
}

/** One model's import of a widget module; `release` lets the shared source go once no model needs it. */
export interface ModuleHandle {
  module: Promise<unknown>;
  release(): void;
}

/** How many distinct inline sources are held for models now (for tests and leak checks). */
export function heldSources(): number {
  return blobs.size;
}

/**
 * Imports `source` for one model. Inline source is evaluated anew for every call, so
 * module-level variables belong to one model (as in the published anywidget); a URL is
 * imported as the browser does, once per page.
 */
export function acquireModule(source: string, name = "widget"): ModuleHandle {
  if (isUrl(source)) {
    return { module: import(/* webpackIgnore: true */ source.trim()), release() {} };
  }
  const sourceUrl = sourceUrlFor(name);
  let shared = blobs.get(source);
  if (shared === undefined) {
    shared = { users: 0 };
    blobs.set(source, shared);
  }
  shared.users += 1;
  const held = shared;
  let released = false;
  return {
    module: instantiate(held, sourceUrl, source),
    release() {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users === 0 && blobs.get(source) === held) blobs.delete(source);
    },
  };
}

/** The remote modules `source` imports by URL, statically or dynamically. */
export function remoteImports(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/\b(?:from|import)\s*\(?\s*["'](https?:\/\/[^"'\s]+)["']/g)) {
    if (match[1] !== undefined) found.add(match[1]);
  }
  return [...found];
}

async function instantiate(shared: SharedSource, sourceUrl: string, source: string): Promise<unknown> {
  shared.factory ??= compileFactory(source, sourceUrl);
  const factory = await shared.factory;
  if (factory !== undefined) return factory();
  shared.blob ??= new Blob([source, `\n//# sourceURL=${sourceUrl}\n`], { type: "text/javascript" });
  return importBlob(shared.blob, sourceUrl, source);
}

/**
 * The factory for `source`, or `undefined` when the module must be imported as is: when the rewrite
 * does not cover it, or the browser will not parse the rewrite (the module itself then reports its
 * own syntax error in the author's terms).
 */
async function compileFactory(source: string, sourceUrl: string): Promise<Factory | undefined> {
  const rewritten = await loadRewriter().then(
    (loaded) => loaded.factorySource(source),
    () => undefined,
  );
  if (rewritten === undefined) return undefined;
  const url = URL.createObjectURL(
    new Blob([rewritten, `\n//# sourceURL=${sourceUrl}\n`], { type: "text/javascript" }),
  );
  try {
    const module: { default?: unknown } = await import(/* webpackIgnore: true */ url);
    return typeof module.default === "function" ? (module.default as Factory) : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    // An import that failed to load: trying again per model would only fetch it again.
    throw explained(error, url, source);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The browser names the widget's own (blob) module when one of its imports fails to load: name the import. */
function explained(error: unknown, url: string, source: string): unknown {
  const remote = remoteImports(source);
  if (error instanceof TypeError && error.message.includes(url) && remote.length > 0) {
    return new TypeError(
      `${error.message}: the module imports ${remote.join(", ")}, which could not be loaded (offline, or blocked?)`,
      { cause: error },
    );
  }
  return error;
}

async function importBlob(blob: Blob, sourceUrl: string, source: string): Promise<unknown> {
  // A new URL is a new entry in the page's module map: a new module instance.
  const url = URL.createObjectURL(blob);
  try {
    return await import(/* webpackIgnore: true */ url);
  } catch (error) {
    // A parse error carries no stack frame in the module; an error thrown by its code does.
    if (error instanceof SyntaxError && !String(error.stack).includes(sourceUrl)) {
      throw await locateParseError(error, url, sourceUrl);
    }
    throw explained(error, url, source);
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
