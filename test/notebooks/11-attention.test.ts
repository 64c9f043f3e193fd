import { expect, it } from "vitest";
import { describeNotebook } from "../support/describe-notebook";
import { checksAllPassed, checksNotYetDone } from "../support/checks";

/** The held-out loss the transformer must stay below: chapter 10's LSTM. */
const TRANSFORMER_BOUND = 1.931;
/** The chapter's exercise checks, in order (the solution notebook runs the same check cells). */
const CHECKS = ["11.1 spammiest word", "11.2 attention without scaling", "11.3 transformer weights"];

describeNotebook(
  "11-attention.ipynb",
  (nb) => {
    it("reads all 6,046 emails (1,896 spam) and holds out 20 %", () => {
      expect([nb.number("numEmails"), nb.number("numSpam")]).toEqual([6046, 1896]);
      expect([nb.number("numTrainEmails"), nb.number("numTestEmails")]).toEqual([4837, 1209]);
    });

    it("the best spam model is ≥ 0.95 accurate on held-out emails; both beat always answering ham", () => {
      expect(nb.number("bestAccuracy")).toBeGreaterThanOrEqual(0.95);
      expect(nb.number("bestAccuracy")).toBe(Math.max(nb.number("bagAccuracy"), nb.number("embedAccuracy")));
      for (const model of ["bag", "embed"]) {
        expect(nb.number(`${model}Accuracy`)).toBeGreaterThan(nb.number("alwaysHamAccuracy") + 0.2);
        expect(nb.number(`${model}Precision`)).toBeGreaterThan(0.9);
        expect(nb.number(`${model}Recall`)).toBeGreaterThan(0.9);
      }
    });

    it("attention by hand agrees with the tensor version (rel. error < 1e-5); the mask hides the future", () => {
      expect(nb.number("attentionRelError")).toBeLessThan(1e-5);
      expect(nb.number("causalRelError")).toBeLessThan(1e-5);
      expect(nb.number("futureWeight")).toBe(0);
      expect(nb.number("headRowSum")).toBeCloseTo(1, 5);
    });

    it("the tiny transformer's held-out loss on chapter 10's 494 names is below the LSTM's 1.931 nats/char", () => {
      expect([nb.number("numTrainNames"), nb.number("numTestNames")]).toEqual([4450, 494]);
      expect(nb.number("lstmTestLoss")).toBe(1.931);
      expect(nb.number("transformerTestLoss")).toBeLessThan(TRANSFORMER_BOUND);
    });

    it("at the hyphen of the held-out double name every head of block 1 reads mostly the start", () => {
      expect(nb.number("hyphenToStart")).toBeGreaterThan(0.5);
    });

    it("leaves no tensors behind", () => expect(nb.number("numTensors")).toBe(0));

    it("shows each exercise check as not yet done", () => {
      expect(nb.checks()).toEqual(checksNotYetDone(CHECKS));
    });
  },
  { cellTimeoutS: 240, totalTimeoutS: 300 },
);

describeNotebook(
  "solutions/11-attention.ipynb",
  (nb) => {
    it("exercise 2: without the 1/√d_k the softmax is nearly one-hot; with it the weights spread", () => {
      expect(nb.number("meanTopWeight")).toBeGreaterThan(0.8);
      expect(nb.number("meanTopWeightScaled")).toBeLessThan(0.5);
    });

    it("exercise 3: the transformer has more weights than chapter 10's LSTM", () => {
      expect(nb.number("numWeights")).toBeGreaterThan(nb.number("lstmWeights"));
    });

    it("passes every exercise check of the chapter", () => {
      expect(nb.checks()).toEqual(checksAllPassed(CHECKS));
    });

    it("leaves no tensors behind", () => expect(nb.number("numTensors")).toBe(0));
  },
  { cellTimeoutS: 120, totalTimeoutS: 200 },
);
