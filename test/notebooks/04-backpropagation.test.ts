import { expect, it } from "vitest";
import { describeNotebook } from "../support/describe-notebook";

describeNotebook("04-backpropagation.ipynb", (nb) => {
  it("hand-written gradients agree with central differences and tf.grads (relative error < 1e-4)", () => {
    expect(nb.number("maxRelErrorNumerical")).toBeLessThan(1e-4);
    expect(nb.number("maxRelErrorAutodiff")).toBeLessThan(1e-4);
  });

  it("trains to ≥ 0.95 accuracy by hand, and tf.layers reaches the same", () => {
    expect(nb.number("handAccuracy")).toBeGreaterThanOrEqual(0.95);
    expect(nb.number("layersAccuracy")).toBeGreaterThanOrEqual(0.95);
    expect(Math.abs(nb.number("layersAccuracy") - nb.number("handAccuracy"))).toBeLessThanOrEqual(0.01);
  });

  it("leaves no tensors behind", () => expect(nb.number("numTensors")).toBe(0));
});

describeNotebook("solutions/04-backpropagation.ipynb", (nb) => {
  it("exercise 1: the ReLU backward pass passes the gradient check", () =>
    expect(nb.number("reluError")).toBeLessThan(1e-4));

  it("exercise 2: dropping 1/n gives relative error (n−1)/(n+1)", () =>
    expect(nb.number("bugError")).toBeCloseTo(399 / 401, 3));

  it("exercise 3: 4 hidden units do about as well as 16", () => {
    expect(nb.number("accuracy4")).toBeGreaterThanOrEqual(0.95);
    expect(Math.abs(nb.number("accuracy4") - nb.number("accuracy16"))).toBeLessThan(0.03);
  });

  it("leaves no tensors behind", () => expect(nb.number("numTensors")).toBe(0));
});
