// Turns an esbuild CommonJS bundle into an AMD module whose dependencies are exactly the modules its host
// provides, so it loads in any AMD loader: RequireJS, and the small loaders of ipywidgets_bokeh (Panel),
// VS Code, Colab and CoCalc, some of which refuse the special "require" dependency.

/** Each `require` the CommonJS code makes that is not a call for one of `provided` (by its literal name). */
export function undeclaredRequires(code, provided) {
  const allowed = new Set(provided);
  const found = [];
  for (const match of code.matchAll(/\brequire\b(?:\(\s*(["'])([^"'\\]*)\1\s*\))?/g)) {
    const name = match[2];
    if (name === undefined || !allowed.has(name)) found.push(match[0]);
  }
  return found;
}

/**
 * `code` (CommonJS) wrapped in `define([...provided], factory)`: the factory receives the provided modules
 * as arguments and hands them to the bundle through a `require` of its own, so the module never asks its
 * loader for `require`, `module` or `exports`. `name` makes it a named module (for inlining into a page),
 * `banner` is its first line. Code needing any other module is refused here, at build time.
 */
export function wrapAmd(code, { provided, name, banner }) {
  const unknown = undeclaredRequires(code, provided);
  if (unknown.length > 0) {
    throw new Error(
      `the bundle calls ${unknown.join(", ")}, which no AMD host provides: bundle it, or list it in provided`,
    );
  }
  const head = name === undefined ? "" : `${JSON.stringify(name)}, `;
  const params = provided.map((_, i) => `dep${i}`).join(", ");
  const lookup = provided.map((dep, i) => `${JSON.stringify(dep)}: dep${i}`).join(", ");
  return `${banner}
define(${head}${JSON.stringify(provided)}, function (${params}) {
  var provided = { ${lookup} };
  var require = function (name) {
    if (Object.prototype.hasOwnProperty.call(provided, name)) return provided[name];
    throw new Error("anywidget: unknown dependency " + name);
  };
  var module = { exports: {} };
  var exports = module.exports;
${code}
  return module.exports;
});
`;
}
