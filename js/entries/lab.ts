/** JupyterLab and Notebook 7 entry: registers the generic model and view with the widget manager. */

import { IJupyterWidgetRegistry } from "@jupyter-widgets/base";
import { COMPATIBLE_VERSIONS, MODULE_NAME } from "../contract/protocol.js";
import { futureVersions } from "../ipywidgets/version.js";
import { AnyModel, AnyView } from "../ipywidgets/widget.js";
import { noKernelPlugin } from "../no-kernel/plugin.js";

// A local shape for the plugin object: importing @jupyterlab/application for its type alone costs ~50 packages.
interface Plugin {
  id: string;
  description: string;
  requires: unknown[];
  autoStart: boolean;
  activate(app: unknown, registry: IJupyterWidgetRegistry): void;
}

const plugin: Plugin = {
  id: "anywidget:plugin",
  description: "Renders anywidget widgets",
  requires: [IJupyterWidgetRegistry],
  autoStart: true,
  activate(_app, registry) {
    for (const version of [...COMPATIBLE_VERSIONS, ...futureVersions()]) {
      registry.registerWidget({ name: MODULE_NAME, version, exports: { AnyModel, AnyView } });
    }
  },
};

export default [plugin, noKernelPlugin];
