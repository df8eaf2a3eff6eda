/**
 * Rewrites a widget module as a factory module: the browser parses the text once, and each call
 * evaluates a fresh instance of the widget's top-level code, as importing it anew would.
 *
 * `export default async function() { <the module's body> ; return <its exports> }`, with the
 * module's static imports moved after the function (imports are hoisted, so order does not matter)
 * and each `export` turned into the declaration or binding it exports. Lines stay where they were,
 * so stack traces and error positions still point at the author's source. Anything the rewrite does
 * not cover gives `undefined`, and the caller imports the module itself instead.
 */

import { init, parse } from "es-module-lexer";

/** What one call of a factory gives: the exports of one fresh instance. */
export type ModuleNamespace = Readonly<Record<string, unknown>>;

const DEFAULT_LOCAL = "__anywidget_default";
const FACTORY = "__anywidget_instance";
const IDENTIFIER = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/uy;
const DEFAULT_HEAD = /export\s+default\b\s*/y;
const FUNCTION_HEAD = /(async\s+)?function\b\s*(\*\s*)?/y;
const CLASS_HEAD = /class\b\s*/y;
const LIST_HEAD = /export\s*\{/y;
const DECLARATION_HEAD = /export\s/y;

interface Edit {
  start: number;
  end: number;
  text: string;
}

let ready: Promise<void> | undefined;

/** Loads the lexer (a small WebAssembly module) once per page. */
export function lexerReady(): Promise<void> {
  ready ??= init();
  return ready;
}

/** The source with `[start, end)` replaced by `text`, padded with the newlines it removed. */
function replaced(source: string, start: number, end: number, text: string): Edit {
  const removed = source.slice(start, end);
  const newlines = removed.split("\n").length - 1;
  // Same length where possible, so columns stay put too.
  const pad = text === "" ? removed.replace(/[^\n]/g, " ") : `${text}${"\n".repeat(newlines)}`;
  return { start, end, text: pad };
}

/** `sticky` (a `y` pattern) matched exactly at `at`. */
function matchAt(sticky: RegExp, source: string, at: number): RegExpExecArray | null {
  sticky.lastIndex = at;
  return sticky.exec(source);
}

function identifierAt(source: string, at: number): string | undefined {
  return matchAt(IDENTIFIER, source, at)?.[0];
}

/** How `export default …` at `start` becomes a local binding: the edit, and the local's name. */
function defaultExport(source: string, start: number): [Edit, string] | undefined {
  const head = matchAt(DEFAULT_HEAD, source, start);
  if (head === null) return undefined;
  const rest = start + head[0].length;
  const fn = matchAt(FUNCTION_HEAD, source, rest);
  if (fn !== null) {
    const name = identifierAt(source, rest + fn[0].length);
    if (name !== undefined) return [replaced(source, start, rest, ""), name];
    // An anonymous default function is a hoisted declaration: keep it one, with a name of ours.
    const keyword = `${fn[1] === undefined ? "" : "async "}function${fn[2] === undefined ? "" : "*"}`;
    return [replaced(source, start, rest + fn[0].length, `${keyword} ${DEFAULT_LOCAL}`), DEFAULT_LOCAL];
  }
  const cls = matchAt(CLASS_HEAD, source, rest);
  if (cls !== null) {
    const name = identifierAt(source, rest + cls[0].length);
    if (name !== undefined && name !== "extends") return [replaced(source, start, rest, ""), name];
    return [replaced(source, start, rest + cls[0].length, `class ${DEFAULT_LOCAL} `), DEFAULT_LOCAL];
  }
  // Both take one AssignmentExpression and end where automatic semicolons say.
  return [replaced(source, start, rest, `const ${DEFAULT_LOCAL} = `), DEFAULT_LOCAL];
}

/**
 * The factory module for `source`, or `undefined` when it uses something the rewrite leaves to the
 * browser (re-exports, import phases, TypeScript-only syntax) or cannot be lexed. Call `lexerReady` first.
 */
export function factorySource(source: string): string | undefined {
  if (source.includes(DEFAULT_LOCAL) || source.includes(FACTORY)) return undefined;
  let lexed: ReturnType<typeof parse>;
  try {
    lexed = parse(source);
  } catch {
    return undefined;
  }
  const [imports, exports] = lexed;
  const edits: Edit[] = [];
  const hoisted: string[] = [];
  for (const item of imports) {
    if (item.type === "import-meta") continue;
    if (item.phase !== null) return undefined;
    if (item.type === "dynamic") continue;
    if (item.type !== "static" || item.typeOnly) return undefined;
    hoisted.push(source.slice(item.importStart, item.importEnd));
    edits.push(replaced(source, item.importStart, item.importEnd, ""));
  }
  const locals = new Map<string, string>();
  const lists = new Map<number, number>(); // `export { … }` start -> the last name's end
  const declarations = new Set<number>();
  for (const item of exports) {
    if (item.type !== "direct" || item.typeOnly) return undefined;
    const start = item.exportStart;
    if (matchAt(LIST_HEAD, source, start) !== null) {
      if (item.localName === undefined) return undefined;
      locals.set(item.name, item.localName);
      lists.set(start, Math.max(lists.get(start) ?? 0, item.end, item.localEnd));
    } else if (item.name === "default") {
      const rewrite = defaultExport(source, start);
      if (rewrite === undefined) return undefined;
      edits.push(rewrite[0]);
      locals.set("default", rewrite[1]);
    } else {
      if (item.localName === undefined || matchAt(DECLARATION_HEAD, source, start) === null) return undefined;
      locals.set(item.name, item.localName);
      if (!declarations.has(start)) edits.push(replaced(source, start, start + "export".length, ""));
      declarations.add(start);
    }
  }
  for (const [start, lastName] of lists) {
    const close = source.indexOf("}", lastName);
    if (close < 0) return undefined;
    edits.push(replaced(source, start, close + 1, ""));
  }
  edits.sort((a, b) => a.start - b.start);
  const body: string[] = [];
  let at = 0;
  for (const edit of edits) {
    if (edit.start < at) return undefined;
    body.push(source.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  body.push(source.slice(at));
  // Getters keep exports live, as a module namespace's bindings are.
  const getters = [...locals].map(([name, local]) => `get ${JSON.stringify(name)}() { return ${local}; }`);
  return [
    `export default async function ${FACTORY}() {`,
    ...body,
    `\n;return Object.freeze({ __proto__: null, ${getters.join(", ")} });\n}\n`,
    ...hoisted.map((statement) => `${statement};\n`),
  ].join("");
}
