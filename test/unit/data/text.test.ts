import { describe, expect, it } from "vitest";
import { CharVocabulary, lengthBatches, makeRecall, makeRng, nextCharTensors, tf } from "../../../src";

describe("CharVocabulary", () => {
  const vocab = new CharVocabulary(["ann", "bob", "ann-li"]);

  it("puts the boundary first, then the characters sorted", () => {
    expect(vocab.chars).toEqual([".", "-", "a", "b", "i", "l", "n", "o"]);
    expect(vocab.size).toBe(8);
  });

  it("encodes a word between boundaries and decodes it back", () => {
    expect(vocab.encode("ann")).toEqual([0, 2, 6, 6, 0]);
    expect(vocab.decode(vocab.encode("ann-li"))).toBe("ann-li");
  });

  it("names an unknown character, a boundary inside a word and an unknown id", () => {
    expect(() => vocab.encode("anz")).toThrow(`CharVocabulary.encode("anz"): expected known characters, found 'z'`);
    expect(() => new CharVocabulary(["a.b"])).toThrow("words without the boundary character '.'");
    expect(() => vocab.decode([2, 99])).toThrow("CharVocabulary.decode: expected known ids, found 99");
  });
});

describe("nextCharTensors", () => {
  it("shifts targets by one step, pads to the longest word and masks the padding", () => {
    const vocab = new CharVocabulary(["ab", "b"]);
    const { X, Y, mask } = nextCharTensors(["ab", "b"], vocab);
    expect(X.shape).toEqual([2, 3, 3]);
    const ids = (t: tf.Tensor) => (tf.argMax(t, 2).arraySync() as number[][]).map((row) => row.join(""));
    expect(ids(X)).toEqual(["012", "020"]); // . a b | . b (pad)
    expect(ids(Y)).toEqual(["120", "200"]); // a b . | b . (pad)
    expect(mask.arraySync()).toEqual([
      [1, 1, 1],
      [1, 1, 0],
    ]);
    expect(tf.sum(X, 2).arraySync()).toEqual(mask.arraySync());
    tf.dispose([X, Y, mask]);
  });
});

describe("lengthBatches", () => {
  it("keeps every word once, in batches of similar length (pools of 8 batches sorted), seeded", () => {
    const words = Array.from({ length: 160 }, (_, i) => "x".repeat(1 + ((i * 7) % 13)));
    const batches = lengthBatches(words, 10, makeRng(1));
    expect(batches.flat().sort()).toEqual([...words].sort());
    expect(batches.map((b) => b.length)).toEqual(Array(16).fill(10));
    const spread = (b: string[]) => Math.max(...b.map((w) => w.length)) - Math.min(...b.map((w) => w.length));
    expect(Math.max(...batches.map(spread))).toBeLessThanOrEqual(3);
    expect(lengthBatches(words, 10, makeRng(1))).toEqual(batches);
  });
});

describe("makeRecall", () => {
  it("marks step 0, whose value is the target, and fills the delay with louder distractors", () => {
    const { X, y } = makeRecall(200, 5, { seed: 1 });
    expect(X.shape).toEqual([200, 6, 2]);
    const x = X.arraySync();
    const target = y.arraySync();
    x.forEach((steps, i) => {
      expect(steps.map((s) => s[1])).toEqual([1, 0, 0, 0, 0, 0]);
      expect(steps[0][0]).toBe(target[i][0]);
    });
    const values = x.flatMap((steps) => steps.slice(1).map((s) => s[0]));
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(2.5);
    expect(Math.max(...target.map((t) => Math.abs(t[0])))).toBeLessThanOrEqual(1);
    expect(() => makeRecall(2, -1)).toThrow("makeRecall(delay): expected an integer ≥ 0, found -1");
    tf.dispose([X, y]);
  });
});
