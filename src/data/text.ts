import { tf } from "../backend";
import { fail } from "./errors";
import { type Rng, shuffleInPlace } from "./random";

/** Characters ↔ integer ids; id 0 is the boundary token "." that comes before and after every word. */
export class CharVocabulary {
  /** The boundary token, id 0. */
  static readonly BOUNDARY = ".";
  /** Every token, its id as index: the boundary, then the words' characters sorted. */
  readonly chars: string[];
  private readonly ids: Map<string, number>;

  constructor(words: Iterable<string>) {
    const found = new Set<string>();
    for (const word of words) for (const c of word) found.add(c);
    if (found.has(CharVocabulary.BOUNDARY))
      fail("CharVocabulary(words)", "words without the boundary character '.'", "a word containing '.'");
    this.chars = [CharVocabulary.BOUNDARY, ...[...found].sort()];
    this.ids = new Map(this.chars.map((c, i) => [c, i]));
  }

  /** Number of tokens, the boundary included. */
  get size(): number {
    return this.chars.length;
  }

  /** The ids of a word wrapped in boundaries: "ann" → [0, id(a), id(n), id(n), 0]. */
  encode(word: string): number[] {
    const ids = [0];
    for (const c of word) {
      const id = this.ids.get(c);
      if (id === undefined || id === 0) fail(`CharVocabulary.encode("${word}")`, "known characters", `'${c}'`);
      ids.push(id);
    }
    ids.push(0);
    return ids;
  }

  /** The characters of `ids`, boundaries left out. */
  decode(ids: Iterable<number>): string {
    let text = "";
    for (const id of ids) if (id !== 0) text += this.chars[id] ?? fail("CharVocabulary.decode", "known ids", `${id}`);
    return text;
  }
}

/**
 * Next-character data for words: inputs X and targets Y one-hot `[n, T, vocab.size]` (T = longest word + 1),
 * and `mask` `[n, T]`, 1 on a word's steps and 0 on the padding after it.
 */
export type NextCharTensors = { X: tf.Tensor3D; Y: tf.Tensor3D; mask: tf.Tensor2D };

/** Encodes words for next-character prediction: step t reads character t (boundary first), predicts character t+1. */
export function nextCharTensors(words: string[], vocab: CharVocabulary): NextCharTensors {
  if (words.length === 0) fail("nextCharTensors(words)", "at least one word", "none");
  const encoded = words.map((w) => vocab.encode(w));
  const [n, T, V] = [words.length, Math.max(...encoded.map((ids) => ids.length - 1)), vocab.size];
  const X = new Float32Array(n * T * V);
  const Y = new Float32Array(n * T * V);
  const mask = new Float32Array(n * T);
  encoded.forEach((ids, i) => {
    for (let t = 0; t + 1 < ids.length; t++) {
      X[(i * T + t) * V + ids[t]] = 1;
      Y[(i * T + t) * V + ids[t + 1]] = 1;
      mask[i * T + t] = 1;
    }
  });
  return { X: tf.tensor3d(X, [n, T, V]), Y: tf.tensor3d(Y, [n, T, V]), mask: tf.tensor2d(mask, [n, T]) };
}

/** Batches of words of similar length (less padding): sorted within pools of 8 batches, then shuffled. */
export function lengthBatches(words: string[], batchSize: number, rng: Rng): string[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    fail("lengthBatches(batchSize)", "a positive integer", `${batchSize}`);
  const shuffled = shuffleInPlace([...words], rng);
  const batches: string[][] = [];
  for (let start = 0; start < shuffled.length; start += 8 * batchSize) {
    const pool = shuffled.slice(start, start + 8 * batchSize).sort((a, b) => a.length - b.length);
    for (let i = 0; i < pool.length; i += batchSize) batches.push(pool.slice(i, i + batchSize));
  }
  return shuffleInPlace(batches, rng);
}
