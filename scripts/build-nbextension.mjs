// Builds the classic-notebook (nbclassic) nbextension: esbuild has no AMD output, so each entry is bundled
// as CommonJS and wrapped in an AMD `define` whose dependencies are handed to the bundle's `require` (amd.mjs).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { wrapAmd } from "./amd.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "anywidget", "nbextension");
const { version } = JSON.parse(await readFile(join(root, "package.json"), "utf8"));

// Each entry with the modules the classic notebook already provides to it through RequireJS.
const entries = {
  index: { source: "js/entries/classic.ts", provided: ["@jupyter-widgets/base"] },
  extension: { source: "js/entries/classic-extension.ts", provided: [] },
};

await mkdir(outDir, { recursive: true });
for (const [name, { source, provided }] of Object.entries(entries)) {
  const result = await build({
    entryPoints: [join(root, source)],
    bundle: true,
    format: "cjs",
    platform: "browser",
    target: "es2022",
    external: provided,
    // Unminified: it is small, and classic-notebook stack traces stay readable.
    minify: false,
    write: false,
    logLevel: "warning",
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced nothing for ${source}`);
  // The first line names the version: `python -m anywidget doctor` reads it.
  const banner = `// anywidget ${version}`;
  await writeFile(join(outDir, `${name}.js`), wrapAmd(output.text, { provided, banner }));
}
