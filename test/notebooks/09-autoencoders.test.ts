import { expect, it } from "vitest";
import { loadMnistArrays } from "../../src";
import { describeNotebook } from "../support/describe-notebook";
import { checksAllPassed, checksNotYetDone } from "../support/checks";

/** The chapter's exercise checks, in order (the solution notebook runs the same check cells). */
const CHECKS = ["09.1 KL both ways", "09.2 anomaly ratio", "09.3 a walk in code space"];

/** Parameters of a dense layer (in×out + out) or a k×k conv layer (k·k·in×out + out), recomputed here. */
const weights = (fanIn: number, out: number) => fanIn * out + out;
/** KL(N(m1, s1²) ‖ N(m2, s2²)), written out here independently of the notebook. */
const kl = (m1: number, s1: number, m2: number, s2: number) =>
  Math.log(s2) - Math.log(s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;

/** The chapter's baselines from its data, in float64: the mean training image's test MSE and Bernoulli loss. */
function baselines(): { meanImageMse: number; noCodeLoss: number } {
  const train = loadMnistArrays("train", { sample: 12_000, seed: 9, flat: true });
  const test = loadMnistArrays("test", { flat: true });
  const mean = new Float64Array(784);
  train.X.forEach((v, i) => (mean[i % 784] += v / train.n));
  const p = Array.from(mean, (m) => Math.min(Math.max(m, 1e-3), 1 - 1e-3));
  let [squares, nats] = [0, 0];
  test.X.forEach((x, i) => {
    const q = p[i % 784];
    squares += (x - mean[i % 784]) ** 2;
    nats -= x * Math.log(q) + (1 - x) * Math.log(1 - q);
  });
  return { meanImageMse: squares / test.X.length, noCodeLoss: nats / test.n };
}

describeNotebook(
  "09-autoencoders.ipynb",
  (nb) => {
    it("trains on 12,000 digits and measures on all 10,000 test digits; the baselines are recomputed here", () => {
      expect(nb.number("trainSize")).toBe(12_000);
      expect(nb.number("testSize")).toBe(10_000);
      const truth = baselines();
      expect(nb.number("meanImageMse")).toBeCloseTo(truth.meanImageMse, 5);
      expect(nb.number("noCodeLoss")).toBeCloseTo(truth.noCodeLoss, 0);
    });

    it("dense autoencoders: a longer code rebuilds test digits better, each far better than the mean image", () => {
      const codes = nb.values().codeSizes as number[];
      expect(codes).toEqual([2, 8, 32]);
      expect(nb.values().denseParams).toEqual(
        codes.map((c) => weights(784, 128) + weights(128, c) + weights(c, 128) + weights(128, 784)),
      );
      const errors = [nb.number("meanImageMse"), ...(nb.values().denseMse as number[])];
      for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(0.85 * errors[i - 1]);
      expect(errors[3]).toBeLessThan(0.025);
      expect(errors[3]).toBeLessThan(errors[0] / 3);
    });

    it("the 2-number code sorts the digits: 4, 7, 9 are neighbours, and 3, 5, 8", () => {
      const nearest = nb.values().aeNearest as number[];
      for (const group of [[4, 7, 9], [3, 5, 8]]) for (const d of group) expect(group).toContain(nearest[d]);
    });

    it("the denoiser has the diagram's 9,569 weights and gains ≥ 6 dB, ≥ 3 dB more than the other methods", () => {
      expect(nb.number("denoiserParams")).toBe(
        weights(9, 16) + weights(9 * 16, 32) + weights(9 * 32, 16) + weights(9 * 16, 1),
      );
      expect(nb.number("denoiserParams")).toBe(9_569);
      const [noisy, averaged, dense, denoised] = nb.values().denoisingPsnr as number[];
      expect(noisy).toBeGreaterThan(8);
      expect(noisy).toBeLessThan(11);
      expect(averaged).toBeGreaterThan(noisy + 1);
      expect(dense).toBeGreaterThan(noisy + 2);
      expect(nb.number("psnrGain")).toBeCloseTo(denoised - noisy, 10);
      expect(nb.number("psnrGain")).toBeGreaterThanOrEqual(6);
      expect(denoised).toBeGreaterThan(Math.max(averaged, dense) + 3);
    });

    it("KL of two Gaussians: the formula, the VAE's form and a million samples agree", () => {
      const exact = kl(1, 0.5, 0, 1);
      expect(nb.number("klFormula")).toBeCloseTo(exact, 12);
      expect(nb.number("klVaeTerm")).toBeCloseTo(exact, 12);
      expect(nb.values().klSamples).toEqual([100, 10_000, 1_000_000]);
      const [estimates, errors] = [nb.values().klEstimates as number[], nb.values().klStandardErrors as number[]];
      expect(Math.abs(estimates[2] - exact)).toBeLessThan(Math.min(4 * errors[2], 2e-3));
      expect(Math.abs(estimates[1] - exact)).toBeLessThan(4 * errors[1]);
      expect(errors[0] / errors[2]).toBeGreaterThan(50); // 1/√n: 100× the samples, 10× smaller, twice
    });

    it("the reparameterised gradient of E[z²] matches the exact one (2μ, 2σ) at μ = 1, σ = 0.5", () => {
      expect(Math.abs(nb.number("reparamGradMu") - 2)).toBeLessThan(0.02);
      expect(Math.abs(nb.number("reparamGradSigma") - 1)).toBeLessThan(0.03);
    });

    it("the VAE: held-out loss ≥ 25 nats below the no-code baseline, its code used and packed near N(0, 1)", () => {
      expect(nb.number("vaeLoss")).toBeCloseTo(nb.number("vaeReconstruction") + nb.number("vaeKl"), 6);
      expect(nb.number("vaeLoss")).toBeLessThan(nb.number("noCodeLoss") - 25);
      expect(nb.number("vaeKl")).toBeGreaterThan(2);
      expect(nb.number("vaeKl")).toBeLessThan(10);
      for (const m of nb.values().vaeCodeMean as number[]) expect(Math.abs(m)).toBeLessThan(0.5);
      const spread = nb.values().vaeCodeStd as number[];
      for (const s of spread) {
        expect(s).toBeGreaterThan(0.6);
        expect(s).toBeLessThan(1.6);
      }
      expect(Math.min(...(nb.values().aeCodeStd as number[]))).toBeGreaterThan(2 * Math.max(...spread));
      expect(nb.values().generatedShape).toEqual([225, 784]);
    });

    it("keeps the number of live tensors constant across the VAE's epochs, and frees everything at the end", () => {
      const perEpoch = nb.values().tensorsPerEpoch as number[];
      expect(perEpoch).toHaveLength(8);
      expect(new Set(perEpoch).size).toBe(1);
      expect(nb.number("numTensors")).toBe(0);
    });

    it("shows each exercise check as not yet done", () => {
      expect(nb.checks()).toEqual(checksNotYetDone(CHECKS));
    });
  },
  { cellTimeoutS: 300, totalTimeoutS: 400 },
);

describeNotebook(
  "solutions/09-autoencoders.ipynb",
  (nb) => {
    it("exercise 1: KL(q ‖ p) and KL(p ‖ q) by formula (about 4× apart), confirmed by a million samples", () => {
      const [qp, pq] = [kl(2, 0.5, 0, 1), kl(0, 1, 2, 0.5)];
      expect(nb.values().klBothWays).toEqual([expect.closeTo(qp, 10), expect.closeTo(pq, 10)]);
      expect(pq / qp).toBeGreaterThan(3.5);
      expect(pq / qp).toBeLessThan(4.5);
      const sampled = nb.values().klSampled as number[];
      expect(Math.abs(sampled[0] - qp) / qp).toBeLessThan(0.01);
      expect(Math.abs(sampled[1] - pq) / pq).toBeLessThan(0.01);
    });

    it("exercise 2: upside-down digits are rebuilt worse; a 5 % alarm flags about a third, almost no 1", () => {
      expect(nb.number("anomalyRatio")).toBeGreaterThan(1.3);
      const [flagged, byDigit] = [nb.number("flagged"), nb.values().flaggedByDigit as number[]];
      expect(flagged).toBeGreaterThan(0.2);
      expect(flagged).toBeLessThan(0.45);
      expect(byDigit[1]).toBeLessThan(0.05);
      for (const d of [6, 9]) expect(byDigit[d]).toBeLessThan(flagged);
      const mostFlagged = byDigit.map((f, d) => [f, d]).sort((a, b) => b[0] - a[0]);
      expect(mostFlagged.slice(0, 3).map(([, d]) => d).sort()).toEqual([2, 4, 8]);
    });

    it("exercise 3: 8 images along the code-space line, its ends the two digits' reconstructions", () => {
      expect(nb.values().codePathShape).toEqual([8, 784]);
      for (const e of nb.values().codePathEndsMse as number[]) expect(e).toBeLessThan(1e-8);
    });

    it("passes every exercise check of the chapter, and leaves no tensors behind", () => {
      expect(nb.checks()).toEqual(checksAllPassed(CHECKS));
      expect(nb.number("numTensors")).toBe(0);
    });
  },
  { cellTimeoutS: 300, totalTimeoutS: 400 },
);
