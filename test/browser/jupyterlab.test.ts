import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNTRUSTED_NOTE } from "../../src/plot/html";
import { launchChromium, runAllCells } from "../support/browser";
import { ROOT } from "../support/jupyter";
import { JUPYTERLAB, NOTEBOOK_7, shutDownLabKernel, startLab } from "../support/lab";
import { writeNotebook } from "../support/notebook";
import type { RunningServer } from "../support/server";
import { writeUntrustedNotebook } from "../support/untrusted";

/** The light chapters (paths from the repository root, which the servers serve). */
const CHAPTERS = [
  "00-setup",
  "01-linear-regression",
  "02-activation-functions",
  "03-losses-and-optimizers",
  "04-backpropagation",
  "05-iris",
].map((name) => `notebooks/${name}.ipynb`);
/** The MNIST chapters (½–3 minutes each): only with DLCOURSE_BROWSER_HEAVY=1, as in chapters-ui.test.ts. */
const HEAVY = ["06-mnist-mlp", "07-mnist-cnn", "08-overfitting"].map((name) => `notebooks/${name}.ipynb`);
const runHeavy = process.env.DLCOURSE_BROWSER_HEAVY === "1";
/**
 * Both ways a learner's JupyterLab or Notebook 7 draws our plots: our HTML fallback, or the plotly extension's renderer
 * (`pip install plotly`). Notebook 7 shows outputs with JupyterLab's output area: 00-setup (a live chart) checks it.
 */
const RUNS = [
  { app: "JupyterLab 4", mode: "plain", plotly: false, port: 18_893, notebooks: CHAPTERS, heavy: HEAVY },
  { app: "JupyterLab 4", mode: "plotly", plotly: true, port: 18_894, notebooks: CHAPTERS, heavy: HEAVY },
  { app: "Notebook 7", mode: "plain", plotly: false, port: 18_896, notebooks: CHAPTERS.slice(0, 1), heavy: [] },
  { app: "Notebook 7", mode: "plotly", plotly: true, port: 18_897, notebooks: CHAPTERS.slice(0, 1), heavy: [] },
];
/** Small notebooks the tests write, under the servers' root. */
const SMALL = path.join(ROOT, "build", "lab-notebooks");
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
  /** Outputs that show the untrusted-notebook note (its script did not run). */
  notes: number;
  /** Each live training chart: the epoch its progress bar reports, the epochs its figure holds and those drawn. */
  live: { reported: number; saved: number; drawn: number }[];
}

/** Reads the report of the current notebook from the page (runs in the page); `note` is the untrusted note. */
function labReport(note: string): LabReport {
  const PLOTLY = "application/vnd.plotly.v1+json";
  const panel = (window as any).jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets.filter((cell: any) => cell.model.type === "code");
  const epochs = (traces: any[]) =>
    Math.max(0, ...traces.filter((t) => t.mode === "lines+markers").map((t) => (t.x as unknown[]).length));
  const report: LabReport = { errors: [], plots: 0, drawn: 0, notLoaded: 0, notes: 0, live: [] };
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
      if (shown?.textContent?.includes(note)) report.notes++;
      if (!output.data?.[PLOTLY]) return;
      report.plots++;
      const graph = nodes[i]?.querySelector(".js-plotly-plot") as any;
      if (graph?.querySelector("svg.main-svg")) report.drawn++;
      if (progress === undefined) return;
      const reported = Number(/epoch (\d+)\//.exec(progress)?.[1] ?? NaN);
      report.live.push({ reported, saved: epochs(output.data[PLOTLY].data), drawn: epochs(graph?.data ?? []) });
      progress = undefined; // a bar's live chart is the figure right after it; later ones are other plots
    });
  }
  return report;
}

/** Waits (up to 30 s) until every figure is drawn or says why not, then returns the page's report. */
async function finalReport(page: Page): Promise<LabReport> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const report = await page.evaluate(labReport, UNTRUSTED_NOTE);
    if (report.drawn + report.notLoaded + report.notes >= report.plots || Date.now() > deadline) return report;
    await page.waitForTimeout(500);
  }
}

for (const { app, mode, plotly, port, notebooks, heavy } of RUNS)
  describe(`${app} (${mode}), in headless Chromium`, () => {
    const notebook7 = app === "Notebook 7";
    const frontEnd = notebook7 ? NOTEBOOK_7 : JUPYTERLAB;
    let server: RunningServer;
    let browser: Browser;
    beforeAll(async () => {
      server = await startLab(port, { plotly, notebook7, root: ROOT });
      browser = await launchChromium();
    }, 300_000);
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    const reports: LabReport[] = [];

    /** Opens `notebook` (a path under the repository root) in a new page and gives it to `use`; then closes it. */
    async function withPage<T>(notebook: string, use: (page: Page, httpErrors: string[]) => Promise<T>): Promise<T> {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
      const httpErrors: string[] = [];
      page.on("response", (r) => r.status() >= 400 && httpErrors.push(`${r.status()} ${new URL(r.url()).pathname}`));
      try {
        return await use(page, httpErrors);
      } finally {
        await shutDownLabKernel(page).catch(() => undefined);
        await page.close();
      }
    }

    /** Runs all cells of a course notebook and checks what JupyterLab shows; the committed file stays untouched. */
    async function checkNotebook(notebook: string, timeoutMs: number): Promise<void> {
      const source = fs.readFileSync(path.join(ROOT, notebook), "utf8");
      const { report, httpErrors } = await withPage(notebook, async (page, httpErrors) => {
        const started = Date.now();
        await runAllCells(page, server, notebook, timeoutMs, frontEnd);
        const report = await finalReport(page);
        const name = `${notebook7 ? "nb7" : "lab"}-${mode}-${notebook
          .replace(/^notebooks\//, "")
          .replace(/\//g, "-")
          .replace(".ipynb", "")}`;
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: heavy.includes(notebook) });
        const summary = { seconds: (Date.now() - started) / 1000, ...report, httpErrors };
        fs.writeFileSync(path.join(SCREENSHOTS, `${name}.json`), JSON.stringify(summary, null, 2));
        return { report, httpErrors };
      });
      reports.push(report);
      expect(report.errors, `${notebook}: error output`).toEqual([]);
      expect(report.notLoaded, `${notebook}: "could not be loaded"`).toBe(0);
      expect(report.notes, `${notebook}: the untrusted note stayed although the script ran`).toBe(0);
      expect(report.plots).toBeGreaterThan(0);
      expect(report.drawn, `${notebook}: figures drawn as SVG`).toBe(report.plots);
      for (const chart of report.live)
        expect(chart.saved, `${notebook}: live chart's last update`).toBe(chart.reported);
      expect(
        httpErrors.filter((e) => e.includes("plotly")),
        "plotly.js asked for where it is",
      ).toEqual([]);
      expect(fs.readFileSync(path.join(ROOT, notebook), "utf8")).toBe(source);
    }

    it.each(notebooks)(
      "%s: every plot drawn as SVG, no error or stderr output",
      (nb) => checkNotebook(nb, 120_000),
      240_000,
    );

    it.runIf(runHeavy && heavy.length > 0).each(heavy)(
      "%s (DLCOURSE_BROWSER_HEAVY=1): every plot drawn as SVG, no error or stderr output",
      (nb) => checkNotebook(nb, 540_000),
      600_000,
    );

    // Failed with the plotly renderer before src/plot/live.ts redrew through figureGapBundle (issue 14)
    it("every live chart shows its last frame: as many epochs as its progress bar reports", () => {
      const live = reports.flatMap((report) => report.live);
      expect(live.length).toBeGreaterThan(0);
      for (const chart of live) expect(chart.drawn).toBe(chart.reported);
    });

    it.runIf(!plotly && !notebook7)("a kernel error shows as JupyterLab's error block", async () => {
      writeNotebook("error.ipynb", ["const answer = 6 * 7;", 'throw new Error("a deliberate error");'], SMALL);
      const shown = await withPage("build/lab-notebooks/error.ipynb", async (page) => {
        await runAllCells(page, server, "build/lab-notebooks/error.ipynb", 60_000, JUPYTERLAB);
        return page.evaluate(() => {
          const cell = (window as any).jupyterapp.shell.currentWidget.content.widgets[1];
          const output = cell.model.outputs.toJSON()[0];
          const block = cell.outputArea.node.querySelector('[data-mime-type="application/vnd.jupyter.stderr"]');
          return {
            output_type: output?.output_type,
            ename: output?.ename,
            evalue: output?.evalue,
            text: block?.textContent,
          };
        });
      });
      expect(shown).toMatchObject({ output_type: "error", ename: "Error", evalue: "a deliberate error" });
      expect(shown.text).toMatch(/Error: a deliberate error/);
    });

    const untrusted = plotly ? "is drawn by the plotly renderer" : "says why it is blank, until trusted";
    it.runIf(!notebook7)(`an untrusted notebook's plot ${untrusted}`, async () => {
      const file = writeUntrustedNotebook(SMALL);
      const notebook = path.relative(ROOT, file);
      await withPage(notebook, async (page) => {
        await page.goto(`${server.base}${JUPYTERLAB.notebookPath(notebook)}?token=${server.token}`);
        await page.waitForSelector(".jp-OutputArea-output", { timeout: 60_000 });
        const before = await finalReport(page);
        await page.screenshot({ path: path.join(SCREENSHOTS, `lab-${mode}-untrusted.png`) });
        expect(before.plots).toBe(1);
        expect(before.drawn).toBe(plotly ? 1 : 0);
        expect(before.notes).toBe(plotly ? 0 : 1);
        if (plotly) return;
        // Trusting it (a dialog asks first) runs the script: the note goes, the plot is drawn
        void page.evaluate(() => (window as any).jupyterapp.commands.execute("notebook:trust"));
        await page.locator(".jp-Dialog .jp-mod-accept").click();
        await page.waitForFunction(() => document.querySelector(".dlcourse-plot svg.main-svg"), null, {
          timeout: 30_000,
        });
        expect(await finalReport(page)).toMatchObject({ plots: 1, drawn: 1, notes: 0 });
      });
    });
  });
