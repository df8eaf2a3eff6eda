/** The page `anywidget.testing`'s `widget_page` opens: the widget from the Python bridge, shown by the front end that ships. */

import { type PageStatus, showWidget } from "../test-page/page.js";

const status: PageStatus = { ready: false, error: null };
(window as { anywidgetTest?: PageStatus }).anywidgetTest = status;

const el = document.getElementById("widget");
if (el === null) throw new Error("the test page has no #widget element");
showWidget(el, status).catch((error: unknown) => {
  status.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(error);
});
