import { expect, it } from "vitest";
import { describeNotebook } from "../support/describe-notebook";

/** Softmax computed here in float64, independently of the notebook. */
const softmax = (z: number[]) =>
  z.map((v) => Math.exp(v - Math.max(...z))).map((e, _, all) => e / all.reduce((a, b) => a + b, 0));

describeNotebook("02-activation-functions.ipynb", (nb) => {
  it("autodiff matches every analytic derivative to < 1e-5", () => {
    expect(nb.number("maxGradError")).toBeLessThan(1e-5);
  });

  it("worked values at x = 2: sigmoid 0.8808, tanh 0.9640, ReLU 2", () => {
    expect(nb.number("sigmoidAt2")).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(nb.number("sigmoidAt2").toFixed(4)).toBe("0.8808");
    expect(nb.number("tanhAt2").toFixed(4)).toBe("0.9640");
    expect(nb.number("reluAt2")).toBe(2);
  });

  it("softmax of (1, 2, 3), and the stable version survives logits near 1000 where the naive one gives NaN", () => {
    const expected = softmax([1, 2, 3]);
    (nb.values().softmaxSmall as number[]).forEach((p, i) => expect(p).toBeCloseTo(expected[i], 6));
    expect(nb.values().naiveLargeIsNaN).toBe(true);
    (nb.values().stableLarge as number[]).forEach((p, i) => expect(p).toBeCloseTo(expected[i], 6));
  });

  it("measures vanishing sigmoid gradients and healthy ReLU gradients at depth 20", () => {
    expect(nb.number("sigmoidGradDepth20") / nb.number("sigmoidGradDepth1")).toBeLessThan(1e-6);
    expect(nb.number("reluGradDepth20")).toBeGreaterThan(1e-2);
  });

  it("measures dying ReLUs: none at shift 0, nearly all at shift −8", () => {
    expect(nb.number("deadAtShift0")).toBe(0);
    expect(nb.number("deadAtShiftMinus8")).toBeGreaterThan(0.9);
  });

  it("leaves no tensors behind", () => expect(nb.number("numTensors")).toBe(0));
});

describeNotebook("solutions/02-activation-functions.ipynb", (nb) => {
  it("exercise 1: softplus′ equals sigmoid", () => expect(nb.number("softplusError")).toBeLessThan(1e-5));

  it("exercise 2: leaky ReLU(−2) = −0.4 with derivative 0.2", () => {
    expect(nb.number("leakyValue")).toBeCloseTo(-0.4, 6);
    expect(nb.number("leakyGrad")).toBeCloseTo(0.2, 6);
  });

  it("exercise 3: ELU keeps gradients alive (above ReLU, far above sigmoid)", () => {
    expect(nb.number("eluDepth20")).toBeGreaterThan(nb.number("reluDepth20"));
    expect(nb.number("eluDepth20")).toBeGreaterThan(1e6 * nb.number("sigmoidDepth20"));
  });
});
