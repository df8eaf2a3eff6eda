/** The AMD bundles CDN loaders and offline pages load: built by scripts/build-dist.mjs, run under a bare loader. */

// This test reads the build output from disk; the front-end sources never see node's types.
/// <reference types="node" />

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as base from "@jupyter-widgets/base";
import { beforeAll, describe, expect, it } from "vitest";
import { undeclaredRequires, wrapAmd } from "../../scripts/amd.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

interface Defined {
  name: string | undefined;
  deps: string[];
  exports: unknown;
}

/**
 * Runs `source` as the smallest AMD loader would (as ipywidgets_bokeh's does): `define` resolves each
 * dependency from `modules` and refuses every other name, "require" included.
 */
function loadAmd(source: string, modules: Record<string, unknown>): Defined {
  const calls: Defined[] = [];
  const define = (...args: unknown[]): void => {
    const factory = args.at(-1);
    const deps = Array.isArray(args.at(-2)) ? (args.at(-2) as string[]) : [];
    const name = typeof args[0] === "string" ? args[0] : undefined;
    const resolved = deps.map((dep) => {
      if (!Object.hasOwn(modules, dep)) throw new Error(`depends on "${dep}", which isn't supported`);
      return modules[dep];
    });
    const exports = typeof factory === "function" ? factory(...resolved) : factory;
    calls.push({ name, deps, exports });
  };
  define.amd = {};
  new Function("define", source)(define);
  expect(calls).toHaveLength(1);
  return calls[0] as Defined;
}

function exportsOf(defined: Defined): { AnyModel: unknown; AnyView: unknown } {
  return defined.exports as { AnyModel: unknown; AnyView: unknown };
}

const files = {
  cdn: join(root, "dist", "index.js"),
  offline: join(root, "anywidget", "export", "static", "anywidget.js"),
};

describe("the built AMD bundles", () => {
  beforeAll(() => {
    // Built here, so the test never reads a stale bundle (≈0.3 s).
    execFileSync(process.execPath, [join(root, "scripts", "build-dist.mjs")], { stdio: "pipe" });
  });

  it("load from the CDN under a loader that provides only @jupyter-widgets/base", () => {
    const defined = loadAmd(readFileSync(files.cdn, "utf8"), { "@jupyter-widgets/base": base });
    expect(defined.name).toBeUndefined();
    expect(defined.deps).toEqual(["@jupyter-widgets/base"]);
    const { AnyModel, AnyView } = exportsOf(defined);
    // Built on the loader's own base classes, not a copy bundled inside.
    expect((AnyModel as { prototype: unknown }).prototype).toBeInstanceOf(base.DOMWidgetModel);
    expect((AnyView as { prototype: unknown }).prototype).toBeInstanceOf(base.DOMWidgetView);
  });

  it("define the named module offline pages inline, with the same single dependency", () => {
    const defined = loadAmd(readFileSync(files.offline, "utf8"), { "@jupyter-widgets/base": base });
    expect(defined.name).toBe("anywidget");
    expect(defined.deps).toEqual(["@jupyter-widgets/base"]);
    expect((exportsOf(defined).AnyModel as { prototype: unknown }).prototype).toBeInstanceOf(
      base.DOMWidgetModel,
    );
  });

  it("carry their version on the first line", () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(readFileSync(files.cdn, "utf8").split("\n")[0]).toBe(`/*! anywidget ${version} */`);
  });
});

describe("wrapAmd", () => {
  const options = { provided: ["@jupyter-widgets/base"], banner: "// test" };

  it("hands the provided modules to the bundle's require", () => {
    const code = 'module.exports.base = require("@jupyter-widgets/base");';
    const defined = loadAmd(wrapAmd(code, options), { "@jupyter-widgets/base": base });
    expect((defined.exports as { base: unknown }).base).toBe(base);
  });

  it("refuses, at build time, a bundle needing a module no host provides", () => {
    expect(() => wrapAmd('module.exports = require("lodash");', options)).toThrow(
      /calls require\("lodash"\), which no AMD host provides/,
    );
  });

  it("finds every other use of require, not only literal calls", () => {
    const code = 'if (typeof require === "function") require(name); require("@jupyter-widgets/base");';
    expect(undeclaredRequires(code, options.provided)).toEqual(["require", "require"]);
  });
});
