import { describe, expect, it } from "vitest";
import { CharVocabulary, lossPerChar, makeRng, sampleWords, tf } from "../../../src";

const vocab = new CharVocabulary(["ab"]); // ".", "a", "b"

describe("sampleWords", () => {
  it("asks for the logits after each prefix and stops a word at the boundary", () => {
    const asked: number[][][] = [];
    // temperature 0 takes the largest logit: "a" after ".", then "b", then the boundary
    const next = (prefixes: number[][]) => {
      asked.push(prefixes.map((p) => [...p]));
      return prefixes.map((p) => [p.length >= 3 ? 1 : 0, p.length === 1 ? 1 : 0, p.length === 2 ? 1 : 0]);
    };
    expect(sampleWords(next, vocab, { count: 2, temperature: 0, rng: makeRng(1) })).toEqual(["ab", "ab"]);
    expect(asked.map((a) => a[0])).toEqual([[0], [0, 1], [0, 1, 2]]);
  });

  it("stops after maxSteps characters", () => {
    const always = (prefixes: number[][]) => prefixes.map(() => [0, 1, 0]);
    expect(sampleWords(always, vocab, { count: 1, temperature: 0, rng: makeRng(1), maxSteps: 4 })).toEqual(["aaaa"]);
  });
});

describe("lossPerChar", () => {
  it("weights each batch by its real characters", () => {
    // a loss equal to the batch's longest word: batches "a" (2 chars) and "ab","b" (3 + 2 chars)
    const loss = lossPerChar(["a", "ab", "b"], vocab, (batch) => tf.scalar(batch.X.shape[1]), 1);
    expect(loss).toBeCloseTo((2 * 2 + 3 * 3 + 2 * 2) / 7, 12);
  });
});
