import { expect, it } from "vitest";
import { loadMnistArrays } from "../../src";
import { describeNotebook } from "../support/describe-notebook";

/** Shapes and parameter counts written in the notebook's Markdown diagram ("→  26×26×32   … =  320 params"). */
function diagram(markdown: string): { shapes: string[]; params: number[]; total: number } {
  const block = /```\n([\s\S]*?)```/.exec(markdown)?.[1] ?? "";
  const rows = [...block.matchAll(/→[ \t]+(\d+(?:×\d+)*)(?:[ \t].*?=[ \t]+([\d,]+) params)?/g)];
  const total = Number(/total\s+([\d,]+) params/.exec(block)?.[1].replace(/,/g, ""));
  return { shapes: rows.map((m) => m[1]), params: rows.map((m) => Number((m[2] ?? "0").replace(/,/g, ""))), total };
}

/** Parameters of a conv layer (k×k×in×out + out) or dense layer (in×out + out), recomputed here. */
const weights = (fanIn: number, out: number) => fanIn * out + out;

describeNotebook(
  "07-mnist-cnn.ipynb",
  (nb) => {
    it("computes the convolution by hand exactly as tf.conv2d does, and the test recomputes it", () => {
      expect(nb.number("sobelMaxDiff")).toBeLessThan(1e-5);
      expect(nb.number("sobelOutputSide")).toBe(26);
      const x = loadMnistArrays("train").X;
      const sobel = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
      const at = (r: number, c: number) =>
        sobel.reduce((s, row, i) => s + row.reduce((t, w, j) => t + w * x[(r + i) * 28 + c + j], 0), 0);
      let absSum = 0;
      for (let r = 0; r < 26; r++) for (let c = 0; c < 26; c++) absSum += Math.abs(at(r, c));
      expect(absSum).toBeGreaterThan(10);
      expect(nb.number("sobelAbsSum")).toBeCloseTo(absSum, 3);
    });

    it("has the architecture of the Markdown diagram: shapes and parameters per layer match model.summary()", () => {
      const markdown = nb.run.notebook.cells
        .filter((c) => c.cell_type === "markdown")
        .map((c) => [c.source].flat().join(""))
        .find((s) => s.includes("max-pool 2×2"))!;
      const drawn = diagram(markdown);
      expect(nb.values().layerShapes).toEqual(drawn.shapes);
      expect(nb.values().layerParams).toEqual(drawn.params);
      const [conv1, conv2, dense] = [weights(9, 32), weights(9 * 32, 64), weights(5 * 5 * 64, 128)];
      expect(drawn.params).toEqual([conv1, 0, conv2, 0, 0, dense, weights(128, 10)]);
      expect(nb.number("params")).toBe(drawn.total);
      expect(drawn.params.reduce((a, b) => a + b, 0)).toBe(drawn.total);
    });

    it("reaches ≥ 98.8 % accuracy on the 10,000 test images, and beats the perceptron trained the same way", () => {
      expect(nb.number("testAccuracy")).toBeGreaterThanOrEqual(0.988);
      expect(nb.number("misclassified")).toBe(Math.round((1 - nb.number("testAccuracy")) * 10_000));
      expect(nb.number("mlpAccuracy")).toBeGreaterThan(0.95);
      expect(nb.number("testAccuracy")).toBeGreaterThan(nb.number("mlpAccuracy"));
      expect(nb.number("mlpParams")).toBe(weights(784, 128) + weights(128, 10));
    });

    it("shows 32 first-layer filters and the feature maps of both conv layers", () => {
      expect(nb.values().filterShape).toEqual([32, 3, 3, 1]);
      expect(nb.values().conv1MapsShape).toEqual([32, 26, 26, 1]);
      expect(nb.values().conv2MapsShape).toEqual([64, 11, 11, 1]);
    });

    it("keeps the number of live tensors constant across epochs, and frees everything at the end", () => {
      const perEpoch = nb.values().tensorsPerEpoch as number[];
      expect(perEpoch).toHaveLength(3);
      expect(new Set(perEpoch).size).toBe(1);
      expect(nb.number("numTensors")).toBe(0);
    });
  },
  { cellTimeoutS: 500, totalTimeoutS: 700 },
);

describeNotebook(
  "solutions/07-mnist-cnn.ipynb",
  (nb) => {
    it("exercise 1: the shapes and parameters predicted by the formulas are what tfjs builds", () => {
      expect(nb.values().actualShapes).toEqual(nb.values().predictedShapes);
      expect(nb.values().actualParams).toEqual(nb.values().predictedParams);
      expect(nb.values().actualShapes).toEqual(["28×28×32", "14×14×32", "7×7×64", "3×3×64", "576", "128", "10"]);
    });

    it("exercise 2: without pooling the first dense layer holds almost every weight", () => {
      expect(nb.number("unpooledDenseParams")).toBe(weights(24 * 24 * 64, 128));
      const convs = weights(9, 32) + weights(9 * 32, 64);
      expect(nb.number("unpooledParams")).toBe(convs + weights(24 * 24 * 64, 128) + weights(128, 10));
      expect(nb.number("unpooledDenseParams") / nb.number("unpooledParams")).toBeGreaterThan(0.99);
    });

    it("exercise 3: shifted digits cost both models accuracy, the CNN less than the perceptron", () => {
      const lost = (m: string) => nb.number(`${m}Plain`) - nb.number(`${m}Shifted`);
      expect(nb.number("cnnPlain")).toBeGreaterThan(0.95);
      expect(lost("mlp")).toBeGreaterThan(0);
      expect(lost("cnn")).toBeLessThan(lost("mlp"));
    });
  },
  { cellTimeoutS: 300, totalTimeoutS: 400 },
);
