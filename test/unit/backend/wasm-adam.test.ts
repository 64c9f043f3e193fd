import { describe, expect, it } from "vitest";
import { tf } from "../../../src";
import { setLearningRate } from "../../../src/train/schedule";
import { onBackend, randomValues } from "../../support/backends";

/** Variable shapes with sizes that are and are not multiples of 4 (the kernel's SIMD width), a scalar included. */
const SHAPES = [[7, 5], [5], [3, 3, 1, 4], [1], [64]];

/**
 * `steps` Adam steps on fixed random gradients (one variable gets none in odd steps), the learning rate changed
 * halfway; final variables, moments and leaks.
 */
function adamRun(steps: number, options: { keepCloneOf?: number } = {}) {
  const start = tf.memory().numTensors;
  const variables = SHAPES.map((shape, k) =>
    tf.tidy(() => tf.variable(tf.tensor(randomValues(shape, 40 + k), shape), true, `adam-test-${k}-${Math.random()}`)),
  );
  const clone = options.keepCloneOf === undefined ? undefined : variables[options.keepCloneOf].clone();
  const before = clone && Array.from(clone.dataSync());
  const optimizer = tf.train.adam(0.05, 0.8, 0.95);
  for (let step = 0; step < steps; step++) {
    if (step === Math.floor(steps / 2)) setLearningRate(optimizer, 0.005); // what learningRateScheduler does
    tf.tidy(() => {
      const gradients = SHAPES.map((shape, k) => ({
        name: variables[k].name,
        tensor: tf.tensor(randomValues(shape, 100 * step + k), shape),
      }));
      if (step % 2 === 1) gradients[2].tensor = null as unknown as tf.Tensor; // tfjs skips a variable without gradient
      optimizer.applyGradients(gradients);
    });
  }
  const values = variables.map((v) => Array.from(v.dataSync()));
  const moments = (
    optimizer as unknown as { accumulatedFirstMoment: { variable: tf.Variable }[] }
  ).accumulatedFirstMoment.map((m) => Array.from(m.variable.dataSync()));
  const cloneAfter = clone && Array.from(clone.dataSync());
  tf.dispose([...variables, ...(clone ? [clone] : [])]);
  optimizer.dispose();
  return { values, moments, before, cloneAfter, leaked: tf.memory().numTensors - start };
}

/** Expects two lists of float arrays to agree to ~6 significant digits. */
function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual.map((a) => a.length)).toEqual(expected.map((e) => e.length));
  actual.forEach((values, k) =>
    values.forEach((v, i) =>
      expect(Math.abs(v - expected[k][i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected[k][i]))),
    ),
  );
}

describe("fused Adam on wasm vs tfjs's own Adam on cpu", () => {
  it("same variables and moments over 6 steps (odd sizes, a gradient missing, lr changed), no leak", async () => {
    const cpu = await onBackend("cpu", () => adamRun(6));
    const wasm = await onBackend("wasm", () => adamRun(6));
    expectClose(wasm.values, cpu.values);
    expectClose(wasm.moments, cpu.moments);
    expect([wasm.leaked, cpu.leaked]).toEqual([0, 0]);
  });

  it("leaves a clone taken before training untouched (writes a new buffer when the data is shared)", async () => {
    const wasm = await onBackend("wasm", () => adamRun(3, { keepCloneOf: 0 }));
    const cpu = await onBackend("cpu", () => adamRun(3, { keepCloneOf: 0 }));
    expect(wasm.cloneAfter).toEqual(wasm.before);
    expectClose(wasm.values, cpu.values);
  });

  it("a product with a weight after a step sees its new values (wasm caches packed weights by data id)", async () => {
    await setupWasm();
    // Its data is owned by the variable alone.
    const weight = tf.tidy(() => tf.variable(tf.tensor(randomValues([8, 4], 5), [8, 4])));
    const x = tf.tensor(randomValues([3, 8], 6), [3, 8]);
    const bias = tf.zeros([4]);
    const dense = (w: tf.Tensor) => tf.add(tf.matMul(x, w), bias);
    tf.tidy(() => dense(weight)); // packs the weight
    const optimizer = tf.train.adam(0.1);
    tf.tidy(() => optimizer.applyGradients([{ name: weight.name, tensor: tf.onesLike(weight) }]));
    const [afterStep, fresh] = tf.tidy(() =>
      [dense(weight), dense(tf.tensor(weight.dataSync(), weight.shape))].map((t) => Array.from(t.dataSync())),
    );
    expect(afterStep).toEqual(fresh);
    tf.dispose([weight, x, bias]);
    optimizer.dispose();
  });

  it("runs as one pass: a step over 4 variables runs 2 tensor kernels (tfjs's own runs ~60)", async () => {
    await setupWasm();
    const variables = [[784, 128], [128], [128, 10], [10]].map((shape) => tf.variable(tf.ones(shape)));
    const optimizer = tf.train.adam(0.001);
    const step = () =>
      tf.tidy(() => optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: tf.onesLike(v) }))));
    step();
    const profile = await tf.profile(step);
    const kernels = profile.kernels.map((k) => k.name).filter((name) => name !== "OnesLike" && name !== "Fill");
    expect(kernels).toEqual(["Multiply", "Multiply"]); // accBeta1 and accBeta2; every variable in our kernel
    tf.dispose(variables);
    optimizer.dispose();
  });
});

/** Activates wasm. */
async function setupWasm(): Promise<void> {
  await onBackend("wasm", () => 0);
}
