import { tf } from "../backend";

/** Labels given as an array, a typed array, int labels `[n]` or probabilities/one-hot `[n, k]` (argmax taken). */
export type LabelsLike = ArrayLike<number> | tf.Tensor;

/** Integer class labels as a plain array. */
export function toLabels(labels: LabelsLike): number[] {
  if (!(labels instanceof tf.Tensor)) return Array.from(labels);
  if (labels.rank === 2) return Array.from(tf.tidy(() => tf.argMax(labels, 1)).dataSync() as Int32Array);
  if (labels.rank !== 1)
    throw new Error(`labels: expected shape [n] or [n, classes], found [${labels.shape.join(", ")}]`);
  return Array.from(labels.dataSync());
}

/** Numbers from an array, a typed array or a tensor (flattened). */
export function toNumbers(values: ArrayLike<number> | tf.Tensor): number[] {
  return Array.from(values instanceof tf.Tensor ? values.dataSync() : values);
}

/** Checks that two label lists have the same length. */
export function checkSameLength(what: string, a: unknown[], b: unknown[]): void {
  if (a.length !== b.length)
    throw new Error(`${what}: expected yTrue and yPred of the same length, found ${a.length} and ${b.length}`);
}
