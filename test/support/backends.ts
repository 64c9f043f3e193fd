import { setupBackend, tf } from "../../src";

/** Runs `fn` on the given backend and returns its plain-array result (tensors created inside are freed). */
export async function onBackend<T extends tf.TensorContainer>(backend: "cpu" | "wasm", fn: () => T): Promise<T> {
  await setupBackend({ backend });
  return tf.tidy(fn);
}

/** Seeded random values for a shape. */
export function randomValues(shape: number[], seed: number): number[] {
  return Array.from(tf.tidy(() => tf.randomUniform(shape, -2, 2, "float32", seed).dataSync()));
}

/** What a leak would raise: live tensors, the backend's data ids, and bytes held. */
export function memoryUsage(): number[] {
  return [tf.memory().numTensors, tf.engine().backend.numDataIds(), tf.memory().numBytes];
}

/** A model with its data and optimizer, for trainedWeights. */
export interface Training {
  model: tf.LayersModel;
  x: tf.Tensor;
  y: tf.Tensor;
  optimizer: tf.Optimizer;
}

/**
 * Builds a model and its data (`build`), takes `steps` optimizer steps on their softmax cross-entropy and frees it all:
 * the first weight before training, every weight after, and how many tensors were left behind.
 */
export function trainedWeights(build: () => Training, steps: number) {
  const start = tf.memory().numTensors;
  const { model, x, y, optimizer } = build();
  const before = Array.from(model.getWeights()[0].dataSync());
  const loss = () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
  for (let step = 0; step < steps; step++) tf.tidy(() => void optimizer.minimize(loss));
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return { before, weights, leaked: tf.memory().numTensors - start };
}
