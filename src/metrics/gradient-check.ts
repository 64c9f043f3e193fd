/** Relative error ‖a − b‖ / (‖a‖ + ‖b‖) of two gradients, flattened alike (0 when both are zero). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new Error(`relativeError: expected arrays of one length, found ${a.length} and ${b.length}`);
  let [diff, normA, normB] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    normA += a[i] ** 2;
    normB += b[i] ** 2;
  }
  const scale = Math.sqrt(normA) + Math.sqrt(normB);
  return scale === 0 ? 0 : Math.sqrt(diff) / scale;
}

/**
 * Central differences (f(w + ε) − f(w − ε)) / 2ε for every entry of every array in `params`: the gradient of `f`,
 * computed in float64 (write `f` in plain JavaScript: float32 is too coarse for this). Entries are restored.
 */
export function centralDifferences<K extends string>(
  f: (params: Record<K, number[]>) => number,
  params: Record<K, number[]>,
  eps = 1e-5,
): Record<K, number[]> {
  const grads = {} as Record<K, number[]>;
  for (const key of Object.keys(params) as K[]) {
    const w = params[key];
    grads[key] = w.map((value, i) => {
      w[i] = value + eps;
      const up = f(params);
      w[i] = value - eps;
      const down = f(params);
      w[i] = value;
      return (up - down) / (2 * eps);
    });
  }
  return grads;
}
