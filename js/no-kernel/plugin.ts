/**
 * Shows saved widget outputs of trusted notebooks opened without a kernel: anywidget's, and the
 * ipywidgets controls around them (a VBox holding one). ipywidgets makes a
 * notebook's widget manager only once it has a kernel; until then its renderer waits for one
 * ("Loading widget...", forever without a kernel). This plugin gives each new notebook panel a
 * renderer in its place, unsafe like it so untrusted outputs never use it. When a kernel comes,
 * ipywidgets removes ours and adds its own (jupyterlab_widgets' registerWidgetManager), and each
 * output we already hold is handed to that one.
 */

import { IJupyterWidgetRegistry } from "@jupyter-widgets/base";
import { isApp, type NotebookPanel, type RendererFactory, WIDGET_VIEW_MIMETYPE } from "./lab.js";
import { SavedWidgetRenderer, savedStateOf } from "./renderer.js";
import type { ModuleLoader } from "./saved-manager.js";

// ipywidgets registers its renderer with this rank; ours stands in for it until then.
const RANK = -10;

// Widget modules JupyterLab's ipywidgets extension shares with every extension (not bundled
// here): saved boxes, sliders and the like show too, and an anywidget inside a VBox with them.
const LENT_MODULES: Readonly<Record<string, ModuleLoader>> = {
  "@jupyter-widgets/controls": () => import("@jupyter-widgets/controls"),
};

export function addSavedWidgetRenderer(panel: NotebookPanel): void {
  const rendermime = panel.content.rendermime;
  const manager = savedStateOf(panel, LENT_MODULES);
  const factory: RendererFactory = {
    safe: false,
    mimeTypes: [WIDGET_VIEW_MIMETYPE],
    defaultRank: RANK,
    createRenderer: () => new SavedWidgetRenderer(panel, factory, manager),
  };
  rendermime.removeMimeType(WIDGET_VIEW_MIMETYPE);
  rendermime.addFactory(factory, RANK);
}

export const noKernelPlugin = {
  id: "anywidget:no-kernel",
  description: "Renders saved widget outputs of trusted notebooks opened without a kernel",
  // Requiring ipywidgets' registry activates this after jupyterlab_widgets and the notebook
  // tracker it uses, so the "Notebook" widget factory is registered by then.
  requires: [IJupyterWidgetRegistry] as unknown[],
  autoStart: true,
  activate(app: unknown): void {
    if (!isApp(app)) return;
    const notebooks = app.docRegistry.getWidgetFactory("Notebook");
    if (notebooks === undefined) {
      console.warn("anywidget: no Notebook widget factory; saved widgets show only with a kernel");
      return;
    }
    notebooks.widgetCreated.connect((_sender, panel) => addSavedWidgetRenderer(panel));
  },
};
