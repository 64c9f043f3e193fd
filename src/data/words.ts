import { tf } from "../backend";
import { fail } from "./errors";

/** Lower-case words of letters, and `$` and `!` as tokens of their own; the first `maxTokens` of them. */
export function tokenize(text: string, maxTokens = Infinity): string[] {
  const tokens = text.toLowerCase().match(/[a-z]+|[$!]/g) ?? [];
  return tokens.length > maxTokens ? tokens.slice(0, maxTokens) : tokens;
}

/** Words ↔ ids for the `maxSize` most frequent words; id 0 is padding, id 1 every other (unknown) word. */
export class WordVocabulary {
  static readonly PAD = "<pad>";
  static readonly UNKNOWN = "<unk>";
  /** Every word, its id as index: padding, unknown, then the words by falling count (ties alphabetical). */
  readonly words: string[];
  private readonly ids: Map<string, number>;

  constructor(documents: string[][], maxSize: number) {
    if (!Number.isInteger(maxSize) || maxSize < 3) fail("WordVocabulary(maxSize)", "an integer ≥ 3", `${maxSize}`);
    const counts = new Map<string, number>();
    for (const doc of documents) for (const w of doc) counts.set(w, (counts.get(w) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
    this.words = [WordVocabulary.PAD, WordVocabulary.UNKNOWN, ...ranked.slice(0, maxSize - 2)];
    this.ids = new Map(this.words.map((w, i) => [w, i]));
  }

  /** Number of ids, padding and unknown included. */
  get size(): number {
    return this.words.length;
  }

  /** The ids of a document's tokens (1 for a word outside the vocabulary). */
  encode(tokens: string[]): number[] {
    return tokens.map((w) => this.ids.get(w) ?? 1);
  }
}

/** Documents of ids as a `[n, length]` int32 tensor: cut after `length` ids, padded with 0. */
export function paddedIds(documents: number[][], length: number): tf.Tensor2D {
  const ids = new Int32Array(documents.length * length);
  documents.forEach((doc, i) => ids.set(doc.slice(0, length), i * length));
  return tf.tensor2d(ids, [documents.length, length], "int32");
}

/** Bag of words `[n, vocabSize]`: 1 where a document contains the word, else 0 (padding and unknown left out). */
export function bagOfWords(documents: number[][], vocabSize: number): tf.Tensor2D {
  const X = new Float32Array(documents.length * vocabSize);
  documents.forEach((doc, i) => doc.forEach((id) => id > 1 && (X[i * vocabSize + id] = 1)));
  return tf.tensor2d(X, [documents.length, vocabSize]);
}
