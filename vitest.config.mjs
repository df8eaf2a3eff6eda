import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/js/**/*.test.ts"],
    environment: "happy-dom",
    // Unit tests never fetch: a linked stylesheet only has to exist in the DOM.
    environmentOptions: { happyDOM: { settings: { handleDisabledFileLoadingAsSuccess: true } } },
  },
});
