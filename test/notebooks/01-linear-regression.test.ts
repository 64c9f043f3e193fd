import { expect, it } from "vitest";
import { makeLinear, tf } from "../../src";
import { describeNotebook } from "../support/describe-notebook";
import { checksAllPassed, checksNotYetDone } from "../support/checks";

/** Least squares for the chapter's data, computed here independently in float64. */
function leastSquares() {
  const data = makeLinear({ n: 20, slope: 0.8, intercept: 15, noise: 4, xMin: 18, xMax: 60, seed: 7 });
  const [x, y] = [Array.from(data.x.dataSync()), Array.from(data.y.dataSync())];
  tf.dispose([data.x, data.y]);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  const w = x.reduce((a, v, i) => a + (v - mx) * (y[i] - my), 0) / x.reduce((a, v) => a + (v - mx) ** 2, 0);
  const b = my - w * mx;
  const mse = mean(x.map((v, i) => (w * v + b - y[i]) ** 2));
  return { w, b, mse, r2: 1 - mse / mean(y.map((v) => (v - my) ** 2)) };
}
const truth = leastSquares();
/** The chapter's exercise checks, in order (the solution notebook runs the same check cells). */
const CHECKS = ["01.1 income at 35", "01.2 learning rates that converge", "01.3 Adam's slope"];

describeNotebook("01-linear-regression.ipynb", (nb) => {
  it("finds the least-squares line in closed form", () => {
    expect(nb.number("wClosed")).toBeCloseTo(truth.w, 4);
    expect(nb.number("bClosed")).toBeCloseTo(truth.b, 3);
    expect(nb.number("mseClosed")).toBeCloseTo(truth.mse, 3);
    expect(nb.number("r2Closed")).toBeCloseTo(truth.r2, 4);
  });

  it("gets the same line by gradient descent and with a dense layer", () => {
    for (const method of ["Gd", "Layers"]) {
      expect(Math.abs(nb.number(`w${method}`) - truth.w)).toBeLessThan(1e-3);
      expect(Math.abs(nb.number(`b${method}`) - truth.b)).toBeLessThan(5e-2);
      expect(nb.number(`mse${method}`)).toBeCloseTo(truth.mse, 2);
    }
  });

  it("shows raw ages diverging and standardised ages converging at lr 0.1", () => {
    expect(nb.number("rawDivergedAtStep")).toBeGreaterThan(0);
    expect(nb.number("rawFirstLoss")).toBeGreaterThan(1_000);
    expect(nb.number("scaledLastLoss")).toBeCloseTo(truth.mse, 3);
  });

  it("leaves no tensors behind", () => expect(nb.number("numTensors")).toBe(0));

  it("shows each exercise check as not yet done", () => {
    expect(nb.checks()).toEqual(checksNotYetDone(CHECKS));
  });
});

describeNotebook("solutions/01-linear-regression.ipynb", (nb) => {
  it("exercise 1: predicts the income at 35 with each model", () => {
    expect(nb.number("predictClosed")).toBeCloseTo(truth.w * 35 + truth.b, 4);
    expect(Math.abs(nb.number("predictGd") - nb.number("predictClosed"))).toBeLessThan(0.05);
  });

  it("exercise 2: lr 0.01 is slow, 0.5 converges, 1.1 diverges", () => {
    expect(nb.number("lossLr05")).toBeCloseTo(truth.mse, 3);
    expect(nb.number("lossLr001")).toBeGreaterThan(2 * truth.mse);
    expect(nb.number("lossLr11")).toBeGreaterThan(1e6);
  });

  it("exercise 3: Adam gets the slope but not yet the intercept", () => {
    expect(Math.abs(nb.number("wAdam") - truth.w) / truth.w).toBeLessThan(0.01);
    expect(Math.abs(nb.number("bAdam") - truth.b)).toBeGreaterThan(0.5);
  });

  it("passes every exercise check of the chapter", () => {
    expect(nb.checks()).toEqual(checksAllPassed(CHECKS));
  });
});
