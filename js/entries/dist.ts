/** The AMD module that CDN loaders fetch as `anywidget@<range>/dist/index.js` (html-manager, Panel, VS Code, Colab). */

export { AnyModel, AnyView } from "../ipywidgets/widget.js";
