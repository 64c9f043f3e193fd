import { inflateSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import {
  confusionMatrixFigure,
  decisionBoundary,
  figureBundle,
  functionWithDerivative,
  grayscalePng,
  imageGridBundle,
  lineChart,
  normalizeFigure,
  scatterByClass,
  showModelSummary,
  tf,
  toGrayscale,
} from "../../../src";

describe("figure builders", () => {
  it("line chart: one named trace per series, tensors converted", () => {
    const fig = normalizeFigure(
      lineChart({ train: tf.tensor1d([3, 2, 1]), val: [3, 2.5, 2.2] }, { title: "Loss", xTitle: "epoch" }),
    );
    expect(fig.data.map((t) => [t.name, t.y])).toEqual([
      ["train", [3, 2, 1]],
      ["val", [3, 2.5, 2.2]],
    ]);
    expect(fig.layout.xaxis).toEqual({ title: { text: "epoch" } });
  });

  it("scatter by class: one trace per class with its points", () => {
    const fig = scatterByClass(
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      [1, 0, 1],
      { classNames: ["a", "b"] },
    );
    expect(fig.data.map((t) => [t.name, t.x])).toEqual([
      ["a", [1]],
      ["b", [0, 2]],
    ]);
  });

  it("confusion matrix: a count in every cell, true classes as rows", () => {
    const fig = confusionMatrixFigure(
      [
        [5, 1],
        [2, 7],
      ],
      ["cat", "dog"],
    );
    const notes = fig.layout!.annotations as { x: string; y: string; text: string }[];
    expect(notes.map((a) => `${a.y}->${a.x}:${a.text}`)).toEqual([
      "cat->cat:5",
      "cat->dog:1",
      "dog->cat:2",
      "dog->dog:7",
    ]);
  });

  it("function with derivative: autodiff matches the analytic derivative", () => {
    const fig = functionWithDerivative("tanh", (x) => tf.tanh(x), [-3, 3], { points: 61 });
    const [x, dy] = [fig.data[1].x as number[], fig.data[1].y as number[]];
    x.forEach((v, i) => expect(dy[i]).toBeCloseTo(1 - Math.tanh(v) ** 2, 5));
  });

  it("decision boundary: a steps×steps grid of predicted classes under the points", () => {
    const X = tf.tensor2d([
      [-1, 0],
      [1, 0],
    ]);
    const fig = decisionBoundary(
      (grid) => tf.cast(tf.greater(grid.slice([0, 0], [-1, 1]).squeeze(), 0), "int32"),
      X,
      [0, 1],
      { steps: 20 },
    );
    const z = fig.data[0].z as number[][];
    expect([z.length, z[0].length]).toEqual([20, 20]);
    expect([z[0][0], z[0][19]]).toEqual([0, 1]);
    expect(fig.data).toHaveLength(3);
  });
});

describe("image grid", () => {
  it("encodes valid grayscale PNGs whose pixels round-trip", () => {
    const pixels = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    const png = grayscalePng(pixels, 4, 3);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
    const idatLength = png.readUInt32BE(33);
    const rows = inflateSync(png.subarray(41, 41 + idatLength));
    expect([...rows]).toEqual([0, 0, 20, 40, 60, 0, 80, 100, 120, 140, 0, 160, 180, 200, 220]);
  });

  it("shows each image with an escaped caption and frames highlighted ones", () => {
    const bundle = imageGridBundle(tf.randomUniform([3, 28, 28, 1]), {
      captions: ["7", "<b>1</b>", "3 (true 8)"],
      highlight: [false, false, true],
    });
    const html = String(bundle["text/html"]);
    expect(html.match(/<img /g)).toHaveLength(3);
    expect(html).toContain("&lt;b&gt;1&lt;/b&gt;");
    expect(html.match(/2px solid #d62728/g)).toHaveLength(1);
    expect(bundle["text/plain"]).toBe("Images: 3 images 28×28, 1 highlighted");
  });

  it("lays images out in a fixed number of columns, without empty captions", () => {
    const html = String(imageGridBundle(tf.zeros([6, 4, 4]), { columns: 3 })["text/html"]);
    expect(html).toContain("grid-template-columns:repeat(3,max-content)");
    expect(html).not.toContain("<figcaption");
    expect(() => imageGridBundle(tf.zeros([2, 4, 4]), { columns: 0 })).toThrow(
      "imageGrid option 'columns': expected a positive integer, found 0",
    );
  });

  it("scales every image from a fixed range when given one (a faint image stays faint), clipping outside it", () => {
    const faint = tf.tensor3d([0, 0.25, 0.5, 2, 0, 0.1, 0.2, 0.4], [2, 2, 2]); // two 2×2 images
    expect(toGrayscale(faint, [0, 1]).pixels.map((p) => [...p])).toEqual([
      [0, 64, 128, 255],
      [0, 26, 51, 102],
    ]);
    expect(toGrayscale(faint).pixels.map((p) => [...p])[1]).toEqual([0, 64, 128, 255]);
    expect(() => imageGridBundle(faint, { range: [1, 1] })).toThrow(
      "imageGrid option 'range': expected [low, high] with low < high, found [1, 1]",
    );
    faint.dispose();
  });

  it("rejects shapes that are not images", () => {
    expect(() => imageGridBundle(tf.zeros([2, 5]))).toThrow(
      "imageGrid: expected images [n, h, w], [n, h, w, 1] or [n, h·w] (square), found [2, 5]",
    );
  });
});

describe("size of figures", () => {
  it("10 typical figures stay far below 1 MB in a saved notebook", () => {
    const curve = Array.from({ length: 100 }, (_, i) => Math.exp(-i / 30));
    const figures = Array.from({ length: 10 }, (_, i) =>
      figureBundle(
        i % 2
          ? lineChart({ loss: curve, val: curve })
          : confusionMatrixFigure([
              [50, 2],
              [3, 45],
            ]),
      ),
    );
    expect(JSON.stringify(figures).length).toBeLessThan(100_000);
  });
});

describe("model summary table", () => {
  it("lists layers, output shapes and parameter counts", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 3, name: "hidden" }),
        tf.layers.dense({ units: 2, name: "out" }),
      ],
    });
    showModelSummary(model);
    expect(log.mock.calls[0][0]).toMatch(
      /hidden\s+Dense\s+\[3\]\s+15\n\s*out\s+Dense\s+\[2\]\s+8\n\s*total\s+23\n\s*trainable\s+23/,
    );
    log.mockRestore();
  });
});
