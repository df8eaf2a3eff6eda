import { describe, expect, it } from "vitest";
import { MODULE_VERSION } from "../../js/contract/protocol.js";
import {
  futureVersions,
  isNewerThanUs,
  mismatchMessage,
  reassemblesChunks,
} from "../../js/ipywidgets/version.js";

describe("isNewerThanUs", () => {
  it.each([
    ["~0.13.*", true],
    ["^1.0.0", true],
    ["~0.12.*", false],
    ["~0.9.*", false],
    ["0.11.0", false],
    ["*", false],
    [undefined, false],
    // Kernels name their own release and the published front ends they also work with.
    ["~0.12.*||~0.11.*", false],
    ["~0.13.*||~0.11.*", true],
    ["~0.11.* || ~0.13.*", true],
    // A newer kernel that names this release among those it works with is shown.
    ["~0.13.*||~0.12.*||~0.11.*", false],
  ])("%s -> %s", (range, expected) => {
    expect(isNewerThanUs(range)).toBe(expected);
  });
});

describe("reassemblesChunks", () => {
  it.each([
    ["~0.12.*||~0.11.*", true],
    ["~0.13.*||~0.11.*", true],
    ["~0.12.*", true],
    // The published anywidget 0.9-0.11 in the kernel: uploads must go whole.
    ["~0.11.*", false],
    ["~0.9.*", false],
    ["0.11.0a1", false],
    [undefined, false],
  ])("%s -> %s", (range, expected) => {
    expect(reassemblesChunks(range)).toBe(expected);
  });
});

describe("futureVersions", () => {
  it("covers the next minors and majors but never this or an older release", () => {
    const versions = futureVersions();
    expect(versions).toContain("0.13.0");
    expect(versions).toContain("1.0.0");
    expect(versions).not.toContain(MODULE_VERSION);
    expect(versions.every((v) => isNewerThanUs(v))).toBe(true);
  });
});

it("tells the user which versions disagree and how to fix it", () => {
  expect(mismatchMessage("~0.13.*")).toMatch(
    /needs the anywidget front end ~0\.13\.\*, but this Jupyter has 0\.12\.0.*pip install -U anywidget/,
  );
});
