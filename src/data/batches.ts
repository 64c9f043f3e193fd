import { tf } from "../backend";
import type { Augment } from "./augment";
import { ArrayDataset, sampleSize } from "./dataset";
import { fail } from "./errors";
import { permutation, Rng, rngFor } from "./random";

/** One batch: inputs `[b, ...sampleShape]` and labels `[b]` (int32) or `[b, numClasses]` one-hot. */
export interface Batch {
  xs: tf.Tensor;
  ys: tf.Tensor;
}

/** Options of a batch pipeline. */
export interface BatchOptions {
  batchSize: number;
  /** Reshuffle every epoch (default true) with a seeded generator. */
  shuffle?: boolean;
  seed?: number;
  /** Give labels one-hot with this many classes (for categorical cross-entropy). */
  oneHotClasses?: number;
  /** Drop the last, smaller batch. */
  dropRemainder?: boolean;
  /** Give integer labels as float32 (what tfjs's sparse losses and metrics want inside fit). */
  floatLabels?: boolean;
  /** Alter each training sample on the fly (e.g. `shiftAndRotate()`); the stored data is never changed. */
  augment?: Augment;
}

/**
 * Batches from typed arrays: each epoch draws a new seeded order and copies each batch's rows into
 * fresh typed arrays (no slicing of a whole-dataset tensor). Works with custom loops and `model.fitDataset`.
 */
export class BatchPipeline {
  readonly numBatches: number;
  private readonly rng: Rng;
  private readonly rowSize: number;

  constructor(
    readonly data: ArrayDataset,
    readonly options: BatchOptions,
  ) {
    const { batchSize } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      fail("BatchPipeline option 'batchSize'", "a positive integer", String(batchSize));
    if (data.X.length !== data.n * sampleSize(data))
      fail("BatchPipeline data", `X with ${data.n} × ${sampleSize(data)} values`, `${data.X.length}`);
    if (data.y.length !== data.n) fail("BatchPipeline data", `${data.n} labels`, `${data.y.length}`);
    this.rng = rngFor(options.seed);
    this.rowSize = sampleSize(data);
    this.numBatches = options.dropRemainder ? Math.floor(data.n / batchSize) : Math.ceil(data.n / batchSize);
  }

  /** The row order of the next epoch. */
  private nextOrder(): Int32Array {
    return this.options.shuffle === false
      ? Int32Array.from({ length: this.data.n }, (_, i) => i)
      : permutation(this.data.n, this.rng);
  }

  /** Yields the batches of one epoch; the caller disposes each batch's tensors. */
  *epoch(): Generator<Batch> {
    const order = this.nextOrder();
    for (let b = 0; b < this.numBatches; b++) {
      yield this.makeBatch(order.subarray(b * this.options.batchSize, (b + 1) * this.options.batchSize));
    }
  }

  /** Builds one batch by copying the given rows. */
  private makeBatch(rows: Int32Array): Batch {
    const { X, y, sampleShape } = this.data;
    const xs = new Float32Array(rows.length * this.rowSize);
    const labels = new Int32Array(rows.length);
    const augment = this.options.augment;
    for (let i = 0; i < rows.length; i++) {
      const sample = X.subarray(rows[i] * this.rowSize, (rows[i] + 1) * this.rowSize);
      xs.set(augment ? augment(sample, this.rng) : sample, i * this.rowSize);
      labels[i] = y[rows[i]];
    }
    const classes = this.options.oneHotClasses;
    return {
      xs: tf.tensor(xs, [rows.length, ...sampleShape]),
      ys: classes
        ? tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), classes).toFloat())
        : tf.tensor1d(labels, this.options.floatLabels ? "float32" : "int32"),
    };
  }

  /** A tf.data Dataset of `{xs, ys}` for `model.fitDataset` (each epoch reshuffles). */
  toTfDataset(): tf.data.Dataset<tf.TensorContainer> {
    return tf.data.generator(() => this.epoch() as unknown as Iterator<tf.TensorContainer>);
  }
}
