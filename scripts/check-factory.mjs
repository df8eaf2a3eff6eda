// Rewrites each widget module in a folder as a factory (js/runtime/module-factory.ts, built into lib/js/) and
// asks V8 to parse both: prints one JSON object, file name -> "ok", "not covered" or the parse error.
// Used by tests/python/test_factory_on_real_packages.py; run with --experimental-vm-modules.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { factorySource, lexerReady } from "../lib/js/runtime/module-factory.js";

function parseError(source) {
  try {
    new vm.SourceTextModule(source);
    return undefined;
  } catch (error) {
    return String(error);
  }
}

await lexerReady();
const folder = process.argv[2];
const results = {};
for (const name of readdirSync(folder).sort()) {
  const source = readFileSync(join(folder, name), "utf8");
  const own = parseError(source);
  const rewritten = factorySource(source);
  if (own !== undefined) results[name] = `the module itself does not parse: ${own}`;
  else if (rewritten === undefined) results[name] = "not covered";
  else results[name] = parseError(rewritten) ?? "ok";
}
console.log(JSON.stringify(results));
