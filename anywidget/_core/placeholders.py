"""What shows in a widget's place when its own code cannot: the module of a class without `_esm`, and the HTML for pages with no widget front end."""

from __future__ import annotations

MISSING_ESM = """\
export default {
  render({ el }) {
    el.textContent = "This widget has no front end yet: give its class an `_esm` " +
      "(an ES module with `export default { render({ model, el }) { ... } }`).";
  },
};
"""

# Shown only where the widget itself cannot be: front ends that render the widget view prefer it
# to HTML. `{name}` is the widget's class name, HTML-escaped.
FALLBACK_HTML = (
    '<div class="anywidget-fallback" style="padding:4px 8px;border-left:3px solid #c77700">'
    "This {name} widget cannot be shown here. If the notebook is not trusted, trust it or run the "
    "cell again. Otherwise the anywidget front end is missing from the Python environment that runs "
    "Jupyter: run <code>pip install anywidget</code> there, restart Jupyter and reload the page "
    "(<code>python -m anywidget doctor</code> checks the installation)."
    "</div>"
)
