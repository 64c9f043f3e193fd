import { tf } from "../backend";
import { fail } from "./errors";
import { randomNormal, Rng, rngFor } from "./random";

/** A small 2-D classification set: points X `[n, 2]` and integer labels y `[n]`. */
export interface Points2D {
  X: tf.Tensor2D;
  y: tf.Tensor1D;
}

/** Checks that a sample count is a positive integer. */
function checkCount(fn: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) fail(`${fn}(n)`, "a positive integer", String(n));
}

/** Noisy linear data y = slope·x + intercept + N(0, noise²), x uniform in [xMin, xMax] (e.g. age → income). */
export function makeLinear(options: {
  n: number;
  slope: number;
  intercept: number;
  noise: number;
  xMin: number;
  xMax: number;
  seed?: number;
}) {
  checkCount("makeLinear", options.n);
  const rng = rngFor(options.seed);
  const x = Array.from({ length: options.n }, () => options.xMin + (options.xMax - options.xMin) * rng()).sort(
    (a, b) => a - b,
  );
  const y = x.map((v) => options.slope * v + options.intercept + options.noise * randomNormal(rng));
  return { x: tf.tensor1d(x), y: tf.tensor1d(y) };
}

/** Builds a labelled 2-D set from a point generator called once per sample. */
function points(n: number, rng: Rng, make: (i: number) => [number, number, number]): Points2D {
  const xs: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const [a, b, label] = make(i);
    xs.push(a, b);
    labels.push(label);
  }
  return { X: tf.tensor2d(xs, [n, 2]), y: tf.tensor1d(labels, "int32") };
}

/** Two interleaving half circles (classes 0 and 1) with Gaussian noise. */
export function makeMoons(n: number, options: { noise?: number; seed?: number } = {}): Points2D {
  checkCount("makeMoons", n);
  const rng = rngFor(options.seed);
  const noise = options.noise ?? 0.1;
  return points(n, rng, (i) => {
    const label = i % 2;
    const t = Math.PI * rng();
    const [a, b] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    return [a + noise * randomNormal(rng), b + noise * randomNormal(rng), label];
  });
}

/** Two concentric circles: outer radius 1 (class 0), inner radius `factor` (class 1). */
export function makeCircles(n: number, options: { noise?: number; factor?: number; seed?: number } = {}): Points2D {
  checkCount("makeCircles", n);
  const rng = rngFor(options.seed);
  const noise = options.noise ?? 0.05;
  return points(n, rng, (i) => {
    const label = i % 2;
    const r = label === 0 ? 1 : (options.factor ?? 0.5);
    const t = 2 * Math.PI * rng();
    return [r * Math.cos(t) + noise * randomNormal(rng), r * Math.sin(t) + noise * randomNormal(rng), label];
  });
}

/** XOR: points uniform in [−1, 1]²; class 1 where the coordinates' signs differ. */
export function makeXor(n: number, options: { seed?: number } = {}): Points2D {
  checkCount("makeXor", n);
  const rng = rngFor(options.seed);
  return points(n, rng, () => {
    const [a, b] = [2 * rng() - 1, 2 * rng() - 1];
    return [a, b, a * b < 0 ? 1 : 0];
  });
}

/** A 2-D loss surface on a grid: z[i][j] = f(x[j], y[i]) (plotly contour layout). */
export function lossSurface(
  f: (x: number, y: number) => number,
  xRange: [number, number],
  yRange: [number, number],
  steps = 60,
) {
  const axis = ([lo, hi]: [number, number]) =>
    Array.from({ length: steps }, (_, i) => lo + ((hi - lo) * i) / (steps - 1));
  const x = axis(xRange);
  const y = axis(yRange);
  return { x, y, z: y.map((yv) => x.map((xv) => f(xv, yv))) };
}

/**
 * A memory task: remember the value shown at step 0 (marked) through `delay` steps of louder distractors.
 * X `[n, delay + 1, 2]`: channel 0 the value (uniform in [−1, 1] at step 0, in [−noise, noise] after), channel 1
 * the marker (1 at step 0 only); y `[n, 1]`: the step-0 value.
 */
export function makeRecall(n: number, delay: number, options: { noise?: number; seed?: number } = {}) {
  checkCount("makeRecall", n);
  if (!Number.isInteger(delay) || delay < 0) fail("makeRecall(delay)", "an integer ≥ 0", String(delay));
  const rng = rngFor(options.seed);
  const [T, noise] = [delay + 1, options.noise ?? 3];
  const X = new Float32Array(n * T * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = X[i * T * 2] = 2 * rng() - 1;
    X[i * T * 2 + 1] = 1;
    for (let t = 1; t < T; t++) X[(i * T + t) * 2] = noise * (2 * rng() - 1);
  }
  return { X: tf.tensor3d(X, [n, T, 2]), y: tf.tensor2d(y, [n, 1]) };
}
