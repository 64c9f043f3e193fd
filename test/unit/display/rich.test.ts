import { describe, expect, it, vi } from "vitest";
import {
  figure,
  irisFrame,
  JUPYTER_DISPLAY,
  lineChart,
  MimeBundle,
  PLOTLY_MIME,
  showModelSummary,
  tensorBundle,
  tf,
} from "../../../src";
import { installRichDisplay } from "../../../src/display/rich";
import { onBackend } from "../../support/backends";

/** What our kernel shows for `value` as a cell's last expression (its Symbol.for("Jupyter.display") bundle). */
function shown(value: object): MimeBundle {
  const method = (value as Record<symbol, unknown>)[JUPYTER_DISPLAY];
  expect(typeof method, `${value.constructor.name} has no Jupyter.display method`).toBe("function");
  return (method as () => MimeBundle).call(value);
}

/** Runs `body` and checks that it left no tensor behind. */
function withoutLeaks<T>(body: () => T): T {
  const before = tf.memory().numTensors;
  const result = body();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

describe("a tensor as a cell's last expression", () => {
  it("small 2-D: an HTML table of its values with dtype and shape, nothing leaked", () => {
    const t = tf.tensor2d([
      [1 / 3, 2, 3],
      [4, 5, 6e-5],
    ]);
    const bundle = withoutLeaks(() => shown(t));
    expect(bundle["text/html"]).toContain("<div>Tensor float32 [2, 3]</div>");
    expect(bundle["text/html"]).toContain("<tr><th>0</th><td>0.3333</td><td>2</td><td>3</td></tr>");
    expect(bundle["text/html"]).toContain("<td>0.0000600</td>");
    expect(bundle["text/plain"]).toBe(
      "Tensor float32 [2, 3]\n" + "        0  1          2\n" + "0  0.3333  2          3\n" + "1       4  5  0.0000600",
    );
    t.dispose();
  });

  it("a vector is one row, a scalar one cell, booleans read true/false", () => {
    const [v, s, b] = [tf.tensor1d([1, 2, 3], "int32"), tf.scalar(2.5), tf.tensor1d([true, false], "bool")];
    expect(shown(v)["text/plain"]).toBe("Tensor int32 [3]\n0  1  2\n1  2  3");
    expect(shown(s)["text/plain"]).toBe("Tensor float32 []\nvalue\n  2.5");
    expect(shown(b)["text/html"]).toContain("<td>true</td><td>false</td>");
    tf.dispose([v, s, b]);
  });

  it("large or high-rank: a summary (size, min, max, mean, first values) without reading it whole", () => {
    const big = tf.tidy(() => tf.add(tf.range(0, 30_000).reshape([100, 100, 3]), 1));
    const reads = (["dataSync", "arraySync", "data", "array"] as const).map((m) => vi.spyOn(big, m));
    const bundle = withoutLeaks(() => shown(big));
    for (const read of reads) expect(read).not.toHaveBeenCalled();
    expect(bundle["text/plain"]).toBe(
      "Tensor float32 [100, 100, 3]\n" +
        "values  min    max     mean               first values\n" +
        "30,000    1  30000  15000.5  1, 2, 3, 4, 5, 6, 7, 8, …",
    );
    expect(bundle["text/html"]).toContain("<th>mean</th>");
    big.dispose();
  });

  it("a 1-D tensor longer than 20 values is summarised too", () => {
    const t = tf.linspace(0, 1, 21);
    expect(withoutLeaks(() => shown(t))["text/plain"]).toMatch(
      /^Tensor float32 \[21\]\nvalues.*\n\s*21\s+0\s+1\s+0.5\s/,
    );
    t.dispose();
  });

  it("a disposed tensor says so instead of throwing", () => {
    const t = tf.tensor2d([[1, 2]]);
    t.dispose();
    expect(withoutLeaks(() => shown(t))).toEqual({
      "text/html": "<div>Tensor float32 [1, 2] (disposed)</div>",
      "text/plain": "Tensor float32 [1, 2] (disposed)",
    });
  });

  it("the method is installed once per prototype, whatever how often installRichDisplay runs", () => {
    installRichDisplay();
    installRichDisplay();
    const t = tf.scalar(1);
    expect(shown(t)).toEqual(tensorBundle(t));
    expect(Object.keys(t)).not.toContain(String(JUPYTER_DISPLAY));
    t.dispose();
  });
});

describe("a danfo DataFrame or Series as a cell's last expression", () => {
  it("shows its first 20 rows as an HTML table and says how many there are", () => {
    const html = String(shown(irisFrame())["text/html"]);
    expect(html).toContain("<th>sepal_length</th>");
    expect(html.match(/<tr><th>\d+<\/th>/g)).toHaveLength(20);
    expect(html).toContain("<div>first 20 of 150 rows</div>");
  });

  it("a short Series shows whole, with its name as the column", () => {
    const counts = irisFrame().column("species").valueCounts();
    const html = String(shown(counts)["text/html"]);
    expect(html.match(/<td>50<\/td>/g)).toHaveLength(3);
    expect(html).not.toContain("rows</div>");
  });
});

describe("a model as a cell's last expression", () => {
  const layers = () => [
    tf.layers.dense({ inputShape: [4], units: 3, name: "hidden" }),
    tf.layers.dense({ units: 2, name: "out", trainable: false }),
  ];

  it("shows a summary table: layer, type, output shape, params, totals", () => {
    const model = tf.sequential({ layers: layers(), name: "tiny" });
    const text = String(withoutLeaks(() => shown(model))["text/plain"]);
    expect(text).toMatch(/^Sequential model 'tiny'\n/);
    expect(text).toMatch(/hidden\s+Dense\s+\[3\]\s+15\n\s*out\s+Dense\s+\[2\]\s+8\n\s*total\s+23\n\s*trainable\s+15$/);
    expect(shown(model)["text/html"]).toContain("<th>output shape</th>");
  });

  it("showModelSummary shows the same table", () => {
    const model = tf.sequential({ layers: layers() });
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    showModelSummary(model);
    expect(log).toHaveBeenCalledWith(shown(model)["text/plain"]);
    log.mockRestore();
  });

  it("a model that cannot be summarised yet says why instead of throwing", () => {
    expect(shown(tf.sequential())["text/plain"]).toBe(
      "Sequential (cannot show it: Sequential model cannot be built: model is empty. Add some layers first.)",
    );
  });
});

describe("a figure as a cell's last expression", () => {
  it("every builder's figure and figure({ data, layout }) show as a plot", () => {
    for (const fig of [lineChart({ loss: [3, 2, 1] }, { title: "Loss" }), figure({ data: [{ y: [1, 2] }] })]) {
      const bundle = shown(fig);
      expect(Object.keys(bundle).sort()).toEqual([PLOTLY_MIME, "text/html", "text/plain"].sort());
      expect(Object.keys(fig)).toEqual(expect.arrayContaining(["data"]));
    }
  });

  it("stays plain data: JSON, spreads and keys do not see the display method", () => {
    const spec = { data: [{ y: [1, 2] }], layout: { title: "t" } };
    const fig = figure(spec);
    expect(JSON.parse(JSON.stringify(fig))).toEqual(spec);
    expect(Object.getOwnPropertySymbols({ ...fig })).toEqual([]);
    expect(Object.getOwnPropertySymbols(spec)).toEqual([]); // the spec given is left as it was
  });
});

describe("a large tensor's mean on wasm", () => {
  it("is right where a single float32 running sum stalls (stock wasm's tf.mean gave 16.78 here)", async () => {
    const values = new Float32Array(1_000_000).fill(1);
    values[0] = 2 ** 24; // from 2^24 on, a float32 sum no longer grows by adding 1
    const text = await onBackend("wasm", () => String(tensorBundle(tf.tensor1d(values))["text/plain"]));
    await onBackend("cpu", () => 0);
    const [, , , mean] = text.split("\n")[2].trim().split(/\s+/);
    expect(Number(mean)).toBeCloseTo((2 ** 24 + 999_999) / 1e6, 2);
  });
});
