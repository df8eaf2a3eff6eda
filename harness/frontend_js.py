"""The JavaScript each front end runs for `NotebookPage`: open, append, execute and read cells.

Lab and Notebook 7 share one set (both are JupyterLab applications); nbclassic has its own.
Each snippet is the body of `(a) => { ... }`, with its arguments in `a`.
"""

from __future__ import annotations

# Lab and Notebook 7 share the JupyterLab application model (window.jupyterapp).
# The panel is looked up by path among the main-area widgets, not via currentWidget,
# so a focused dialog or side panel cannot redirect the calls.
_LAB_PANEL = """
const panelFor = (path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return null;
  for (const w of app.shell.widgets('main')) {
    if (w && w.context && w.context.path === path && w.content && w.content.model) return w;
  }
  return null;
};
"""

# Executes `cell` and marks the run under `a.token` done when the cell finishes.
# Jupyter.events is the bare singleton; jQuery-wrapped events live on each cell.
_CLASSIC_EXECUTE = """
const state = (window.__e2e = window.__e2e || {});
state[a.token] = {done: false, error: null};
const onDone = (evt, data) => {
  if (data.cell !== cell) return;
  state[a.token].done = true;
  cell.events.off('finished_execute.CodeCell', onDone);
};
cell.events.on('finished_execute.CodeCell', onDone);
cell.execute();
"""

SNIPPETS: dict[str, dict[str, str]] = {
    "lab": {
        "ready": _LAB_PANEL
        + """
const panel = panelFor(a.path);
if (!panel || !panel.context.isReady) return false;
const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
if (!kernel || kernel.connectionStatus !== 'connected' || kernel.status !== 'idle') return false;
// The ipywidgets plugin adds its renderer to each notebook's rendermime once its
// widget manager exists for that notebook.
return !a.widgets || panel.content.rendermime.mimeTypes.includes(a.mime);
""",
        "rerun": _LAB_PANEL
        + """
const app = window.jupyterapp;
const panel = panelFor(a.path);
const nb = panel.content;
app.shell.activateById(panel.id);
nb.activeCellIndex = a.index;
nb.deselectAll();
const state = (window.__e2e = window.__e2e || {});
state[a.token] = {done: false, error: null};
app.commands.execute('notebook:run-cell').then(
  () => { state[a.token].done = true; },
  (err) => { state[a.token].done = true; state[a.token].error = String(err); });
return a.index;
""",
        "run": _LAB_PANEL
        + """
const app = window.jupyterapp;
const panel = panelFor(a.path);
const nb = panel.content;
const index = nb.model.sharedModel.cells.length;
nb.model.sharedModel.insertCell(index, {cell_type: 'code', source: a.code, metadata: {}});
app.shell.activateById(panel.id);
nb.activeCellIndex = index;
nb.deselectAll();
const state = (window.__e2e = window.__e2e || {});
state[a.token] = {done: false, error: null};
// notebook:run-cell acts on the active cell of the current notebook and resolves
// once the execute reply and the kernel's idle status have both arrived.
app.commands.execute('notebook:run-cell').then(
  () => { state[a.token].done = true; },
  (err) => { state[a.token].done = true; state[a.token].error = String(err); });
return index;
""",
        "done": _LAB_PANEL
        + """
const s = (window.__e2e || {})[a.token];
if (!s || !s.done) return false;
if (s.error) return true;
const cell = panelFor(a.path).content.model.cells.get(a.index);
return cell.executionCount !== null;
""",
        "outputs": _LAB_PANEL
        + """
const cell = panelFor(a.path).content.model.cells.get(a.index);
return cell.type === 'code' ? cell.outputs.toJSON() : [];
""",
        "tag": _LAB_PANEL
        + """
const widget = panelFor(a.path).content.widgets[a.index];
if (!widget || !widget.outputArea) return false;
widget.outputArea.node.setAttribute('data-e2e-output', String(a.index));
return true;
""",
        "count": _LAB_PANEL + "return panelFor(a.path).content.model.sharedModel.cells.length;",
        # Saving through the document context signs the notebook, as the user's save does.
        "save": _LAB_PANEL + "return panelFor(a.path).context.save();",
    },
    "nbclassic": {
        "ready": """
const J = window.Jupyter;
const nb = J && J.notebook;
const kernel = nb && nb._fully_loaded && nb.kernel;
if (!kernel || !kernel.is_connected() || !kernel.info_reply.protocol_version) return false;
// Tests save when they mean to (see the Lab settings in servers.py): no timed or nav-away autosave.
if (nb.autosave_interval) nb.set_autosave_interval(0);
// No status property on the classic Kernel object; the indicator icon mirrors it.
const icon = document.querySelector('#kernel_indicator_icon');
if (!icon || !icon.classList.contains('kernel_idle_icon')) return false;
if (!a.widgets) return true;
// widgetsnbextension builds the manager on kernel_created; until it has registered
// its comm target, a widget's comm_open is dropped and the output stays empty.
const wm = kernel.widget_manager;
return !!(wm && kernel.comm_manager.targets[wm.comm_target_name]
          && J.OutputArea.display_order.includes(a.mime));
""",
        "rerun": "const cell = Jupyter.notebook.get_cell(a.index);\n"
        + _CLASSIC_EXECUTE
        + "return a.index;",
        "run": """
const nb = Jupyter.notebook;
const cell = nb.insert_cell_at_bottom('code');
cell.set_text(a.code);
"""
        + _CLASSIC_EXECUTE
        + "return nb.find_cell_index(cell);",
        # finished_execute fires on the iopub idle status; the shell reply (which sets
        # the prompt number) may land just before or after it.
        "done": """
const s = (window.__e2e || {})[a.token];
if (!s || !s.done) return false;
return typeof Jupyter.notebook.get_cell(a.index).input_prompt_number === 'number';
""",
        "outputs": """
const cell = Jupyter.notebook.get_cell(a.index);
return cell.output_area ? JSON.parse(JSON.stringify(cell.output_area.outputs)) : [];
""",
        "tag": """
const cell = Jupyter.notebook.get_cell(a.index);
if (!cell || !cell.output_area) return false;
cell.output_area.element[0].setAttribute('data-e2e-output', String(a.index));
return true;
""",
        "count": "return Jupyter.notebook.ncells();",
        "save": "return Jupyter.notebook.save_notebook();",
    },
}
