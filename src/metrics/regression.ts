import { checkSameLength, toNumbers } from "./labels";
import { tf } from "../backend";

type Values = ArrayLike<number> | tf.Tensor;

/** Residuals yTrue − yPred as plain numbers. */
function residuals(what: string, yTrue: Values, yPred: Values): { t: number[]; r: number[] } {
  const [t, p] = [toNumbers(yTrue), toNumbers(yPred)];
  checkSameLength(what, t, p);
  if (t.length === 0) throw new Error(`${what}: expected at least one value, found none`);
  return { t, r: t.map((v, i) => v - p[i]) };
}

/** Mean squared error; of two tensors it is computed by the backend, without copying their values out. */
export function mse(yTrue: Values, yPred: Values): number {
  if (yTrue instanceof tf.Tensor && yPred instanceof tf.Tensor) return tensorMse(yTrue, yPred);
  const { r } = residuals("mse", yTrue, yPred);
  return r.reduce((a, v) => a + v * v, 0) / r.length;
}

/** Mean squared error of two tensors of the same size (their shapes may differ, e.g. `[n, 784]` and images). */
function tensorMse(yTrue: tf.Tensor, yPred: tf.Tensor): number {
  if (yTrue.size !== yPred.size)
    throw new Error(`mse: expected yTrue and yPred of the same length, found ${yTrue.size} and ${yPred.size}`);
  if (yTrue.size === 0) throw new Error("mse: expected at least one value, found none");
  return tf.tidy(() => tf.mean(tf.squaredDifference(yTrue.reshape([-1]), yPred.reshape([-1]))).dataSync()[0]);
}

/** Peak signal-to-noise ratio in dB, 10·log10(peak² / MSE) (peak 1 for pixels in [0, 1]); higher is better. */
export function psnr(yTrue: Values, yPred: Values, peak = 1): number {
  return 10 * Math.log10((peak * peak) / mse(yTrue, yPred));
}

/** Mean absolute error. */
export function mae(yTrue: Values, yPred: Values): number {
  const { r } = residuals("mae", yTrue, yPred);
  return r.reduce((a, v) => a + Math.abs(v), 0) / r.length;
}

/** Coefficient of determination R² = 1 − SS_res / SS_tot (1 is perfect; can be negative). */
export function r2(yTrue: Values, yPred: Values): number {
  const { t, r } = residuals("r2", yTrue, yPred);
  const mean = t.reduce((a, b) => a + b, 0) / t.length;
  const ssTot = t.reduce((a, v) => a + (v - mean) ** 2, 0);
  if (ssTot === 0) throw new Error("r2: expected yTrue with some variance, found all values equal");
  return 1 - r.reduce((a, v) => a + v * v, 0) / ssTot;
}
