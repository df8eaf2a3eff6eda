// The module a widget's `_esm` holds for front ends of the published anywidget (0.9-0.11), which
// know no module references: it fetches the shared text (and the stylesheet) and hands over to it.
// The kernel puts the reference comment first (our front end reads only that line) and fills in
// each quoted __NAME__ placeholder with that name's value from anywidget/_wire/protocol.json.
// That front end leaves a widget blank when its code fails (the error goes to the console only),
// so this module shows the failure in the widget's place, as ours does.

const REF_PREFIX = "__MODULE_REF_PREFIX__";

/** The module model id a reference names (it ends at the comment's close), if `value` is one. */
const referenced = (value) => {
  const text = String(value ?? "");
  const end = text.indexOf(" */", REF_PREFIX.length);
  return text.startsWith(REF_PREFIX) && end > REF_PREFIX.length
    ? text.slice(REF_PREFIX.length, end)
    : undefined;
};

const text = async (model, id) => (await model.widget_manager.get_model(id)).get("__MODULE_SOURCE_KEY__");

let widget;
let failed;

const attempt = async (step, run) => {
  try {
    return await run();
  } catch (error) {
    failed ??= { step, error };
  }
};

const showFailure = ({ model, el }) => {
  const panel = document.createElement("div");
  panel.className = "anywidget-error";
  panel.dataset.step = failed.step;
  panel.setAttribute("role", "alert");
  panel.style.cssText = "border-left: 4px solid #d32f2f; padding: 6px 10px";
  const title = document.createElement("strong");
  title.textContent = `${model.get("__ID_KEY__") || "widget"}: widget code failed to ${failed.step}`;
  const detail = document.createElement("pre");
  detail.style.whiteSpace = "pre-wrap";
  const { error } = failed;
  detail.textContent = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  panel.append(title, detail);
  el.replaceChildren(panel);
};

const load = async (model) => {
  const css = referenced(model.get("__CSS_KEY__"));
  if (css !== undefined && !document.querySelector(`style[data-anywidget-module="${css}"]`)) {
    const style = document.createElement("style");
    style.dataset.anywidgetModule = css;
    style.textContent = await text(model, css);
    document.head.append(style);
  }
  // This very module is the widget's `_esm`: its first line names the module model to run.
  const source = await text(model, referenced(model.get("__ESM_KEY__")));
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  try {
    const module = await import(url);
    widget = typeof module.default === "function" ? await module.default() : (module.default ?? module);
  } finally {
    URL.revokeObjectURL(url);
  }
};

export default {
  async initialize(props) {
    await attempt("load", () => load(props.model));
    return failed ? undefined : attempt("initialize", () => widget.initialize?.(props));
  },
  async render(props) {
    const cleanup = failed ? undefined : await attempt("render", () => widget.render?.(props));
    if (failed) showFailure(props);
    return cleanup;
  },
};
