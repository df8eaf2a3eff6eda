/** The `host` widget code receives: other widgets by reference, so a parent can show its children and use their exports. */

import { ID_KEY, IPY_MODEL_PREFIX, WIDGET_REF_PREFIX } from "../contract/protocol.js";
import type { BackboneModel, ChildWidget, Contract, Host } from "../contract/types.js";
import { getModel, type ModelLookup } from "../transport/get-model.js";
import { scopedModel } from "./scoped-model.js";

export type { ChildWidget, Host } from "../contract/types.js";

// ipywidgets' own reference format, and the one the published anywidget's `WidgetTrait` sends.
const REFERENCE_PREFIXES = [IPY_MODEL_PREFIX, WIDGET_REF_PREFIX];

/** How long `getWidget` waits for a child's `initialize`, as the published anywidget does. */
export const CHILD_READY_TIMEOUT_MS = 10_000;

export interface ChildView {
  el: HTMLElement;
  remove(): unknown;
  trigger(event: string): unknown;
}

/** The part of an ipywidgets widget manager the host needs. */
export interface WidgetManagerLike extends ModelLookup<BackboneModel> {
  create_view(model: BackboneModel, options?: unknown): Promise<ChildView>;
}

/** What an anywidget child's runtime offers its parent (`ModelRuntime` in runtime.ts). */
export interface ChildRuntime {
  /** The exports of the code in force, once its `initialize` has run; rejects if it failed. */
  exports(): Promise<object | undefined>;
  /** Renders the child straight into `el` until `signal` aborts; settles once `render` has run. */
  show(el: HTMLElement, signal: AbortSignal): Promise<void>;
}

/** An anywidget model (`AnyModel` in widget.ts) starts its runtime on first use. */
interface RuntimeOwner {
  runtime(): ChildRuntime | undefined;
}

export function modelIdOf(ref: unknown): string {
  if (typeof ref === "string") {
    const prefix = REFERENCE_PREFIXES.find((p) => ref.startsWith(p));
    if (prefix !== undefined && ref.length > prefix.length) return ref.slice(prefix.length);
  }
  throw new TypeError(
    `${JSON.stringify(ref)} is not a widget reference (expected "${WIDGET_REF_PREFIX}<id>" or "${IPY_MODEL_PREFIX}<id>")`,
  );
}

function isWidgetManager(value: unknown): value is WidgetManagerLike {
  const candidate = value as Partial<WidgetManagerLike> | null;
  return typeof candidate?.get_model === "function" && typeof candidate.create_view === "function";
}

function runtimeOf(model: BackboneModel): ChildRuntime | undefined {
  const owner = model as Partial<RuntimeOwner>;
  return typeof owner.runtime === "function" ? owner.runtime() : undefined;
}

/** The child's class as the kernel names it, and its model id, for error messages. */
function describeChild(model: BackboneModel, modelId: string): string {
  const name = model.get(ID_KEY) || model.get("_model_name") || "widget";
  return `${String(name)} (model ${modelId})`;
}

/** Settles like `promise`, or rejects with `message` after `ms` milliseconds. */
function within<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Renders a non-anywidget child (e.g. an IntSlider) through the widget manager's own view. */
async function showView(
  manager: WidgetManagerLike,
  child: BackboneModel,
  el: HTMLElement,
  until: AbortSignal,
): Promise<void> {
  const view = await manager.create_view(child);
  if (until.aborted) {
    view.remove();
    return;
  }
  el.appendChild(view.el);
  view.trigger("displayed");
  until.addEventListener("abort", () => view.remove(), { once: true });
}

/** A host whose models and views live no longer than `lifetime`. */
export function createHost(manager: unknown, lifetime: AbortSignal): Host {
  const resolve = async (ref: string): Promise<[WidgetManagerLike, string, BackboneModel]> => {
    const modelId = modelIdOf(ref);
    if (!isWidgetManager(manager)) throw new Error("this front end's widget manager cannot look up widgets");
    return [manager, modelId, await getModel(manager, modelId)];
  };
  return {
    async getModel<C extends object>(ref: string): Promise<Contract.AnyModel<C>> {
      const [, , model] = await resolve(ref);
      // `C` is the caller's word for the child's traits (`python -m anywidget types`): nothing here can check it.
      return scopedModel(model, undefined, lifetime) as Contract.AnyModel<C>;
    },
    async getWidget<E>(ref: string): Promise<ChildWidget<E>> {
      const [widgets, modelId, child] = await resolve(ref);
      const runtime = runtimeOf(child);
      const exports =
        runtime === undefined
          ? undefined
          : await within(
              runtime.exports(),
              CHILD_READY_TIMEOUT_MS,
              () =>
                `anywidget: ${describeChild(child, modelId)} did not finish initializing ` +
                `within ${CHILD_READY_TIMEOUT_MS / 1000} s`,
            );
      return {
        // As for `getModel`, the exports' type is the caller's word.
        exports: exports as E,
        model: scopedModel(child, undefined, lifetime),
        async render({ el, signal }) {
          const until = signal === undefined ? lifetime : AbortSignal.any([lifetime, signal]);
          if (until.aborted) return;
          if (runtime !== undefined) return runtime.show(el, until);
          return showView(widgets, child, el, until);
        },
      };
    },
  };
}
