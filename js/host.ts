/** The `host` widget code receives: other widgets by reference, so a parent can show its children. */

import { scopedModel } from "./scoped-model.js";
import type { AnyModel, BackboneModel } from "./types.js";

// ipywidgets' own reference format, and the one the published anywidget also accepts.
const REFERENCE_PREFIXES = ["IPY_MODEL_", "anywidget:"];

export interface ChildView {
  el: HTMLElement;
  remove(): unknown;
  trigger(event: string): unknown;
}

/** The part of an ipywidgets widget manager the host needs. */
export interface WidgetManagerLike {
  get_model(modelId: string): Promise<BackboneModel>;
  create_view(model: BackboneModel, options?: unknown): Promise<ChildView>;
}

export interface ChildWidget {
  model: AnyModel;
  /** Shows the child in `el` until `signal` (or the caller's own lifetime) aborts. */
  render(props: { el: HTMLElement; signal?: AbortSignal }): Promise<void>;
}

export interface Host {
  getModel(ref: string): Promise<AnyModel>;
  getWidget(ref: string): Promise<ChildWidget>;
}

export function modelIdOf(ref: unknown): string {
  if (typeof ref === "string") {
    const prefix = REFERENCE_PREFIXES.find((p) => ref.startsWith(p));
    if (prefix !== undefined && ref.length > prefix.length) return ref.slice(prefix.length);
  }
  throw new TypeError(`${JSON.stringify(ref)} is not a widget reference (expected "IPY_MODEL_<id>")`);
}

function isWidgetManager(value: unknown): value is WidgetManagerLike {
  const candidate = value as Partial<WidgetManagerLike> | null;
  return typeof candidate?.get_model === "function" && typeof candidate.create_view === "function";
}

/** A host whose models and views live no longer than `lifetime`. */
export function createHost(manager: unknown, lifetime: AbortSignal): Host {
  const resolve = async (ref: string) => {
    if (!isWidgetManager(manager)) throw new Error("this front end's widget manager cannot look up widgets");
    return manager.get_model(modelIdOf(ref));
  };
  return {
    async getModel(ref) {
      return scopedModel(await resolve(ref), undefined, lifetime);
    },
    async getWidget(ref) {
      const child = await resolve(ref);
      return {
        model: scopedModel(child, undefined, lifetime),
        async render({ el, signal }) {
          const until = signal === undefined ? lifetime : AbortSignal.any([lifetime, signal]);
          if (until.aborted) return;
          const view = await (manager as WidgetManagerLike).create_view(child);
          if (until.aborted) {
            view.remove();
            return;
          }
          el.appendChild(view.el);
          view.trigger("displayed");
          until.addEventListener("abort", () => view.remove(), { once: true });
        },
      };
    },
  };
}
