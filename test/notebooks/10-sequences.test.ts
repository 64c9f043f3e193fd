import { expect, it } from "vitest";
import { describeNotebook } from "../support/describe-notebook";
import { checksAllPassed, checksNotYetDone } from "../support/checks";

/** The chapter's exercise checks, in order (the solution notebook runs the same check cells). */
const CHECKS = ["10.1 balanced scale", "10.2 LSTM without the memory bias", "10.3 trigram loss"];
const CELLS = ["simpleRNN", "lstm", "gru"];
/** The chapter's held-out LSTM loss, which the solution's trigram is compared with (when both ran). */
let chapterLstmLoss: number | undefined;

describeNotebook(
  "10-sequences.ipynb",
  (nb) => {
    it("hand-written BPTT agrees with central differences and tf.grads (relative error < 1e-4)", () => {
      expect(nb.number("maxRelErrorNumerical")).toBeLessThan(1e-4);
      expect(nb.number("maxRelErrorAutodiff")).toBeLessThan(1e-4);
    });

    it("over 40 steps the gradient vanishes at W_h × 0.5, loses orders of magnitude at × 1, grows at × 2.5", () => {
      expect(nb.number("growthSmall")).toBeLessThan(1e-6);
      expect(nb.number("growthInit")).toBeLessThan(1e-2);
      expect(nb.number("growthLarge")).toBeGreaterThan(10);
    });

    it("all three recall at delay 5; at delay 20 the SimpleRNN fails, LSTM and GRU still recall (held out)", () => {
      for (const cell of CELLS) expect(nb.number(`r2_${cell}_5`)).toBeGreaterThan(0.9);
      for (const cell of ["lstm", "gru"])
        for (const delay of [5, 10, 20]) expect(nb.number(`r2_${cell}_${delay}`)).toBeGreaterThan(0.9);
      expect(nb.number("r2_simpleRNN_20")).toBeLessThan(0.3);
    });

    it("the LSTM language model is at least 0.2 nats/char below the bigram on 494 held-out names", () => {
      expect([nb.number("numTrainNames"), nb.number("numTestNames")]).toEqual([4450, 494]);
      expect(nb.number("bigramTestLoss")).toBeLessThan(nb.number("uniformLoss") - 0.5);
      expect(nb.number("bigramTestLoss") - nb.number("lstmTestLoss")).toBeGreaterThanOrEqual(0.2);
      expect(nb.number("lstmGain")).toBeCloseTo(nb.number("bigramTestLoss") - nb.number("lstmTestLoss"), 12);
      chapterLstmLoss = nb.number("lstmTestLoss");
    });

    it("leaves no tensors behind", () => expect(nb.number("numTensors")).toBe(0));

    it("shows each exercise check as not yet done", () => {
      expect(nb.checks()).toEqual(checksNotYetDone(CHECKS));
    });
  },
  { cellTimeoutS: 300, totalTimeoutS: 400 },
);

describeNotebook(
  "solutions/10-sequences.ipynb",
  (nb) => {
    it("exercise 1: the gradient norm is balanced near W_h × 1.5, between vanishing (× 1) and growing (× 2.5)", () => {
      expect(nb.number("balancedScale")).toBe(1.5);
      expect(nb.number("growth_1")).toBeLessThan(1e-2);
      expect(nb.number("growth_2.5")).toBeGreaterThan(10);
    });

    it("exercise 2: without the forget-gate bias the LSTM fails at delay 20, with it it recalls", () => {
      expect(nb.number("lstmBiasedR2")).toBeGreaterThan(0.9);
      expect(nb.number("lstmPlainR2")).toBeLessThan(0.3);
    });

    it("exercise 3: a trigram beats the bigram, overfits more, and the chapter's LSTM beats it", () => {
      expect(nb.number("trigramLoss")).toBeLessThan(nb.number("bigramTestLoss") - 0.05);
      expect(nb.number("trigramLoss") - nb.number("trigramTrainLoss")).toBeGreaterThan(
        nb.number("bigramTestLoss") - nb.number("bigramTrainLoss"),
      );
      if (chapterLstmLoss !== undefined) expect(chapterLstmLoss).toBeLessThan(nb.number("trigramLoss"));
    });

    it("passes every exercise check of the chapter", () => {
      expect(nb.checks()).toEqual(checksAllPassed(CHECKS));
    });

    it("leaves no tensors behind", () => expect(nb.number("numTensors")).toBe(0));
  },
  { cellTimeoutS: 300, totalTimeoutS: 400 },
);
