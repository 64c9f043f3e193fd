/** A dataset as flat typed arrays: `n` samples, each of shape `sampleShape`, with one integer label each. */
export interface ArrayDataset {
  X: Float32Array;
  y: Int32Array;
  n: number;
  sampleShape: number[];
}

/** Number of values in one sample. */
export function sampleSize(data: ArrayDataset): number {
  return data.sampleShape.reduce((a, b) => a * b, 1);
}

/** The samples at the given indices, copied into a new dataset (row order as given). */
export function takeRows(data: ArrayDataset, indices: ArrayLike<number>): ArrayDataset {
  const size = sampleSize(data);
  const X = new Float32Array(indices.length * size);
  const y = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    X.set(data.X.subarray(row * size, (row + 1) * size), i * size);
    y[i] = data.y[row];
  }
  return { X, y, n: indices.length, sampleShape: data.sampleShape };
}
