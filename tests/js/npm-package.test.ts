/** What `npm pack` ships: the files package.json points at, the licence, the contract and its wire names. */

// This test runs npm on the built tree; the front-end sources never see node's types.
/// <reference types="node" />

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

interface Manifest {
  main: string;
  types: string;
  exports: Record<string, string | Record<string, string>>;
  jupyterlab: { extension: string };
}

function packed(): Set<string> {
  const report = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [pack] = JSON.parse(report) as { files: { path: string }[] }[];
  return new Set((pack?.files ?? []).map((file) => file.path));
}

describe("the npm package", () => {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest;
  const files = packed();

  it("ships the licence, the module contract and the wire names the sources read", () => {
    for (const path of ["LICENSE", "types/index.d.ts", "anywidget/_wire/protocol.json", "dist/index.js"]) {
      expect(files, path).toContain(path);
    }
  });

  it("ships every file package.json points at", () => {
    const exported = Object.values(manifest.exports)
      .flatMap((target) => (typeof target === "string" ? [target] : Object.values(target)))
      .filter((target) => !target.includes("*"));
    for (const target of [manifest.main, manifest.types, manifest.jupyterlab.extension, ...exported]) {
      expect(files, target).toContain(target.replace(/^\.\//, ""));
    }
  });

  it("gives bare imports and CDNs the AMD module, and JupyterLab's builder the lab entry", () => {
    expect(manifest.exports["."]).toBe("./dist/index.js");
    expect(manifest.main).toBe(manifest.jupyterlab.extension);
  });
});
