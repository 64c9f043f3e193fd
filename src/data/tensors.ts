import { tf } from "../backend";
import { type ArrayDataset, sampleSize } from "./dataset";
import { fail } from "./errors";

/** A dataset as tensors: samples `[n, ...sampleShape]`, labels `[n]` (a type alias, so that `tf.dispose` takes it). */
export type DatasetTensors = { X: tf.Tensor; y: tf.Tensor1D };

/** Options of `toTensors`. */
export interface ToTensorsOptions {
  /** Label dtype: int32 (default), or float32 for `model.fit`'s sparse losses, which want float labels in tfjs. */
  labelDtype?: "int32" | "float32";
  /** Only the first `limit` samples. */
  limit?: number;
}

/** The dataset's samples as one float32 tensor `[n, ...sampleShape]` (MNIST: `[n, 28, 28, 1]`) and labels `[n]`. */
export function toTensors(data: ArrayDataset, options: ToTensorsOptions = {}): DatasetTensors {
  const size = sampleSize(data);
  if (data.X.length !== data.n * size || data.y.length !== data.n)
    fail(
      "toTensors(data)",
      `${data.n} samples of shape [${data.sampleShape.join(", ")}] (${data.n * size} values, ${data.n} labels)`,
      `${data.X.length} values and ${data.y.length} labels`,
    );
  const n = options.limit ?? data.n;
  if (!Number.isInteger(n) || n < 1 || n > data.n)
    fail("toTensors option 'limit'", `an integer in [1, ${data.n}]`, String(options.limit));
  return {
    X: tf.tensor(data.X.subarray(0, n * size), [n, ...data.sampleShape], "float32"),
    y: tf.tensor1d(data.y.subarray(0, n), options.labelDtype ?? "int32"),
  };
}
