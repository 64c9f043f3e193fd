import { describe, expect, it } from "vitest";
import { bagOfWords, paddedIds, tokenize, WordVocabulary } from "../../../src";

describe("tokenize", () => {
  it("lower-cases words of letters and keeps $ and ! as tokens", () => {
    expect(tokenize("Win $100 NOW!! it's free")).toEqual(["win", "$", "now", "!", "!", "it", "s", "free"]);
    expect(tokenize("a b c d", 2)).toEqual(["a", "b"]);
    expect(tokenize("123 ...")).toEqual([]);
  });
});

describe("WordVocabulary", () => {
  const vocab = new WordVocabulary(
    [
      ["b", "a", "b"],
      ["c", "a", "b"],
    ],
    4,
  );

  it("keeps padding, unknown, then the most frequent words (ties alphabetical)", () => {
    expect(vocab.words).toEqual(["<pad>", "<unk>", "b", "a"]);
    expect(vocab.size).toBe(4);
    expect(vocab.encode(["a", "c", "b", "zz"])).toEqual([3, 1, 2, 1]);
  });

  it("refuses a size that leaves no room for words", () => {
    expect(() => new WordVocabulary([], 2)).toThrow("WordVocabulary(maxSize): expected an integer ≥ 3, found 2");
  });
});

describe("paddedIds and bagOfWords", () => {
  it("cuts and pads documents to one length", () => {
    const ids = paddedIds([[5, 6, 7], [8]], 2);
    expect([ids.dtype, ids.shape, ids.arraySync()]).toEqual([
      "int32",
      [2, 2],
      [
        [5, 6],
        [8, 0],
      ],
    ]);
    ids.dispose();
  });

  it("marks which words a document contains, padding and unknown left out", () => {
    const X = bagOfWords([[2, 2, 1, 3], [0]], 4);
    expect(X.arraySync()).toEqual([
      [0, 0, 1, 1],
      [0, 0, 0, 0],
    ]);
    X.dispose();
  });
});
