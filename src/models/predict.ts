import { tf } from "../backend";

/** The class each sample is predicted to be (argmax of the model's `[n, classes]` output), as plain numbers. */
export function predictClasses(model: tf.LayersModel, X: tf.Tensor, options: { batchSize?: number } = {}): number[] {
  return tf.tidy(() => {
    const output = model.predict(X, options);
    if (Array.isArray(output) || output.rank !== 2) {
      const found = Array.isArray(output) ? `${output.length} outputs` : `shape [${output.shape.join(", ")}]`;
      throw new Error(`predictClasses: expected model '${model.name}' to output [n, classes], found ${found}`);
    }
    return Array.from(tf.argMax(output, 1).dataSync());
  });
}
