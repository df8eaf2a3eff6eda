// Fails the production build when the JupyterLab extension outgrows its budget: 100 KB of JS in all,
// the runtime in it once, and the no-kernel renderer and module rewriter in chunks of their own
// (fetched only when a page needs them; tests/e2e/test_counter.py checks that a page does not).
import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BUDGET_BYTES = 100 * 1024;
const LAZY_CHUNKS = ["no-kernel", "module-rewriter"];

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, "anywidget", "labextension", "static");
const names = (await readdir(dir)).filter((name) => name.endsWith(".js"));
const sizes = await Promise.all(names.map(async (name) => (await stat(join(dir, name))).size));
const total = sizes.reduce((sum, size) => sum + size, 0);
const problems = [];
if (total > BUDGET_BYTES) {
  const list = names.map((name, i) => `${name} ${sizes[i]}`).join(", ");
  problems.push(`${total} bytes of JS, over the ${BUDGET_BYTES}-byte budget (${list})`);
}
for (const chunk of LAZY_CHUNKS) {
  if (!names.some((name) => name.startsWith(`${chunk}.`))) problems.push(`no chunk named ${chunk}`);
}
// The model class is defined once: a second copy means an entry bundles the runtime again.
const texts = await Promise.all(names.map((name) => readFile(join(dir, name), "utf8")));
const copies = texts.filter((text) => text.includes("anywidget: the kernel rejected the new value")).length;
if (copies !== 1) problems.push(`the runtime is in ${copies} files, not 1`);
if (problems.length > 0) {
  console.error(`anywidget/labextension is over budget:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`anywidget/labextension: ${total} bytes of JS (budget ${BUDGET_BYTES})`);
