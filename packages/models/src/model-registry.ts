import { ModelInputError } from './errors/model-input-error.ts';
import { gbdtModelKind } from './gbdt/gbdt-model-kind.ts';
import { logisticModelKind } from './logistic/logistic-model.ts';
import type { Model, ModelKind, SerializedModel } from './model.ts';

/**
 * Every model kind by name. Adding a kind is one line here; the train
 * job and the loader look kinds up only through this map.
 */
export const MODEL_KINDS: Readonly<Record<string, ModelKind>> = {
  logistic: logisticModelKind,
  gbdt: gbdtModelKind,
};

export function modelKind(kind: string): ModelKind {
  const entry = Object.hasOwn(MODEL_KINDS, kind) ? MODEL_KINDS[kind] : undefined;
  if (entry === undefined) {
    throw new ModelInputError(`unknown model kind "${kind}" (known: ${Object.keys(MODEL_KINDS).join(', ')})`);
  }
  return entry;
}

/** Rebuilds a model from its serialized params, dispatching on `params.kind`. */
export function loadModel(params: SerializedModel): Model {
  if (params === null || typeof params !== 'object' || typeof params.kind !== 'string') {
    throw new ModelInputError('serialized model has no string "kind"');
  }
  return modelKind(params.kind).load(params);
}
