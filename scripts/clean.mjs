// Removes build outputs so a production build never packages stale files.
import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
for (const dir of [
  "lib",
  "dist",
  "anywidget/labextension",
  "anywidget/nbextension",
  "anywidget/export/static",
  "anywidget/testing/static",
]) {
  await rm(join(root, dir), { recursive: true, force: true });
}
