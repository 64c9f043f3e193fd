import { afterEach, describe, expect, it } from "vitest";
import { tf } from "../../../src";
import { figureBundle, jupyterProgressView, normalizeFigure, PLOTLY_MIME, toPlain } from "../../../src/plot";
import { figureGapBundle } from "../../../src/plot/bundle";
import { UNTRUSTED_NOTE } from "../../../src/plot/html";
import type { ProgressState } from "../../../src/train";

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

describe("figure HTML where no script runs (an untrusted notebook)", () => {
  const html = String(figureBundle({ data: [{ y: [1, 2] }] })["text/html"]);

  it("says why the plot is blank and how to trust the notebook, inside the plot's element", () => {
    const element = /<div id="([\w-]+)" class="dlcourse-plot"[^>]*>([\s\S]*?)<\/div>/.exec(html);
    expect(element?.[2]).toContain(UNTRUSTED_NOTE);
    expect(UNTRUSTED_NOTE).toMatch(/Trust Notebook/);
  });

  it("removes that note when its script runs", () => {
    expect(html).toMatch(
      /function clear\(\) \{\s+var el = document.getElementById\(id\);\s+if \(el\) el.textContent = "";/,
    );
  });
});

describe("live chart updates", () => {
  const KERNEL = Symbol.for("dlcourse.kernel");
  const sent: { types: string[]; displayId?: string; update?: boolean }[] = [];
  const state = (epoch: number): ProgressState => ({
    epoch,
    epochs: 2,
    batch: 1,
    samplesPerSecond: 10,
    elapsedSeconds: epoch,
    latest: { loss: 1 / epoch },
    done: epoch === 2,
    stopped: false,
    title: "Training",
  });
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[KERNEL];
  });

  it("redraws through a bundle without plotly JSON, so JupyterLab's plotly renderer draws each frame", () => {
    (globalThis as Record<symbol, unknown>)[KERNEL] = {
      display: (bundle: object, options: { displayId?: string; update?: boolean }) =>
        sent.push({ types: Object.keys(bundle), ...options }),
    };
    const view = jupyterProgressView();
    const history = (n: number) => ({
      epochs: Array.from({ length: n }, (_, i) => ({ epoch: i + 1, metrics: { loss: 1 / (i + 1) } })),
      batches: [],
    });
    view.draw(state(1), history(1));
    view.draw(state(2), history(2));
    const chart = sent[1].displayId;
    expect(sent.map(({ types, update, displayId }) => [displayId === chart ? "chart" : "bar", update, types])).toEqual([
      ["bar", false, ["text/html", "text/plain"]],
      ["chart", false, [PLOTLY_MIME, "text/html", "text/plain"]],
      ["bar", true, ["text/html", "text/plain"]],
      ["chart", true, ["text/html", "text/plain"]],
      ["chart", true, [PLOTLY_MIME, "text/html", "text/plain"]],
    ]);
  });

  it("the gap frame keeps the figure's height", () => {
    expect(figureGapBundle({ data: [], layout: { height: 460 } })["text/html"]).toContain("min-height:460px");
  });
});
