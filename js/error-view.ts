/** Shows a failure of widget code in the widget's own place on the page instead of leaving it blank. */

export type Step = "load" | "initialize" | "render";

/** An error raised by widget code, tagged with the lifecycle step that failed. */
export class WidgetCodeError extends Error {
  readonly step: Step;

  constructor(step: Step, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "WidgetCodeError";
    this.step = step;
  }
}

export function showError(el: HTMLElement, error: unknown): void {
  const step = error instanceof WidgetCodeError ? error.step : "load";
  const cause = error instanceof WidgetCodeError ? error.cause : error;
  const panel = document.createElement("div");
  panel.className = "anywidget-error";
  panel.setAttribute("role", "alert");
  const title = document.createElement("strong");
  title.textContent = `Widget code failed to ${step}`;
  const detail = document.createElement("pre");
  detail.textContent = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  panel.append(title, detail);
  el.replaceChildren(panel);
}
