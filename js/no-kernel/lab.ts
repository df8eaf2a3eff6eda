/**
 * The few JupyterLab shapes the no-kernel renderer touches, typed locally: importing
 * @jupyterlab/notebook or @jupyterlab/application for their types alone costs ~50 packages.
 */

import type { Widget } from "@lumino/widgets";

export { WIDGET_STATE_MIMETYPE, WIDGET_VIEW_MIMETYPE } from "../contract/protocol.js";

export interface MimeModel {
  readonly data: Readonly<Record<string, unknown>>;
  readonly trusted: boolean;
}

export interface MimeRenderer extends Widget {
  renderModel(model: MimeModel): Promise<void>;
}

export interface RendererFactory {
  readonly safe: boolean;
  readonly mimeTypes: readonly string[];
  readonly defaultRank?: number;
  createRenderer(options: { mimeType: string }): MimeRenderer;
}

export interface RenderMime {
  getFactory(mimeType: string): RendererFactory | undefined;
  addFactory(factory: RendererFactory, rank?: number): void;
  removeMimeType(mimeType: string): void;
  createRenderer(mimeType: string): MimeRenderer;
}

export interface Signal<T> {
  connect(slot: (sender: unknown, value: T) => void, thisArg?: unknown): boolean;
  disconnect(slot: (sender: unknown, value: T) => void, thisArg?: unknown): boolean;
}

export interface NotebookPanel {
  readonly sessionContext: {
    readonly session: { readonly kernel: unknown } | null;
    /** "starting" while a kernel is on its way, as the status bar shows it. */
    readonly kernelDisplayStatus: string;
    readonly kernelChanged: Signal<unknown>;
  };
  readonly context: {
    readonly ready: Promise<void>;
    readonly model: { getMetadata(key: string): unknown };
  };
  readonly content: { readonly rendermime: RenderMime };
}

interface App {
  readonly docRegistry: {
    getWidgetFactory(name: string): { readonly widgetCreated: Signal<NotebookPanel> } | undefined;
  };
}

export function isApp(value: unknown): value is App {
  const registry = (value as { docRegistry?: { getWidgetFactory?: unknown } } | null)?.docRegistry;
  return typeof registry?.getWidgetFactory === "function";
}
