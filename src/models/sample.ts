import type { Rng } from "../data/random";

/** softmax(logits / temperature) as plain numbers; temperature 0 puts all the mass on the largest logit. */
export function softmaxWithTemperature(logits: ArrayLike<number>, temperature: number): number[] {
  if (!(temperature >= 0)) throw new Error(`softmaxWithTemperature: expected a temperature ≥ 0, found ${temperature}`);
  const values = Array.from(logits);
  const max = Math.max(...values);
  if (temperature === 0) return values.map((v) => (v === max ? 1 : 0) / values.filter((w) => w === max).length);
  const weights = values.map((v) => Math.exp((v - max) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** An index drawn from softmax(logits / temperature): below 1 sharper (0: the argmax), above 1 flatter. */
export function sampleWithTemperature(logits: ArrayLike<number>, temperature: number, rng: Rng): number {
  const probs = softmaxWithTemperature(logits, temperature);
  let [u, last] = [rng(), 0];
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] > 0) last = i;
    u -= probs[i];
    if (u < 0) return i;
  }
  return last; // u was within rounding of 1
}
