import { describe, expect, it } from "vitest";
import { makeRng, sampleWithTemperature, softmaxWithTemperature } from "../../../src";

describe("sampling with temperature", () => {
  const logits = [2, 1, 0];

  it("is softmax at temperature 1, sharper below, flatter above, the argmax at 0", () => {
    const p1 = softmaxWithTemperature(logits, 1);
    const total = Math.exp(2) + Math.exp(1) + 1;
    p1.forEach((p, i) => expect(p).toBeCloseTo(Math.exp(logits[i]) / total, 12));
    expect(softmaxWithTemperature(logits, 0.5)[0]).toBeGreaterThan(p1[0]);
    expect(softmaxWithTemperature(logits, 2)[0]).toBeLessThan(p1[0]);
    expect(softmaxWithTemperature(logits, 0)).toEqual([1, 0, 0]);
    expect(softmaxWithTemperature([1000, 999], 1)[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(() => softmaxWithTemperature(logits, -1)).toThrow("expected a temperature ≥ 0, found -1");
  });

  it("draws indices with those probabilities", () => {
    const rng = makeRng(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[sampleWithTemperature(logits, 1, rng)]++;
    softmaxWithTemperature(logits, 1).forEach((p, i) => expect(counts[i] / 20_000).toBeCloseTo(p, 2));
    expect(sampleWithTemperature(logits, 0, rng)).toBe(0);
  });
});
