import { describe, expect, it } from "vitest";
import { tf } from "../../../src";
import { figureBundle, normalizeFigure, PLOTLY_MIME, toPlain } from "../../../src/plot";

describe("figure normalisation", () => {
  it("turns typed arrays and tensors into plain arrays without leaking tensors", () => {
    const before = tf.memory().numTensors;
    const y = tf.tensor1d([1, 2, 3]);
    const plain = toPlain({ x: new Float32Array([0.5, 1.5]), y, z: [[new Int32Array([7])]] });
    y.dispose();
    expect(plain).toEqual({ x: [0.5, 1.5], y: [1, 2, 3], z: [[[7]]] });
    expect(tf.memory().numTensors).toBe(before);
  });

  it("turns string titles into {text} at any depth", () => {
    const fig = normalizeFigure({ data: [], layout: { title: "Loss", xaxis: { title: "epoch" } } });
    expect(fig.layout).toEqual({ title: { text: "Loss" }, xaxis: { title: { text: "epoch" } } });
  });
});

describe("figure bundle", () => {
  const bundle = figureBundle({
    data: [{ x: new Float64Array([1, 2]), y: [3, 4], name: "a</script>", type: "scatter" }],
    layout: { title: "t" },
  });

  it("carries plotly JSON that survives a JSON round trip", () => {
    const json = JSON.parse(JSON.stringify(bundle[PLOTLY_MIME]));
    expect(json.data[0].x).toEqual([1, 2]);
  });

  it("carries offline HTML that cannot be closed early by data", () => {
    const html = String(bundle["text/html"]);
    expect(html).toContain("Plotly.newPlot");
    expect(html).not.toMatch(/cdn|https?:/i);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it("carries a text summary", () => {
    expect(bundle["text/plain"]).toBe("Figure: t [scatter 'a</script>']");
  });
});
