import { tf } from "../backend";
import type { Rng } from "../data/random";
import { type CharVocabulary, type NextCharTensors, nextCharTensors } from "../data/text";
import { sampleWithTemperature } from "./sample";

/** Mean loss per real character over `words` (nats, if `lossOf` is a cross-entropy), in batches of `batchSize`. */
export function lossPerChar(
  words: string[],
  vocab: CharVocabulary,
  lossOf: (batch: NextCharTensors) => tf.Scalar,
  batchSize = 500,
): number {
  let [total, chars] = [0, 0];
  for (let i = 0; i < words.length; i += batchSize) {
    const batch = nextCharTensors(words.slice(i, i + batchSize), vocab);
    const n = tf.tidy(() => tf.sum(batch.mask).dataSync()[0]);
    total += tf.tidy(() => lossOf(batch).dataSync()[0]) * n;
    chars += n;
    tf.dispose([batch.X, batch.Y, batch.mask]);
  }
  return total / chars;
}

/** Options of `sampleWords`. */
export interface SampleWordsOptions {
  count: number;
  temperature: number;
  rng: Rng;
  /** Characters drawn at most per word (default 20). */
  maxSteps?: number;
}

/**
 * Words drawn one character at a time, all at once: `nextLogits(prefixes)` returns each prefix's logits for the next
 * character (prefixes of one length, boundary id 0 first); a word ends when it draws the boundary.
 */
export function sampleWords(
  nextLogits: (prefixes: number[][]) => ArrayLike<number>[],
  vocab: CharVocabulary,
  options: SampleWordsOptions,
): string[] {
  const ids = Array.from({ length: options.count }, () => [0]);
  const done = new Array<boolean>(options.count).fill(false);
  for (let step = 0; step < (options.maxSteps ?? 20) && done.includes(false); step++) {
    nextLogits(ids).forEach((z, i) => {
      const next = done[i] ? 0 : sampleWithTemperature(z, options.temperature, options.rng);
      ids[i].push(next);
      if (next === 0) done[i] = true;
    });
  }
  return ids.map((word) => vocab.decode(word));
}
