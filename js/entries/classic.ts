/** Classic notebook (nbclassic) entry: the AMD module the widget manager requires by the name `anywidget`. */

export { AnyModel, AnyView } from "../ipywidgets/widget.js";
