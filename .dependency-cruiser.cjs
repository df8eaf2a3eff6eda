// The front end's import rules (checked by `npm run lint:imports`, part of scripts/test.sh): layers import
// only downwards — contract, transport, runtime, ipywidgets, the hosts (no-kernel, test-page), entries —
// entries wire and are never imported, and nothing imports in a circle.

/** Folders in order: each may import only the ones listed before it (and itself). */
const LAYERS = ["contract", "transport", "runtime", "ipywidgets", "(no-kernel|test-page)", "entries"];

const upwards = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `${layer.replace(/[()|]/g, "-")}-imports-downwards`.replace(/^-+|-+$/g, ""),
  comment: `js/${layer}/ may import only the layers below it`,
  severity: "error",
  from: { path: `^js/${layer}/` },
  to: { path: `^js/(${LAYERS.slice(index + 1).join("|")})/` },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Two modules importing each other: one of them holds an idea the other needs, so move it down",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...upwards,
    {
      name: "hosts-apart",
      comment: "The no-kernel renderer and the test page are separate hosts of the same runtime",
      severity: "error",
      from: { path: "^js/(no-kernel|test-page)/" },
      to: { path: "^js/(no-kernel|test-page)/", pathNot: "^js/$1/" },
    },
    {
      name: "entries-wire-only",
      comment: "An entry is a build's root: nothing imports it, another entry included",
      severity: "error",
      from: {},
      to: { path: "^js/entries/" },
    },
    {
      name: "contract-from-its-sources",
      comment: "types/index.d.ts and protocol.json reach the front end through js/contract/ only",
      severity: "error",
      from: { pathNot: "^js/contract/" },
      to: { path: "^(types/|anywidget/_wire/)" },
    },
    {
      name: "no-unresolvable",
      comment: "Every import resolves",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};
