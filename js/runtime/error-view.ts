/** Shows a failure of widget code in the widget's own place on the page instead of leaving it blank. */

import { adoptStyle } from "./css.js";

/** A lifecycle step, or `handle <event>` for a listener the widget registered with `model.on`. */
export type Step = "load" | "initialize" | "render" | `handle ${string}`;

/** An error raised by widget code, tagged with the lifecycle step that failed. */
export class WidgetCodeError extends Error {
  readonly step: Step;

  constructor(step: Step, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "WidgetCodeError";
    this.step = step;
  }
}

/** The class of the panel that takes a failed widget's place. */
export const ERROR_PANEL_CLASS = "anywidget-error";

// Jupyter's theme variables (light and dark), with fallbacks for pages without them.
const PANEL_CSS = `
.${ERROR_PANEL_CLASS} {
  border-left: 4px solid var(--jp-error-color1, #d32f2f);
  background: var(--jp-rendermime-error-background, rgba(211, 47, 47, 0.08));
  color: var(--jp-content-font-color1, inherit);
  padding: 6px 10px;
  font-family: var(--jp-ui-font-family, sans-serif);
}
.${ERROR_PANEL_CLASS} pre {
  margin: 4px 0 0;
  white-space: pre-wrap;
  font-family: var(--jp-code-font-family, monospace);
  color: var(--jp-content-font-color1, inherit);
}
.${ERROR_PANEL_CLASS} summary { cursor: pointer; color: var(--jp-content-font-color2, inherit); }
`;
let panelStyled = false;

const LOCATION = /anywidget:\/\/\/[^\s)]+:\d+:\d+/;

/** Where in the widget's own source the error happened, if its message or stack says. */
export function locationOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  return LOCATION.exec(error.message)?.[0] ?? LOCATION.exec(String(error.stack))?.[0];
}

export function showError(el: HTMLElement, error: unknown, widgetName: string): void {
  if (!panelStyled) {
    adoptStyle(PANEL_CSS);
    panelStyled = true;
  }
  const step = error instanceof WidgetCodeError ? error.step : "load";
  const cause = error instanceof WidgetCodeError ? error.cause : error;
  const panel = document.createElement("div");
  panel.className = ERROR_PANEL_CLASS;
  panel.dataset.step = step;
  panel.setAttribute("role", "alert");
  const title = document.createElement("strong");
  title.textContent = `${widgetName}: widget code failed to ${step}`;
  const detail = document.createElement("pre");
  const location = locationOf(cause);
  const summary = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  detail.textContent =
    location === undefined || summary.includes(location) ? summary : `${summary}\n    at ${location}`;
  panel.append(title, detail);
  if (cause instanceof Error && cause.stack) {
    const more = document.createElement("details");
    const label = document.createElement("summary");
    label.textContent = "stack";
    const stack = document.createElement("pre");
    stack.textContent = cause.stack;
    more.append(label, stack);
    panel.append(more);
  }
  el.replaceChildren(panel);
}
