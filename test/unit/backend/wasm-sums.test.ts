import { describe, expect, it } from "vitest";
import { tf } from "../../../src";
import { memoryUsage, onBackend } from "../../support/backends";

/** Tensors, data ids and bytes tfjs holds: equal before and after a reduction that leaks nothing. */

/** Float64 sums (and sums of absolute values, the scale of rounding errors) of `values` over `axes`, row-major. */
function reference(values: ArrayLike<number>, shape: number[], axes: number[]): { sums: number[]; scales: number[] } {
  const keptAxes = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const size = keptAxes.reduce((n, axis) => n * shape[axis], 1);
  const [sums, scales] = [new Float64Array(size), new Float64Array(size)];
  const index = shape.map(() => 0);
  for (let i = 0; i < values.length; i++) {
    let at = 0;
    for (const axis of keptAxes) at = at * shape[axis] + index[axis];
    sums[at] += values[i];
    scales[at] += Math.abs(values[i]);
    for (let axis = shape.length - 1; axis >= 0 && ++index[axis] === shape[axis]; axis--) index[axis] = 0;
  }
  return { sums: Array.from(sums), scales: Array.from(scales) };
}

/** n float32s uniform in [0, 1), quickly (mulberry32; tfjs's seeded randomUniform takes seconds for millions). */
function uniform(n: number, seed: number): Float32Array {
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }
  return values;
}

/** Expects every value within `relative` × scale of the reference. */
function expectClose(values: ArrayLike<number>, expected: number[], scales: number[], relative: number): void {
  expect(values.length).toBe(expected.length);
  const worst = Math.max(...Array.from(values, (v, i) => Math.abs(v - expected[i]) / scales[i]));
  expect(worst).toBeLessThan(relative);
}

describe("wasm Sum and Mean stay accurate over millions of values (float32 blocks, float64 totals)", () => {
  it("47,040,000 halves: sum 23,520,000 and mean 0.5 (stock wasm: 8,388,608 and 0.18)", async () => {
    await onBackend("wasm", () => 0);
    const before = memoryUsage();
    const halves = tf.fill([47_040_000], 0.5);
    const [sum, mean] = tf.tidy(() => [tf.sum(halves), tf.mean(halves)].map((t) => t.dataSync()[0]));
    const [pixelMeans, imageMeans] = tf.tidy(() => {
      const images = tf.reshape(halves, [60_000, 28, 28]);
      return [tf.mean(images, 0), tf.mean(images, [1, 2])].map((t) => Array.from(t.dataSync()));
    });
    halves.dispose();
    expect(Math.abs(sum - 23_520_000)).toBeLessThanOrEqual(1e-6 * 23_520_000);
    expect(Math.abs(mean - 0.5)).toBeLessThanOrEqual(1e-6 * 0.5);
    expect(new Set(pixelMeans)).toEqual(new Set([0.5]));
    expect(new Set(imageMeans)).toEqual(new Set([0.5]));
    expect(memoryUsage()).toEqual(before);
  });

  /** Long reductions: a whole tensor, rows (trailing axes), columns (leading: 4-column vectors and a remainder), and
   * middle or scattered axes (transposed first). */
  const LONG: [number[], number[]][] = [
    [[1_000_003], [0]],
    [[3, 1_000_000], [1]],
    [[1_000_000, 3], [0]],
    [
      [20_000, 50, 3],
      [0, 1],
    ],
    [[30_000, 37], [0]],
    [[37, 30_000], [1]],
    [[2, 300_000, 5], [1]],
    [
      [5, 4, 100_000],
      [0, 2],
    ],
  ];

  it.each(LONG)("shape %j over axes %j: sums and means within 1e-6 of float64, nothing leaked", async (shape, axes) => {
    await onBackend("wasm", () => 0);
    const positive = uniform(tf.util.sizeFromShape(shape), shape.length + axes[0]);
    const signed = positive.map((v) => v - 0.5);
    const before = memoryUsage();
    const [sums, means, signedSums] = tf.tidy(() => {
      const [x, s] = [tf.tensor(positive, shape), tf.tensor(signed, shape)];
      return [tf.sum(x, axes), tf.mean(x, axes), tf.sum(s, axes)].map((t) => t.dataSync());
    });
    expect(memoryUsage()).toEqual(before);
    const expected = reference(positive, shape, axes);
    const count = positive.length / expected.sums.length;
    expectClose(sums, expected.sums, expected.sums, 1e-6);
    expectClose(
      means,
      expected.sums.map((s) => s / count),
      expected.sums.map((s) => s / count),
      1e-6,
    );
    const expectedSigned = reference(signed, shape, axes); // cancellation: errors relative to the sum of |x|
    expectClose(signedSums, expectedSigned.sums, expectedSigned.scales, 1e-6);
  });

  it("means of int32 and bool tensors (stock wasm: 3.36 for 20 million threes); int32 sums stay exact", async () => {
    await onBackend("wasm", () => 0);
    const before = memoryUsage();
    const [intMean, boolMean, intSum] = tf.tidy(() => {
      const threes = tf.fill([20_000_000], 3, "int32");
      const sum = tf.sum(threes);
      expect(sum.dtype).toBe("int32");
      const lastThreeQuarters = tf.greaterEqual(tf.range(0, 20_000_000, 1, "int32"), 5_000_000);
      return [tf.mean(threes), tf.mean(lastThreeQuarters), sum].map((t) => t.dataSync()[0]);
    });
    expect([intMean, boolMean, intSum]).toEqual([3, 0.75, 60_000_000]);
    expect(memoryUsage()).toEqual(before);
  });

  it("NaN and infinities carry through, as in a plain sum", async () => {
    const run = () => {
      const values = new Float32Array(3000).fill(1);
      [values[5], values[1000], values[2001], values[2998]] = [NaN, Infinity, Infinity, -Infinity];
      const x = tf.tensor(values, [1000, 3]);
      return [tf.sum(x), tf.sum(x, 0), tf.mean(x, 0), tf.sum(x, 1).slice(998)].map((t) => Array.from(t.dataSync()));
    };
    const [cpu, wasm] = [await onBackend("cpu", run), await onBackend("wasm", run)];
    expect(wasm).toEqual(cpu);
    expect(wasm[1]).toEqual([Infinity, NaN, NaN]);
  });
});

/** Cases against the cpu backend: shape, axes, keepDims — leading axes (column sums), trailing, middle, all. */
const SUMS: [number[], number[], boolean][] = [
  [[64, 26, 26, 32], [0, 1, 2], false],
  [[64, 11, 11, 64], [0, 1, 2], true],
  [[300, 70], [0], false],
  [[9, 41, 53], [-3, -2], false],
  [[5, 7, 3], [0, 1], true],
  [[64, 26, 26, 32], [1, 2], false],
  [[40, 500], [1], false],
  [[3, 4, 5], [0, 2], true],
  [[7], [0], false],
  [[2, 1, 1], [0], false],
];

describe("wasm Sum and Mean overrides vs the cpu backend", () => {
  it.each(SUMS)("shape %j, axes %j, keepDims %s: same shapes, sums and means", async (shape, axes, keepDims) => {
    const values = Array.from(uniform(tf.util.sizeFromShape(shape), shape[0] + axes.length), (v) => 4 * v - 2);
    const run = () => {
      const x = tf.tensor(values, shape);
      return [tf.sum(x, axes, keepDims), tf.mean(x, axes, keepDims)].map((t) => ({
        shape: t.shape,
        values: Array.from(t.dataSync()),
      }));
    };
    const cpu = await onBackend("cpu", run);
    const wasm = await onBackend("wasm", run);
    const { scales } = reference(values, shape, tf.util.parseAxisParam(axes, shape));
    const count = values.length / scales.length;
    expect(wasm.map((r) => r.shape)).toEqual(cpu.map((r) => r.shape));
    expectClose(wasm[0].values, cpu[0].values, scales, 1e-6);
    expectClose(
      wasm[1].values,
      cpu[1].values,
      scales.map((s) => s / count),
      1e-6,
    );
  });

  it("leaks nothing and sums exactly what it should", async () => {
    await onBackend("wasm", () => 0);
    const x = tf.ones([64, 26, 26, 32]);
    const before = memoryUsage();
    tf.sum(x, [0, 1, 2]).dispose();
    tf.mean(x, [1, 2]).dispose();
    expect(memoryUsage()).toEqual(before);
    expect(Array.from(tf.tidy(() => tf.sum(x, [0, 1, 2]).dataSync()))).toEqual(Array(32).fill(64 * 26 * 26));
    x.dispose();
  });
});
