import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { ROOT } from "../support/jupyter";
import { RunningServer, startServer } from "../support/server";

const NOTEBOOK = "00-setup.ipynb";
const SOURCE = path.join(ROOT, "notebooks", NOTEBOOK);
const SCREENSHOT = path.join(ROOT, "build", "screenshots", "00-setup-classic-notebook.png");

/** Opens a notebook in classic Notebook with autosave off (the source file must stay clean) and runs all cells. */
async function runAllCells(page: Page, server: RunningServer): Promise<void> {
  await page.goto(`${server.base}/notebooks/${NOTEBOOK}?token=${server.token}`);
  await page.waitForFunction(() => (window as any).Jupyter?.notebook?.kernel?.is_connected?.(), null, { timeout: 60_000 });
  await page.evaluate(() => {
    const nb = (window as any).Jupyter.notebook;
    nb.set_autosave_interval(0);
    nb.execute_all_cells();
  });
  await page.waitForFunction(
    () => {
      const nb = (window as any).Jupyter.notebook;
      const code = nb.get_cells().filter((c: any) => c.cell_type === "code");
      return nb.kernel_busy === false && code.every((c: any) => typeof c.input_prompt_number === "number");
    },
    null,
    { timeout: 120_000, polling: 500 },
  );
}

describe("00-setup in classic Notebook, in headless Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const before = fs.readFileSync(SOURCE, "utf8");

  beforeAll(async () => {
    server = await startServer(18_891);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 2400 } });
    await runAllCells(page, server);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.waitForSelector(".dlcourse-plot .main-svg", { timeout: 30_000 }).finally(() => page.screenshot({ path: SCREENSHOT, fullPage: true }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    server?.stop();
  });

  it("draws the plotly figure as SVG with both curves", async () => {
    const sine = page.locator(".dlcourse-plot").first();
    await expect(sine.locator(".scatterlayer .trace").count()).resolves.toBe(2);
    await expect(sine.locator(".legendtext").allTextContents()).resolves.toEqual(["sin x", "d/dx sin x (autodiff)"]);
  });

  it("keeps the live training chart and the final progress frame", async () => {
    const chart = page.locator(".dlcourse-plot").last();
    await chart.locator(".main-svg").first().waitFor({ timeout: 30_000 });
    await expect(chart.locator(".gtitle").textContent()).resolves.toBe("two moons");
    await expect(chart.locator(".scatterlayer .trace").count()).resolves.toBe(5);
    await expect(page.locator(".dlcourse-progress").textContent()).resolves.toMatch(/epoch 30\/30[\s\S]*done in/);
    await page.locator(".cell", { has: page.locator(".dlcourse-progress") }).screenshot({ path: SCREENSHOT.replace(".png", "-training.png") });
  });

  it("shows the digits as decoded images", async () => {
    const widths = await page.locator(".dlcourse-images img").evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(widths).toEqual(Array(8).fill(28));
  });

  it("shows the backend report and the DataFrame table", async () => {
    await expect(page.locator("pre.dlcourse-backend").first().textContent()).resolves.toMatch(/TF\.js backend: \w+/);
    await expect(page.locator("table.dlcourse-table td", { hasText: "Grace" }).count()).resolves.toBe(1);
  });

  it("shows no error output and no stderr", async () => {
    await expect(page.locator(".output_error, .output_stderr").count()).resolves.toBe(0);
  });

  it("leaves the committed notebook untouched", () => {
    expect(fs.readFileSync(SOURCE, "utf8")).toBe(before);
  });
});
