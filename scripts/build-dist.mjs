// Builds the front end for pages without a Jupyter server: `dist/index.js`, the AMD module that CDN loaders
// (html-manager, Panel's ipywidgets_bokeh, VS Code, Colab) fetch as `anywidget@<range>/dist/index`, and the files
// `python -m anywidget export` inlines into one offline page (they ship in the wheel, since users have no npm).
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { wrapAmd } from "./amd.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { name, version } = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
// The npm package and the Python package are published with one version: anywidget/_version.py's.
const pythonVersion = /__version__ = "([^"]+)"/.exec(
  await readFile(join(root, "anywidget", "_version.py"), "utf8"),
)?.[1];
if (pythonVersion !== version) {
  throw new Error(`package.json version ${version} differs from anywidget/_version.py's ${pythonVersion}`);
}
const distDir = join(root, "dist");
const staticDir = join(root, "anywidget", "export", "static");
// Every AMD host of ours defines these modules (html-manager's embed-amd.js, the classic notebook,
// ipywidgets_bokeh); our bundle borrows them and asks for nothing else.
const provided = ["@jupyter-widgets/base"];

const result = await build({
  entryPoints: [join(root, "js", "entries", "dist.ts")],
  bundle: true,
  format: "cjs",
  platform: "browser",
  target: "es2022",
  external: provided,
  minify: true,
  write: false,
  logLevel: "warning",
});
const output = result.outputFiles[0];
if (output === undefined) throw new Error("esbuild produced nothing for js/entries/dist.ts");

// esbuild has no AMD output: the CommonJS bundle gets its only dependency as a `define` argument.
const banner = `/*! ${name} ${version} */`;
await mkdir(distDir, { recursive: true });
await mkdir(staticDir, { recursive: true });
// Anonymous on the CDN: RequireJS names it after the path html-manager maps `anywidget` to.
await writeFile(join(distDir, "index.js"), wrapAmd(output.text, { provided, banner }));
// Named when inlined into a page, where no path gives it a name.
await writeFile(join(staticDir, "anywidget.js"), wrapAmd(output.text, { provided, name, banner }));
const htmlManager = dirname(require.resolve("@jupyter-widgets/html-manager/package.json"));
await copyFile(join(htmlManager, "dist", "embed-amd.js"), join(staticDir, "embed-amd.js"));
await copyFile(require.resolve("requirejs/require.js"), join(staticDir, "require.js"));
const { version: managerVersion } = JSON.parse(await readFile(join(htmlManager, "package.json"), "utf8"));
await writeFile(
  join(staticDir, "versions.json"),
  `${JSON.stringify({ anywidget: version, "@jupyter-widgets/html-manager": managerVersion }, null, 2)}\n`,
);
