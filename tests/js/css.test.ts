import { afterEach, describe, expect, it } from "vitest";
import { adoptStyle, bindModelStyle } from "../../js/runtime/css.js";
import { FakeModel } from "./support.js";

const sheets = () => [...document.head.querySelectorAll("[data-anywidget]")];

afterEach(() => {
  for (const sheet of sheets()) sheet.remove();
});

describe("adoptStyle", () => {
  it("adds one style element per distinct stylesheet and removes it with its last user", () => {
    const releaseA = adoptStyle(".a { color: red }");
    const releaseB = adoptStyle(".a { color: red }");
    expect(sheets()).toHaveLength(1);
    releaseA();
    releaseA();
    expect(sheets()).toHaveLength(1);
    releaseB();
    expect(sheets()).toHaveLength(0);
  });

  it("links a stylesheet URL instead of inlining it", () => {
    const release = adoptStyle("https://example.org/widget.css");
    const [link] = sheets();
    expect(link?.tagName).toBe("LINK");
    expect(link?.getAttribute("href")).toBe("https://example.org/widget.css");
    release();
  });

  it("adds nothing for empty css", () => {
    adoptStyle("  ")();
    expect(sheets()).toHaveLength(0);
  });
});

describe("bindModelStyle", () => {
  it("swaps the stylesheet in place when the model's css changes, and removes it on unbind", () => {
    const model = new FakeModel({ _css: ".a { color: red }" });
    const unbind = bindModelStyle(model, "_css");
    model.set("_css", ".a { color: blue }");
    expect(sheets().map((s) => s.textContent)).toEqual([".a { color: blue }"]);
    unbind();
    expect(sheets()).toHaveLength(0);
    model.set("_css", ".a { color: green }");
    expect(sheets()).toHaveLength(0);
  });
});
