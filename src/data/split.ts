import { tf } from "../backend";
import { fail } from "./errors";
import { permutation, rngFor, shuffleInPlace } from "./random";

/** Options of `trainTestSplit`. */
export interface SplitOptions {
  /** Fraction of samples in the test set, in (0, 1). */
  testFraction?: number;
  seed?: number;
  /** Keep class proportions equal in both parts (needs integer labels). */
  stratify?: boolean;
}

/** Train and test row indices: seeded, optionally stratified by `labels`. */
export function splitIndices(
  n: number,
  options: SplitOptions & { labels?: ArrayLike<number> } = {},
): { train: Int32Array; test: Int32Array } {
  const fraction = options.testFraction ?? 0.2;
  if (!(fraction > 0 && fraction < 1))
    fail("trainTestSplit option 'testFraction'", "a number in (0, 1)", String(fraction));
  const rng = rngFor(options.seed);
  if (!options.stratify) {
    const order = permutation(n, rng);
    const nTest = Math.round(n * fraction);
    return { test: order.slice(0, nTest), train: order.slice(nTest) };
  }
  if (!options.labels) fail("trainTestSplit option 'stratify'", "labels y", "none");
  const train: number[] = [];
  const test: number[] = [];
  for (const members of groupByLabel(options.labels)) {
    shuffleInPlace(members, rng);
    const nTest = Math.round(members.length * fraction);
    test.push(...members.slice(0, nTest));
    train.push(...members.slice(nTest));
  }
  return { train: shuffleInPlace(Int32Array.from(train), rng), test: shuffleInPlace(Int32Array.from(test), rng) };
}

/** Row indices of each label, in label order. */
function groupByLabel(labels: ArrayLike<number>): number[][] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isInteger(labels[i]))
      fail("trainTestSplit with stratify", "integer class labels", `label ${labels[i]} at row ${i}`);
    const group = groups.get(labels[i]) ?? [];
    group.push(i);
    groups.set(labels[i], group);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((k) => groups.get(k)!);
}

/** Splits tensors X and y (same first dimension) into train and test parts. */
export function trainTestSplit<T extends tf.Tensor, L extends tf.Tensor>(X: T, y: L, options: SplitOptions = {}) {
  if (X.shape[0] !== y.shape[0]) fail("trainTestSplit(X, y)", `y with ${X.shape[0]} rows like X`, `${y.shape[0]} rows`);
  const labels = options.stratify ? y.dataSync() : undefined;
  const { train, test } = splitIndices(X.shape[0], { ...options, labels });
  return tf.tidy(() => {
    const [trainIdx, testIdx] = [tf.tensor1d(train, "int32"), tf.tensor1d(test, "int32")];
    return {
      XTrain: tf.gather(X, trainIdx) as T,
      XTest: tf.gather(X, testIdx) as T,
      yTrain: tf.gather(y, trainIdx) as L,
      yTest: tf.gather(y, testIdx) as L,
    };
  });
}

/** A seeded split of a list into train and test items (by default 10 % held out). */
export function splitItems<T>(items: T[], options: { testFraction?: number; seed?: number } = {}) {
  const { train, test } = splitIndices(items.length, { testFraction: options.testFraction ?? 0.1, seed: options.seed });
  return { train: Array.from(train, (i) => items[i]), test: Array.from(test, (i) => items[i]) };
}
