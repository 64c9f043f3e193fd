import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, runAllCells } from "../support/browser";
import { ROOT } from "../support/jupyter";
import { JUPYTERLAB, shutDownLabKernel, startLab } from "../support/lab";
import type { RunningServer } from "../support/server";

/** Both ways a learner's JupyterLab draws our plots: our HTML fallback, or the plotly extension's renderer. */
const MODES = [
  { mode: "plain", plotly: false, port: 18_893 },
  { mode: "plotly", plotly: true, port: 18_894 },
];
const NOTEBOOKS = ["00-setup.ipynb", "01-linear-regression.ipynb"];
const SCREENSHOTS = path.join(ROOT, "build", "screenshots");

/** What a run left in the page, read from JupyterLab's notebook model and the outputs it rendered. */
interface LabReport {
  /** Error and stderr outputs, as text. */
  errors: string[];
  /** Outputs that carry a plotly figure. */
  plots: number;
  /** Of those, the ones plotly.js drew as SVG. */
  drawn: number;
  /** Outputs that say plotly.js could not be loaded. */
  notLoaded: number;
  /** Each live training chart: the epoch its progress bar reports, the epochs its figure holds and those drawn. */
  live: { reported: number; saved: number; drawn: number }[];
}

/** Reads the report of the current notebook from the page (runs in the page). */
function labReport(): LabReport {
  const PLOTLY = "application/vnd.plotly.v1+json";
  const panel = (window as any).jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets.filter((cell: any) => cell.model.type === "code");
  const epochs = (traces: any[]) =>
    Math.max(0, ...traces.filter((t) => t.mode === "lines+markers").map((t) => (t.x as unknown[]).length));
  const report: LabReport = { errors: [], plots: 0, drawn: 0, notLoaded: 0, live: [] };
  for (const cell of cells) {
    const outputs: any[] = cell.model.outputs.toJSON();
    const nodes: HTMLElement[] = cell.outputArea.widgets.map((w: any) => w.node);
    let progress: string | undefined;
    outputs.forEach((output, i) => {
      if (output.output_type === "error") report.errors.push(`${output.ename}: ${output.evalue}`);
      if (output.name === "stderr") report.errors.push(String(output.text));
      const html = String(output.data?.["text/html"] ?? "");
      if (html.includes("dlcourse-progress")) progress = html;
      const shown = nodes[i]?.cloneNode(true) as HTMLElement | undefined;
      shown?.querySelectorAll("script").forEach((script) => script.remove());
      if (shown?.textContent?.includes("could not be loaded")) report.notLoaded++;
      if (!output.data?.[PLOTLY]) return;
      report.plots++;
      const graph = nodes[i]?.querySelector(".js-plotly-plot") as any;
      if (graph?.querySelector("svg.main-svg")) report.drawn++;
      if (progress === undefined) return;
      const reported = Number(/epoch (\d+)\//.exec(progress)?.[1] ?? NaN);
      report.live.push({ reported, saved: epochs(output.data[PLOTLY].data), drawn: epochs(graph?.data ?? []) });
    });
  }
  return report;
}

/** Waits (up to 30 s) until every figure is drawn or says why not, then returns the page's report. */
async function finalReport(page: Page): Promise<LabReport> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const report = await page.evaluate(labReport);
    if (report.drawn + report.notLoaded >= report.plots || Date.now() > deadline) return report;
    await page.waitForTimeout(500);
  }
}

describe.each(MODES)("JupyterLab 4 ($mode), in headless Chromium", ({ mode, plotly, port }) => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startLab(port, plotly);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const reports: LabReport[] = [];

  it.each(NOTEBOOKS)(
    "%s: every plot drawn as SVG, no error or stderr output",
    async (notebook) => {
      const source = fs.readFileSync(path.join(ROOT, "notebooks", notebook), "utf8");
      const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
      const httpErrors: string[] = [];
      page.on("response", (r) => r.status() >= 400 && httpErrors.push(`${r.status()} ${new URL(r.url()).pathname}`));
      const started = Date.now();
      await runAllCells(page, server, notebook, 120_000, JUPYTERLAB);
      const report = await finalReport(page);
      reports.push(report);
      const name = `lab-${mode}-${notebook.replace(".ipynb", "")}`;
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
      const summary = { seconds: (Date.now() - started) / 1000, ...report, httpErrors };
      fs.writeFileSync(path.join(SCREENSHOTS, `${name}.json`), JSON.stringify(summary, null, 2));
      await shutDownLabKernel(page);
      await page.close();
      expect(report.errors, `${notebook}: error output`).toEqual([]);
      expect(report.notLoaded, `${notebook}: "could not be loaded"`).toBe(0);
      expect(report.plots).toBeGreaterThan(0);
      expect(report.drawn, `${notebook}: figures drawn as SVG`).toBe(report.plots);
      for (const chart of report.live)
        expect(chart.saved, `${notebook}: live chart's last update`).toBe(chart.reported);
      expect(fs.readFileSync(path.join(ROOT, "notebooks", notebook), "utf8")).toBe(source);
    },
    240_000,
  );

  // Known bug (issue 14): the plotly extension's renderer keeps a live chart's first frame. Make this `it` once fixed.
  const liveTest = plotly ? it.fails : it;
  liveTest("every live chart shows its last frame: as many epochs as its progress bar reports", () => {
    const live = reports.flatMap((report) => report.live);
    expect(live.length).toBeGreaterThan(0);
    for (const chart of live) expect(chart.drawn).toBe(chart.reported);
  });
});
