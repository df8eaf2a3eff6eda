// Builds the page `anywidget.testing`'s `widget_page` opens (js/entries/test-page.ts) into the Python
// package: one ES module with everything it needs, @jupyter-widgets/base included, since the page
// runs outside Jupyter. It holds the same model, view and runtime code as the JupyterLab extension.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

await build({
  entryPoints: [join(root, "js", "entries", "test-page.ts")],
  outfile: join(root, "anywidget", "testing", "static", "page.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
});
