/** Looking a model up by id in any widget manager, the way every `@jupyter-widgets/base` (4 to 6) answers. */

/** What a widget manager offers for lookups: base 6 rejects an unknown id, base 4 (ipywidgets 7) returns `undefined`. */
export interface ModelLookup<M> {
  get_model(modelId: string): Promise<M> | undefined;
}

/** The model `modelId` names; rejects, naming it, when the manager has no such model. */
export async function getModel<M>(manager: ModelLookup<M>, modelId: string): Promise<M> {
  const found = manager.get_model(modelId);
  if (found === undefined) throw new Error(`widget model ${modelId} not found`);
  return await found;
}
