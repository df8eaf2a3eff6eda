import { describe, expect, it } from "vitest";
import { containsBinary, exactBuffer, withExactBuffers } from "../../js/transport/binary.js";

const bytes = (buffer: unknown) => [...new Uint8Array(buffer as ArrayBuffer)];

describe("exactBuffer", () => {
  it("keeps only the bytes a slice covers, whatever its offset", () => {
    const whole = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(bytes(exactBuffer(whole.subarray(3, 6)))).toEqual([3, 4, 5]);
    expect(bytes(exactBuffer(new DataView(whole.buffer, 2, 2)))).toEqual([2, 3]);
    expect(bytes(exactBuffer(new Uint16Array(whole.buffer, 4, 1)))).toEqual([4, 5]);
  });

  it("hands over a whole view's buffer without copying", () => {
    const whole = new Float64Array([1.5, 2.5]);
    expect(exactBuffer(whole)).toBe(whole.buffer);
  });

  it("keeps empty buffers", () => {
    expect(exactBuffer(new Uint8Array(0)).byteLength).toBe(0);
  });
});

describe("withExactBuffers", () => {
  it("fits views nested in objects and arrays", () => {
    const whole = new Uint8Array([9, 8, 7, 6]);
    const state = { a: 1, nested: { list: ["x", whole.subarray(1, 3)] } };
    const fitted = withExactBuffers(state) as { nested: { list: unknown[] } };
    expect(bytes(fitted.nested.list[1])).toEqual([8, 7]);
    expect(state.nested.list[1]).toBeInstanceOf(Uint8Array);
  });

  it("returns the same containers when there is nothing binary", () => {
    const state = { a: [1, 2, { b: "c" }] };
    expect(withExactBuffers(state)).toBe(state);
  });
});

describe("containsBinary", () => {
  it("finds buffers and views at any depth, and nothing in plain JSON", () => {
    expect(containsBinary({ a: [1, { b: new DataView(new ArrayBuffer(1)) }] })).toBe(true);
    expect(containsBinary(new ArrayBuffer(0))).toBe(true);
    expect(containsBinary({ a: [1, "x", { b: null }] })).toBe(false);
  });
});
