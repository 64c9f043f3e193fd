import { tf } from "../backend";
import { disposeOptimizer } from "../train";

/** What `disposeAll` takes: tensors, models, arrays and plain objects holding them (strings, numbers skipped). */
export type Disposable = tf.Tensor | tf.LayersModel | object | null | undefined;

/** Frees every tensor and model (with its optimizer) found in the arguments: one teardown call for a notebook. */
export function disposeAll(...items: Disposable[]): void {
  const seen = new Set<unknown>();
  const visit = (item: unknown): void => {
    if (item === null || typeof item !== "object" || ArrayBuffer.isView(item) || seen.has(item)) return;
    seen.add(item);
    if (item instanceof tf.Tensor) item.dispose();
    else if (item instanceof tf.LayersModel) disposeModel(item);
    else if (Array.isArray(item) || Object.getPrototypeOf(item) === Object.prototype)
      Object.values(item).forEach(visit);
    else throw new Error(`disposeAll: expected tensors, models, arrays or plain objects, found ${describe(item)}`);
  };
  items.forEach(visit);
}

/** Disposes a model's optimizer (if compiled) and its weights. */
function disposeModel(model: tf.LayersModel): void {
  if (model.optimizer) disposeOptimizer(model.optimizer);
  model.dispose();
}

/** A short name for an unexpected value: its class. */
function describe(item: object): string {
  return `a ${item.constructor?.name ?? "object without a class"}`;
}
