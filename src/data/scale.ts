import { tf } from "../backend";
import { fail } from "./errors";

/** A fitted standardisation: per-column mean and std of the training data, and how to apply them. */
export interface Standardizer {
  mean: tf.Tensor1D;
  std: tf.Tensor1D;
  /** (X − mean) / std with the training statistics; use it on test data too. */
  transform(X: tf.Tensor2D): tf.Tensor2D;
}

/**
 * Fits mean/std on `XTrain` (shape [n, features]). A constant column has std 0: by default that is an
 * error naming the column; with `constantColumns: "center"` such columns are only centred (std taken as 1).
 */
export function standardize(
  XTrain: tf.Tensor2D,
  options: { constantColumns?: "error" | "center"; names?: string[] } = {},
): Standardizer {
  if (XTrain.rank !== 2)
    fail("standardize(XTrain)", "a 2-D tensor [n, features]", `shape [${XTrain.shape.join(", ")}]`);
  const { mean, variance } = tf.moments(XTrain, 0);
  const std = tf.tidy(() => tf.sqrt(variance)) as tf.Tensor1D;
  variance.dispose();
  const stds = std.dataSync();
  const constant = [...stds.keys()].filter((j) => !(stds[j] > 1e-12));
  if (constant.length > 0 && options.constantColumns !== "center") {
    tf.dispose([mean, std]);
    const names = constant.map((j) => options.names?.[j] ?? `column ${j}`).join(", ");
    fail(
      `standardize(XTrain): ${names}`,
      "a column whose values vary (std > 0)",
      'a constant column (std 0); drop it or pass { constantColumns: "center" }',
    );
  }
  const safeStd = tf.tidy(() => tf.where(tf.greater(std, 1e-12), std, tf.onesLike(std))) as tf.Tensor1D;
  std.dispose();
  return {
    mean: mean as tf.Tensor1D,
    std: safeStd,
    transform: (X) => tf.tidy(() => tf.div(tf.sub(X, mean), safeStd)),
  };
}

/** One-hot encodes integer labels in [0, numClasses): shape [n, numClasses], float32. */
export function oneHot(y: tf.Tensor1D, numClasses: number): tf.Tensor2D {
  if (!Number.isInteger(numClasses) || numClasses < 1)
    fail("oneHot(y, numClasses)", "a positive integer numClasses", String(numClasses));
  const labels = y.dataSync();
  const bad = labels.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= numClasses);
  if (bad >= 0)
    fail(`oneHot(y, ${numClasses})`, `integer labels in [0, ${numClasses - 1}]`, `${labels[bad]} at index ${bad}`);
  return tf.tidy(() => tf.oneHot(tf.cast(y, "int32"), numClasses).toFloat()) as tf.Tensor2D;
}
