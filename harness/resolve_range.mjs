// Resolves an npm version range as the CDNs do, with npm's own semver, for harness/cdn.py.
// Usage: node resolve_range.mjs '<range>' <version>...; prints {"valid": bool, "version": string | null}.
import semver from "semver";

const [range = "", ...versions] = process.argv.slice(2);
const valid = semver.validRange(range) !== null;
const version = valid ? semver.maxSatisfying(versions, range) : null;
process.stdout.write(JSON.stringify({ valid, version }));
