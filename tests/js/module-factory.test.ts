import { beforeAll, describe, expect, it } from "vitest";
import { factorySource, lexerReady, type ModuleNamespace } from "../../js/runtime/module-factory.js";

// Node imports data: URLs as modules: each case runs both as the module itself and through its factory.
function dataUrl(source: string): string {
  return `data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`;
}

async function viaFactory(source: string): Promise<() => Promise<ModuleNamespace>> {
  const rewritten = factorySource(source);
  if (rewritten === undefined) throw new Error("no factory for this source");
  const module: { default: () => Promise<ModuleNamespace> } = await import(
    /* @vite-ignore */ dataUrl(rewritten)
  );
  return module.default;
}

async function asModule(source: string): Promise<Record<string, unknown>> {
  return import(/* @vite-ignore */ dataUrl(source));
}

function plain(namespace: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(namespace)
      .sort()
      .map((name) => {
        const value = namespace[name];
        return [name, typeof value === "function" ? `fn ${value.length}` : value];
      }),
  );
}

beforeAll(() => lexerReady());

describe("factorySource", () => {
  const cases: Record<string, string> = {
    "default object": "export default { answer: 42 };",
    "default expression without a semicolon": "const x = 2\nexport default x * 21\n",
    "default arrow": "export default async () => ({ render() {} })",
    "named default function": "export default function make(a, b) { return a + b }",
    "anonymous default function, hoisted":
      "export const early = typeof make === 'undefined'; export default function (a) {}",
    "anonymous default generator": "export default function* () { yield 1 }",
    "anonymous default async function": "export default async function () {}",
    "anonymous default class": "class Base {}\nexport default class extends Base { static kind = 'k' }",
    "named default class": "export default class Widget { static kind = 'w' }",
    declarations:
      "export const a = 1, b = 2; export let { c, d: [e] } = { c: 3, d: [4] }; export function f(x) {} export class G {}",
    "export list with renames": "const a = 1, b = 2; export { a, b as c, a as default };",
    "export list over lines and a string name": "const a = 1;\nexport {\n  a as 'odd name',\n  a,\n};",
    "legacy named render": "export function render({ el }) {}\nexport function initialize() {}",
    "keywords inside strings and comments":
      "const s = 'export default 1'; // export { nothing }\n/* import x from 'y' */ export default s;",
    "top-level await": "const v = await Promise.resolve(7);\nexport default v;",
    "a static import": `import two from ${JSON.stringify(dataUrl("export default 2"))};\nexport default two * 3;`,
    "a multi-line static import": `import {\n  three as t,\n} from ${JSON.stringify(dataUrl("export const three = 3"))}\nexport default t;`,
  };
  for (const [name, source] of Object.entries(cases)) {
    it(`gives the module's own exports: ${name}`, async () => {
      const factory = await viaFactory(source);
      expect(plain(await factory())).toEqual(plain(await asModule(source)));
    });
  }

  it("gives each call a fresh instance of the top-level code", async () => {
    const factory = await viaFactory("let count = 0;\nexport default { next: () => ++count };");
    const [first, second] = [await factory(), await factory()];
    const next = (namespace: ModuleNamespace) => (namespace.default as { next(): number }).next();
    expect([next(first), next(first), next(second)]).toEqual([1, 2, 1]);
  });

  it("keeps exports live, as module bindings are", async () => {
    const factory = await viaFactory("export let n = 0; export function bump() { n += 1 }");
    const namespace = await factory();
    (namespace.bump as () => void)();
    expect(namespace.n).toBe(1);
  });

  it("throws the module's own error from the call, on the author's line", async () => {
    const factory = await viaFactory("const a = 1;\n\nthrow new RangeError('bad ' + a);\nexport default {};");
    const error: unknown = await factory().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RangeError);
    expect(String(error)).toContain("bad 1");
    expect(String((error as Error).stack)).toMatch(/:3:\d+/);
  });

  it("keeps every line where it was", () => {
    const source = "import {\n a } from 'x';\nexport default {\n};\nexport const b = 1;\nthrow 1";
    const rewritten = factorySource(source) ?? "";
    const line = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length;
    for (const needle of ["const b", "throw 1"]) expect(line(rewritten, needle)).toBe(line(source, needle));
  });

  it.each([
    ["a re-export", "export { a } from 'x';"],
    ["a star re-export", "export * from 'x';"],
    ["a source-phase import", "import source s from 'x';"],
    ["a name of its own", "const __anywidget_default = 1; export default 2;"],
    ["text the lexer rejects", "export default '"],
  ])("leaves %s to the browser", (_, source) => {
    expect(factorySource(source)).toBeUndefined();
  });
});
