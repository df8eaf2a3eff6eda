/** Shows the bridge's widget on the test page with the front end that ships, and reports when it is ready or why not. */

import { ERROR_PANEL_CLASS } from "../runtime/error-view.js";
import { follow, snapshot } from "./bridge.js";
import { PageManager } from "./manager.js";

/** What `anywidget.testing.fixtures.widget_page` waits on (`window.anywidgetTest`). */
export interface PageStatus {
  ready: boolean;
  error: string | null;
}

interface Rendering {
  readonly el: HTMLElement;
  readonly rendered?: Promise<void>;
  trigger(event: string): unknown;
}

/** Shows the widget in `el`; `status` turns ready once it has rendered, or holds the error it shows. */
export async function showWidget(el: HTMLElement, status: PageStatus): Promise<void> {
  const first = await snapshot();
  const manager = new PageManager();
  const model = await manager.show(first);
  // Followed before anything renders: widget code may wait on the kernel's replies.
  const stream = follow(first.next, (event) => manager.deliver(event));
  const view: Rendering = await manager.create_view(model);
  el.appendChild(view.el);
  view.trigger("displayed");
  await view.rendered;
  const failure = view.el.querySelector(`.${ERROR_PANEL_CLASS} pre`);
  if (failure === null) status.ready = true;
  else status.error = failure.textContent ?? "the widget failed";
  await stream;
}
