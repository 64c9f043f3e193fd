import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PLOTLY_MIME } from "../../src/plot/bundle";
import { ROOT } from "../support/jupyter";
import { describeFailure, executedBeforeAll, mimeText, writeNotebook } from "../support/notebook";

/** One cell per kind of value, each the cell's last expression (the library's Symbol.for("Jupyter.display")). */
const CELLS = {
  setup: 'import { figure, irisFrame, lineChart, tf } from "dlcourse";\nconst before = tf.memory().numTensors;',
  tensor: "const x = tf.tensor2d([[1, 2], [3, 4]]);\nx",
  bigTensor: "const big = tf.ones([100, 100, 3]);\nbig",
  tensorsAlive: "tf.memory().numTensors - before",
  dataFrame: "irisFrame().head(3)",
  model: "tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, name: 'hidden' })] })",
  chart: "lineChart({ loss: [3, 2, 1] }, { title: 'Loss' })",
  figure: "figure({ data: [{ y: [1, 4, 9] }] })",
};
type CellName = keyof typeof CELLS;

describe("a tensor, a DataFrame, a model or a figure as a cell's last expression, through our kernel", () => {
  const file = writeNotebook(
    "zz-rich-display.ipynb",
    Object.values(CELLS),
    path.join(ROOT, "build", "tmp-notebooks"), // inside the repository, so that "dlcourse" resolves
  );
  const run = executedBeforeAll(file, { cellTimeoutS: 60, totalTimeoutS: 180 });
  /** The execute_result data of a cell (Out[n]), MIME type → text. */
  const result = (name: CellName): Record<string, string> => {
    const cell = run.notebook.cells[Object.keys(CELLS).indexOf(name)];
    const out = cell.outputs?.find((o) => o.output_type === "execute_result");
    return Object.fromEntries(Object.entries(out?.data ?? {}).map(([mime, v]) => [mime, mimeText(v)]));
  };
  /** A cell result's HTML, failing with the MIME types it has when it has none. */
  const html = (name: CellName): string => {
    expect(Object.keys(result(name)), `${name}: the MIME types of its Out[]`).toContain("text/html");
    return result(name)["text/html"];
  };

  it("runs every cell", () => {
    expect(run.result.ok, describeFailure(file, run.result)).toBe(true);
  });

  it("a small tensor shows as an HTML table with its dtype and shape; a large one as a summary", () => {
    expect(html("tensor")).toContain("<div>Tensor float32 [2, 2]</div>");
    expect(html("tensor")).toContain("<tr><th>1</th><td>3</td><td>4</td></tr>");
    expect(result("bigTensor")["text/plain"]).toMatch(
      /^Tensor float32 \[100, 100, 3\]\nvalues.*\n\s*30,000\s+1\s+1\s+1/,
    );
    expect(result("tensorsAlive")["text/plain"]).toBe("2"); // x and big: showing them left nothing behind
  });

  it("a DataFrame shows as an HTML table", () => {
    expect(html("dataFrame")).toContain("<th>sepal_length</th>");
    expect(html("dataFrame").match(/<tr><th>\d<\/th>/g)).toHaveLength(3);
  });

  it("a model shows its summary table", () => {
    expect(html("model")).toMatch(/<td>hidden<\/td><td>Dense<\/td><td>\[3\]<\/td><td>15<\/td>/);
  });

  it("a builder's figure and figure({ data }) show as plots (plotly JSON, offline HTML, text)", () => {
    for (const name of ["chart", "figure"] as const) {
      expect(Object.keys(result(name)).sort(), name).toEqual([PLOTLY_MIME, "text/html", "text/plain"].sort());
    }
    expect(result("chart")["text/plain"]).toBe("Figure: Loss [scatter 'loss']");
  });
});
