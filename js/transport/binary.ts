/**
 * Binary values leaving the page. ipywidgets sends a typed array or DataView as its whole
 * underlying ArrayBuffer, so a slice of a larger buffer would arrive with the wrong bytes;
 * here every view becomes an exact ArrayBuffer (copied only when it is a partial view).
 */

export function exactBuffer(binary: ArrayBuffer | ArrayBufferView): ArrayBuffer {
  if (binary instanceof ArrayBuffer) return binary;
  const { buffer, byteOffset, byteLength } = binary;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) return buffer;
  const copy = new Uint8Array(byteLength);
  copy.set(new Uint8Array(buffer, byteOffset, byteLength));
  return copy.buffer;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `value` with every binary view replaced by an exact buffer; containers are copied only if something changed. */
export function withExactBuffers(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return exactBuffer(value);
  if (Array.isArray(value)) {
    const fitted = value.map(withExactBuffers);
    return fitted.some((item, i) => item !== value[i]) ? fitted : value;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    const fitted = entries.map(([key, item]) => [key, withExactBuffers(item)] as const);
    return fitted.some(([, item], i) => item !== entries[i]?.[1]) ? Object.fromEntries(fitted) : value;
  }
  return value;
}

/** Whether `value` holds binary data anywhere (which a JSON copy would mangle). */
export function containsBinary(value: unknown): boolean {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return true;
  if (Array.isArray(value)) return value.some(containsBinary);
  return isPlainObject(value) && Object.values(value).some(containsBinary);
}
