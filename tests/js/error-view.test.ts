import { describe, expect, it } from "vitest";
import { locationOf } from "../../js/runtime/error-view.js";

describe("locationOf", () => {
  it("finds the widget's source location in a stack trace", () => {
    const error = new Error("boom");
    error.stack =
      "Error: boom\n    at Object.render (anywidget:///demo.Counter.js:3:9)\n    at other (x.js:1:1)";
    expect(locationOf(error)).toBe("anywidget:///demo.Counter.js:3:9");
  });

  it("finds a parse error's location in its message", () => {
    expect(locationOf(new SyntaxError("Unexpected token '}' (at anywidget:///demo.Broken.js:3:5)"))).toBe(
      "anywidget:///demo.Broken.js:3:5",
    );
  });

  it("has nothing to say about errors from elsewhere", () => {
    const error = new Error("x");
    error.stack = "Error: x\n    at f (https://example.org/lib.js:1:2)";
    expect(locationOf(error)).toBeUndefined();
    expect(locationOf("a string")).toBeUndefined();
  });
});
