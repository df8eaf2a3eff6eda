// Runs a Python file in Pyodide under Node, with wheels installed offline by micropip, and prints
// the JSON the file's last expression evaluates to on a line of its own after RESULT_MARK.
// Usage: node driver.mjs PYODIDE_DIR MICROPIP_WHEEL SCRIPT.py [WHEEL ...]
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const RESULT_MARK = "ANYWIDGET-PYODIDE-RESULT ";

const [coreDir, micropipWheel, script, ...wheels] = process.argv.slice(2);
if (coreDir === undefined || micropipWheel === undefined || script === undefined) {
  console.error("usage: node driver.mjs PYODIDE_DIR MICROPIP_WHEEL SCRIPT.py [WHEEL ...]");
  process.exit(2);
}

// A Python error's message holds its traceback; Node's own report of an uncaught error would quote
// a line of Pyodide's minified code, hundreds of kilobytes long, instead.
async function main(coreDir, micropipWheel, script, wheels) {
  const core = resolve(coreDir);
  const { loadPyodide } = await import(pathToFileURL(`${core}/pyodide.mjs`).href);
  const pyodide = await loadPyodide({ indexURL: `${core}/` });
  // The npm package holds no package wheels: micropip comes from its own wheel file.
  await pyodide.loadPackage(resolve(micropipWheel));

  pyodide.FS.mkdirTree("/wheels");
  const targets = wheels.map((wheel) => {
    const target = `/wheels/${basename(wheel)}`;
    pyodide.FS.writeFile(target, readFileSync(wheel));
    return `emfs:${target}`;
  });
  pyodide.globals.set("__wheels", targets);
  // deps=False: every wheel needed is given, and nothing may be fetched from an index.
  await pyodide.runPythonAsync(
    "import micropip\nawait micropip.install(list(__wheels), deps=False)\ndel __wheels",
  );

  const result = await pyodide.runPythonAsync(readFileSync(script, "utf8"), {
    filename: basename(script),
  });
  process.stdout.write(`\n${RESULT_MARK}${result}\n`);
}

main(coreDir, micropipWheel, script, wheels).catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
