/** The one failure of a saved widget that is expected without a kernel: what it needs is not on this page. */

/**
 * The saved state cannot make this widget here: the notebook saved no state for it, or it names a
 * widget module this page does not lend (ipywidgets' Output, a third-party package). Its output's
 * text form stands in for it; any other failure shows as an error in the widget's place.
 */
export class NeedsKernelError extends Error {
  override readonly name = "NeedsKernelError";
}
