/** Classic notebook startup hook: tells RequireJS where the `anywidget` module lives. */

import { MODULE_NAME } from "../contract/protocol.js";

interface RequireJs {
  config(options: { map: Record<string, Record<string, string>> }): void;
}

declare const requirejs: RequireJs;

requirejs.config({ map: { "*": { [MODULE_NAME]: `nbextensions/${MODULE_NAME}/index` } } });

// The notebook calls this hook for every enabled nbextension; mapping the module is all we need.
export function load_ipython_extension(): void {}
