import { afterEach, describe, expect, it, vi } from "vitest";
import { acquireModule, heldSources, remoteImports } from "../../js/runtime/load.js";

// Node cannot import blob: URLs (the browser path is covered by tests/e2e/test_modules.py):
// these tests check the URLs and Blobs the loader makes and lets go of.
afterEach(() => {
  vi.restoreAllMocks();
});

function spyOnUrls() {
  const created: [string, Blob][] = [];
  const revoked: string[] = [];
  vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
    const url = `blob:test/${created.length + 1}`;
    created.push([url, blob as Blob]);
    return url;
  });
  vi.spyOn(URL, "revokeObjectURL").mockImplementation((url) => {
    revoked.push(url);
  });
  return { created, revoked };
}

describe("acquireModule", () => {
  it("makes one factory per source, whatever the number of models", async () => {
    const { created } = spyOnUrls();
    const handles = [1, 2, 3].map(() => acquireModule("export default {}", "a.A"));
    await Promise.allSettled(handles.map((handle) => handle.module));
    const texts = await Promise.all(created.map(([, blob]) => blob.text()));
    expect(texts.filter((text) => text.includes("async function __anywidget_instance"))).toHaveLength(1);
    expect(heldSources()).toBe(1);
    for (const handle of handles) handle.release();
  });

  it("imports a module the factory does not cover once per model, through one shared Blob", async () => {
    const { created } = spyOnUrls();
    const handles = [1, 2, 3].map(() => acquireModule("export { render } from 'https://x.invalid/w.js';"));
    await Promise.allSettled(handles.map((handle) => handle.module));
    expect(new Set(created.map(([url]) => url)).size).toBe(3);
    expect(new Set(created.map(([, blob]) => blob)).size).toBe(1);
    for (const handle of handles) handle.release();
  });

  it("revokes every URL once its import has settled", async () => {
    const { created, revoked } = spyOnUrls();
    const handles = [1, 2].map(() => acquireModule("export default { render() {} }"));
    await Promise.allSettled(handles.map((handle) => handle.module));
    expect(revoked.sort()).toEqual(created.map(([url]) => url).sort());
    for (const handle of handles) handle.release();
  });

  it("lets the shared source go with its last model, once however often released", async () => {
    spyOnUrls();
    const first = acquireModule("export const a = 1;");
    const second = acquireModule("export const a = 1;");
    const other = acquireModule("export const b = 2;");
    await Promise.allSettled([first.module, second.module, other.module]);
    expect(heldSources()).toBe(2);
    first.release();
    first.release();
    expect(heldSources()).toBe(2);
    second.release();
    expect(heldSources()).toBe(1);
    other.release();
    expect(heldSources()).toBe(0);
  });

  it("imports a URL as is, without a Blob", async () => {
    const { created } = spyOnUrls();
    const handle = acquireModule("https://example.org/widget.js");
    await Promise.allSettled([handle.module]);
    expect(created).toHaveLength(0);
    expect(heldSources()).toBe(0);
    handle.release();
  });
});

describe("remoteImports", () => {
  it("names the URLs a module imports, statically or dynamically, once each", () => {
    const source = [
      'import confetti from "https://cdn.example/confetti.js";',
      "import { a } from 'https://cdn.example/a.js'",
      'const b = await import("https://cdn.example/b.js");',
      'import "https://cdn.example/confetti.js";',
      'import local from "./local.js";',
      'const text = "see https://example.org";',
    ].join("\n");
    expect(remoteImports(source)).toEqual([
      "https://cdn.example/confetti.js",
      "https://cdn.example/a.js",
      "https://cdn.example/b.js",
    ]);
  });
});
