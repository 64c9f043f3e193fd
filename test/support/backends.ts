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
