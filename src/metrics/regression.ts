import { checkSameLength, toNumbers } from "./labels";
import type { tf } from "../backend";

type Values = ArrayLike<number> | tf.Tensor;

/** Residuals yTrue − yPred as plain numbers. */
function residuals(what: string, yTrue: Values, yPred: Values): { t: number[]; r: number[] } {
  const [t, p] = [toNumbers(yTrue), toNumbers(yPred)];
  checkSameLength(what, t, p);
  if (t.length === 0) throw new Error(`${what}: expected at least one value, found none`);
  return { t, r: t.map((v, i) => v - p[i]) };
}

/** Mean squared error. */
export function mse(yTrue: Values, yPred: Values): number {
  const { r } = residuals("mse", yTrue, yPred);
  return r.reduce((a, v) => a + v * v, 0) / r.length;
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
