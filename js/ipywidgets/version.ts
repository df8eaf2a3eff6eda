/**
 * Kernel packages newer than this front end. A widget manager only instantiates a module whose
 * registered version satisfies the kernel's range, so this front end also answers to future
 * versions and then says, in the widget's place, that it is too old (instead of a generic error).
 */

import { CHUNKS_SINCE, MODULE_VERSION } from "../contract/protocol.js";

const [OUR_MAJOR, OUR_MINOR] = MODULE_VERSION.split(".").map(Number) as [number, number];
const FUTURE_MINORS = 30;
const FUTURE_MAJORS = 3;

/**
 * Whether a requested range like `~0.13.*` or `^1.2.0` asks for a newer release than this one.
 * Kernels also list the older front ends they work with (`~0.13.*||~0.11.*`): a range naming
 * this release is not newer, whatever else it lists.
 */
export function isNewerThanUs(range: unknown): boolean {
  const versions = alternatives(range);
  if (versions.some(([major, minor]) => major === OUR_MAJOR && minor === OUR_MINOR)) return false;
  const parsed = newest(versions);
  if (parsed === undefined) return false;
  const [major, minor] = parsed;
  return major > OUR_MAJOR || (major === OUR_MAJOR && minor > OUR_MINOR);
}

/** Whether a kernel package asking for `range` (e.g. `~0.12.*||~0.11.*`) puts chunked messages back together. */
export function reassemblesChunks(range: unknown): boolean {
  const [major, minor] = newest(alternatives(range)) ?? [0, 0];
  const [sinceMajor, sinceMinor] = CHUNKS_SINCE.split(".").map(Number) as [number, number];
  return major > sinceMajor || (major === sinceMajor && minor >= sinceMinor);
}

/** The `major.minor` of each alternative of a semver range (`~0.12.*||~0.11.*`). */
function alternatives(range: unknown): [number, number][] {
  const versions: [number, number][] = [];
  for (const alternative of String(range ?? "").split("||")) {
    const match = /^\s*[~^]?\s*(\d+)\.(\d+)/.exec(alternative);
    if (match !== null) versions.push([Number(match[1]), Number(match[2])]);
  }
  return versions;
}

/** The highest of `versions`: a kernel's own release is the newest its range names. */
function newest(versions: [number, number][]): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const found of versions) {
    if (best === undefined || found[0] > best[0] || (found[0] === best[0] && found[1] > best[1]))
      best = found;
  }
  return best;
}

/** Versions to register so that kernels from the next releases still reach our explanation. */
export function futureVersions(): string[] {
  const versions: string[] = [];
  for (let minor = OUR_MINOR + 1; minor <= OUR_MINOR + FUTURE_MINORS; minor += 1) {
    versions.push(`${OUR_MAJOR}.${minor}.0`);
  }
  for (let major = OUR_MAJOR + 1; major <= OUR_MAJOR + FUTURE_MAJORS; major += 1) {
    for (let minor = 0; minor <= FUTURE_MINORS; minor += 1) versions.push(`${major}.${minor}.0`);
  }
  return versions;
}

export function mismatchMessage(requested: unknown): string {
  return (
    `This widget needs the anywidget front end ${String(requested)}, but this Jupyter has ` +
    `${MODULE_VERSION}. Run \`pip install -U anywidget\` in the environment that runs Jupyter, ` +
    "restart Jupyter and reload the page."
  );
}
