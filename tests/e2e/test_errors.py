"""Never blank without a reason (JupyterLab): failures are shown where the user looks, and recoverable."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from harness.notebook_page import NotebookPage
from harness.servers import JupyterServer

from .conftest import write_notebook

pytestmark = pytest.mark.parametrize("frontend", ["lab"], indirect=True)

BOUNDED = """
import anywidget, traitlets
class Bounded(anywidget.AnyWidget):
    _esm = '''
    export default {
      render({ model, el }) {
        el.innerHTML = '<span class=shown></span><button class=bad>bad</button><button class=good>good</button>';
        const show = () => { el.querySelector('.shown').textContent = 'value ' + model.get('value'); };
        model.on('change:value', show);
        show();
        const set = (v) => { model.set('value', v); model.save_changes(); };
        el.querySelector('.bad').onclick = () => set(99);
        el.querySelector('.good').onclick = () => set(model.get('value') + 1);
      },
    };
    '''
    value = traitlets.Int(3).tag(sync=True)

    @traitlets.validate('value')
    def _at_most_10(self, proposal):
        if proposal['value'] > 10:
            raise traitlets.TraitError('value must be at most 10')
        return proposal['value']

b = Bounded()
"""


def test_rejected_update_is_reverted_and_reported_once(notebook: NotebookPage) -> None:
    notebook.run(BOUNDED)
    out = notebook.output(notebook.run("b"))
    shown = out.locator(".shown")
    expect(shown).to_have_text("value 3")
    for _ in range(3):
        out.locator(".bad").click()
        expect(shown).to_have_text("value 3")
    assert notebook.read_until("print(b.value)", "3") == "3"
    out.locator(".good").click()
    expect(shown).to_have_text("value 4")
    assert notebook.read_until("print(b.value)", "4") == "4"
    warnings = [line for line in notebook.console if "rejected the new value of `value`" in line]
    assert len(warnings) == 1, notebook.console
    assert "at most 10" in warnings[0]


def test_missing_front_end_shows_what_to_fix(
    frontend: str, browser: Browser, artifacts_dir: Path, tmp_path: Path
) -> None:
    # A Lab whose widget manager and anywidget extension are both off: as with neither installed.
    # Panel's extension brings ipywidgets' widget manager along: off too.
    disabled = ("anywidget", "@jupyter-widgets/jupyterlab-manager", "@pyviz/jupyterlab_pyviz")
    with JupyterServer("lab", workdir=tmp_path / "server", disabled=disabled) as server:
        write_notebook(server.root_dir / "missing.ipynb")
        context = browser.new_context()
        try:
            page = NotebookPage(context.new_page(), server, artifacts_dir)
            page.open("missing.ipynb", widgets=False)
            page.run(
                "import anywidget\nclass Counter(anywidget.AnyWidget):\n    _esm = 'export default {}'"
            )
            out = page.output(page.run("Counter()"))
            expect(out.locator(".anywidget-fallback")).to_contain_text(
                "This Counter widget cannot be shown here"
            )
            expect(out).to_contain_text("pip install anywidget")
        finally:
            context.close()
            server.shutdown_sessions_for("missing.ipynb")


BROKEN = {
    # case: (esm, failing step, text in the panel, location the panel must name or None)
    "syntax_error": (
        "export default {\n  render({ el }) {\n    el.textContent = 'x';\n  }}}\n};",
        "load",
        "Unexpected token",
        "anywidget:///__main__.Broken.js:4:",
    ),
    "unreachable_import": (
        "import 'http://127.0.0.1:9/missing.js';\nexport default { render() {} };",
        "load",
        "Failed to fetch dynamically imported module",
        None,
    ),
    "initialize_throws": (
        "export default {\n  initialize() {\n    throw new Error('init broke');\n  },\n  render() {},\n};",
        "initialize",
        "Error: init broke",
        "anywidget:///__main__.Broken.js:3:",
    ),
    "render_rejects": (
        "export default {\n  async render() {\n    await null;\n    throw new RangeError('render broke');\n  },\n};",
        "render",
        "RangeError: render broke",
        "anywidget:///__main__.Broken.js:4:",
    ),
    "no_usable_export": ("export const x = 1;", "load", "no default export", None),
}

WORKING = "export default { render({ model, el }) { el.innerHTML = '<b class=fixed>fixed ' + model.get('value') + '</b>'; } };"


@pytest.mark.parametrize("case", BROKEN)
def test_broken_code_shows_a_panel_others_keep_working_and_a_fix_restores_it(
    notebook: NotebookPage, case: str
) -> None:
    esm, step, message, location = BROKEN[case]
    notebook.run(
        "import anywidget, traitlets\n"
        f"class Broken(anywidget.AnyWidget):\n    _esm = {esm!r}\n    value = traitlets.Int(5).tag(sync=True)\n"
        "broken = Broken()"
    )
    broken_out = notebook.output(notebook.run("broken"))
    panel = broken_out.locator(".anywidget-error")
    expect(panel).to_have_attribute("data-step", step)
    expect(panel).to_contain_text(f"__main__.Broken: widget code failed to {step}")
    expect(panel).to_contain_text(message)
    if location is not None:
        expect(panel).to_contain_text(location)

    # Another widget on the page, and the kernel, are unaffected.
    notebook.run(BOUNDED)
    good = notebook.output(notebook.run("b"))
    good.locator(".good").click()
    expect(good.locator(".shown")).to_have_text("value 4")
    assert notebook.read_until("print(b.value)", "4") == "4"

    # New code (as hot reload would send) replaces the panel with the working widget.
    notebook.run(f"broken._esm = {WORKING!r}")
    expect(broken_out.locator("b.fixed")).to_have_text("fixed 5")
    expect(panel).to_have_count(0)


CONTRAST = """
(el) => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m[3] ?? 1]; };
  // The colour behind `el`: its own background composited over its ancestors', up to the page.
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] >= 1) break;
  }
  let under = [255, 255, 255];
  for (const [r, g, b, a] of layers.reverse()) under = [r * a + under[0] * (1 - a), g * a + under[1] * (1 - a), b * a + under[2] * (1 - a)];
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const text = parse(getComputedStyle(el).color);
  const [hi, lo] = [lum(text), lum(under)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
"""


def test_error_panel_is_readable_in_light_and_dark_themes(notebook: NotebookPage) -> None:
    notebook.run(
        "import anywidget\nclass Broken(anywidget.AnyWidget):\n    _esm = 'export default 42;'"
    )
    detail = notebook.output(notebook.run("Broken()")).locator(".anywidget-error pre").first
    expect(detail).to_contain_text("default export")
    ratios = {}
    for theme, light in (("JupyterLab Light", "true"), ("JupyterLab Dark", "false")):
        notebook.page.evaluate(
            "(theme) => window.jupyterapp.commands.execute('apputils:change-theme', { theme })",
            theme,
        )
        notebook.page.wait_for_function(
            "(light) => document.body.dataset.jpThemeLight === light", arg=light
        )
        ratios[theme] = detail.evaluate(CONTRAST)
    assert ratios["JupyterLab Light"] != ratios["JupyterLab Dark"], ratios  # the theme did apply
    assert all(ratio >= 4.5 for ratio in ratios.values()), ratios
