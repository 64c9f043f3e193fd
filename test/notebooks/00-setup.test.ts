import * as fs from "node:fs";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { expect, it } from "vitest";
import { BACKENDS } from "../../src";
import { PLOTLY_MIME } from "../../src/plot";
import { listNotebooks, ROOT } from "../support/jupyter";
import { describeNotebook } from "../support/describe-notebook";
import { mimeText } from "../support/notebook";
import { numberValue } from "../support/values";

const file = path.join(ROOT, "notebooks", "00-setup.ipynb");

/** wasm's default: one thread per core, at most 8 (the other notebook tests pin 1: they run side by side). */
const DEFAULT_THREADS = Math.min(8, availableParallelism());

describeNotebook("00-setup.ipynb", ({ run, values }) => {
  it("is in the notebooks folder", () => expect(listNotebooks()).toContain(file));

  it("prints the backend report first, naming a known backend and why", () => {
    const first = run.notebook.cells.find((c) => c.cell_type === "code")!.outputs!;
    const report = mimeText(first[0]?.data?.["text/plain"]);
    expect(report).toMatch(/^TF\.js backend: /);
    expect(report).toMatch(/why: .+/);
    if (values().backend === "wasm") expect(report).toContain(`threads: ${DEFAULT_THREADS}`);
    else expect(report).toMatch(/threads: /);
    expect(report).toMatch(/tfjs-core 4\.22\.0/);
    expect(BACKENDS).toContain(values().backend);
  });

  it("computes X·Xᵀ for X = [[1,2],[3,4]]", () => {
    expect(values().product).toEqual([5, 11, 11, 25]);
  });

  it("checks autodiff of sin against cos", () => {
    expect(numberValue(values(), "maxGradError")).toBeLessThan(1e-5);
  });

  it("shows a plotly figure as one bundle with JSON, HTML and text", () => {
    const fig = run.outputs.find((o) => o.data?.[PLOTLY_MIME]);
    expect(fig, "no plotly output").toBeDefined();
    type Figure = { data: { x: number[]; y: number[] }[]; layout: { title: { text: string } } };
    const json = fig!.data![PLOTLY_MIME] as Figure;
    expect(json.data).toHaveLength(2);
    expect(json.data[0].x).toHaveLength(200);
    expect(json.data[0].y[50]).toBeCloseTo(Math.sin(json.data[0].x[50]), 5);
    expect(json.layout.title.text).toBe("sin x and its derivative");
    expect(mimeText(fig!.data!["text/html"])).toContain("Plotly.newPlot");
    expect(mimeText(fig!.data!["text/plain"])).toMatch(/^Figure: sin x/);
  });

  it("shows the danfo DataFrame as an HTML table and computes its mean", () => {
    const table = run.outputs.find((o) => mimeText(o.data?.["text/html"]).includes("<td>Grace</td>"));
    expect(table, "no DataFrame table").toBeDefined();
    expect(numberValue(values(), "bornMean")).toBeCloseTo((1815 + 1906 + 1912 + 1930) / 4, 6);
  });

  it("shows eight MNIST digits with their labels", () => {
    const grid = run.outputs.find((o) => mimeText(o.data?.["text/html"]).includes("dlcourse-images"));
    const html = mimeText(grid?.data?.["text/html"]);
    expect(html.match(/<img /g)).toHaveLength(8);
    expect([...html.matchAll(/label (\d)/g)].map((m) => m[1]).slice(0, 5)).toEqual(["7", "2", "1", "0", "4"]);
  });

  it("keeps the final frame of the live training display and learns the moons", () => {
    const bar = run.outputs.find((o) => mimeText(o.data?.["text/html"]).includes("dlcourse-progress"));
    expect(mimeText(bar?.data?.["text/plain"])).toMatch(
      /^epoch 30\/30  batch 10\/10  loss \d\.\d{4}  acc \d\.\d{4}  val_loss .* done in /,
    );
    const chart = run.outputs.find((o) => mimeText(o.data?.["text/plain"]).startsWith("Figure: two moons"));
    const traces = (chart?.data?.[PLOTLY_MIME] as { data: { name: string; x: number[] }[] }).data;
    expect(traces.map((t) => t.name)).toEqual(["loss", "acc", "val_loss", "val_acc"]);
    expect(traces[0].x).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(numberValue(values(), "moonsAccuracy")).toBeGreaterThanOrEqual(0.95);
  });

  it("saves small: plotly.js is not embedded in the notebook", () => {
    expect(fs.statSync(run.executedPath).size).toBeLessThan(250_000);
  });

  it("leaves no tensors behind", () => {
    expect(numberValue(values(), "numTensors")).toBe(0);
  });
}, { env: { TFJS_WASM_THREADS: "" } }); // the default, as a learner gets it
