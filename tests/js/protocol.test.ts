/// <reference types="node" />

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import wire from "../../anywidget/_wire/protocol.json";
import * as protocol from "../../js/contract/protocol.js";

const root = join(__dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("the front end's wire names", () => {
  it("are the values anywidget/_wire/protocol.json holds", () => {
    for (const [key, value] of Object.entries(protocol)) {
      if (key in wire) expect(value, key).toEqual(wire[key as keyof typeof wire]);
    }
  });

  it("are written nowhere else in js/", () => {
    // Values that are also everyday words in code: a DOM event's name, the prefix of our log lines.
    const everyday = new Set(["COMMAND_ERROR_KEY", "WIDGET_REF_PREFIX"]);
    const values = Object.entries(wire)
      .filter(([key, value]) => !key.startsWith("$") && !everyday.has(key) && typeof value === "string")
      .map(([, value]) => JSON.stringify(value));
    const own = join(root, "js", "contract", "protocol.ts");
    const copies = sources(join(root, "js"))
      .filter((path) => path !== own)
      .flatMap((path) => {
        const text = readFileSync(path, "utf8");
        return values.filter((value) => text.includes(value)).map((value) => `${value} in ${path}`);
      });
    expect(copies).toEqual([]);
  });

  it("carry the version package.json and anywidget/_version.py publish", () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    const python = readFileSync(join(root, "anywidget", "_version.py"), "utf8");
    expect(protocol.MODULE_VERSION).toBe(version);
    expect(python).toContain(`__version__ = "${protocol.MODULE_VERSION}"`);
  });

  it("register every earlier release the kernel names, and this one", () => {
    expect(protocol.COMPATIBLE_VERSIONS).toEqual([...wire.EARLIER_RELEASES, protocol.MODULE_VERSION]);
  });
});
