import { afterEach, describe, expect, it } from "vitest";
import { lossSurface, makeCircles, makeLinear, makeMoons, makeXor, seed, tf, unseed } from "../../../src";

/** Initial weights of a fresh dense layer and one dropout output. */
function freshRandomness(): number[] {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
  const weights = Array.from(model.getWeights()[0].dataSync());
  const dropped = Array.from(tf.dropout(tf.ones([8]), 0.5).dataSync());
  model.dispose();
  return [...weights, ...dropped];
}

describe("seed", () => {
  afterEach(() => unseed());

  it("makes weight initialisers and dropout repeatable, and another seed differs", () => {
    seed(42);
    const a = freshRandomness();
    seed(42);
    expect(freshRandomness()).toEqual(a);
    seed(43);
    expect(freshRandomness()).not.toEqual(a);
  });

  it("makes helpers without an explicit seed repeatable", () => {
    seed(1);
    const a = makeXor(10).X.arraySync();
    seed(1);
    expect(makeXor(10).X.arraySync()).toEqual(a);
  });

  it("rejects a non-integer seed", () => {
    expect(() => seed(1.5)).toThrow("seed(n): expected an integer, got 1.5");
  });
});

describe("synthetic data", () => {
  it("makes noisy linear data around the given line", () => {
    const { x, y } = makeLinear({ n: 400, slope: 2, intercept: 5, noise: 0.5, xMin: 18, xMax: 60, seed: 1 });
    const xs = Array.from(x.dataSync());
    const ys = Array.from(y.dataSync());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(18);
    expect(Math.max(...xs)).toBeLessThanOrEqual(60);
    const residuals = xs.map((v, i) => ys[i] - (2 * v + 5));
    const mean = residuals.reduce((a, b) => a + b) / residuals.length;
    const sd = Math.sqrt(residuals.reduce((a, r) => a + (r - mean) ** 2, 0) / residuals.length);
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(sd).toBeGreaterThan(0.4);
    expect(sd).toBeLessThan(0.6);
  });

  it.each([
    ["moons", () => makeMoons(100, { seed: 1 })],
    ["circles", () => makeCircles(100, { seed: 1 })],
    ["xor", () => makeXor(100, { seed: 1 })],
  ])("%s: [n, 2] points, two classes, repeatable", (_name, make) => {
    const a = make();
    expect(a.X.shape).toEqual([100, 2]);
    expect(new Set(a.y.dataSync())).toEqual(new Set([0, 1]));
    expect(make().X.arraySync()).toEqual(a.X.arraySync());
  });

  it("puts circle classes at their radii and XOR labels by sign", () => {
    const { X, y } = makeCircles(200, { noise: 0, factor: 0.3, seed: 2 });
    const radii = (X.arraySync() as number[][]).map(([a, b]) => Math.hypot(a, b));
    Array.from(y.dataSync()).forEach((label, i) => expect(radii[i]).toBeCloseTo(label ? 0.3 : 1, 5));
    const xor = makeXor(50, { seed: 3 });
    (xor.X.arraySync() as number[][]).forEach(([a, b], i) => expect(xor.y.dataSync()[i]).toBe(a * b < 0 ? 1 : 0));
  });

  it("rejects a bad sample count", () => {
    expect(() => makeMoons(0)).toThrow("makeMoons(n): expected a positive integer, found 0");
  });

  it("evaluates a loss surface with z[row = y][column = x]", () => {
    const s = lossSurface((x, y) => x + 10 * y, [0, 1], [0, 2], 3);
    expect(s.x).toEqual([0, 0.5, 1]);
    expect(s.y).toEqual([0, 1, 2]);
    expect(s.z[2][1]).toBe(0.5 + 20);
  });
});
