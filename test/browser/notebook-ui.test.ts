import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, runAllCells } from "../support/browser";
import { ROOT } from "../support/jupyter";
import { RunningServer, startServer } from "../support/server";

const NOTEBOOK = "00-setup.ipynb";
const SOURCE = path.join(ROOT, "notebooks", NOTEBOOK);
const SCREENSHOT = path.join(ROOT, "build", "screenshots", "00-setup-classic-notebook.png");

describe("00-setup in classic Notebook, in headless Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const failedPlotly: string[] = [];
  const before = fs.readFileSync(SOURCE, "utf8");

  beforeAll(async () => {
    server = await startServer(18_891);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 2400 } });
    page.on("response", (r) => r.status() >= 400 && r.url().includes("plotly") && failedPlotly.push(r.url()));
    await runAllCells(page, server, NOTEBOOK);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page
      .waitForSelector(".dlcourse-plot .main-svg", { timeout: 30_000 })
      .finally(() => page.screenshot({ path: SCREENSHOT, fullPage: true }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
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
    await expect(chart.locator(".scatterlayer .trace").count()).resolves.toBe(4);
    await expect(page.locator(".dlcourse-progress").textContent()).resolves.toMatch(/epoch 30\/30[\s\S]*done in/);
    await page
      .locator(".cell", { has: page.locator(".dlcourse-progress") })
      .screenshot({ path: SCREENSHOT.replace(".png", "-training.png") });
  });

  it("shows the digits as decoded images", async () => {
    const widths = await page
      .locator(".dlcourse-images img")
      .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(widths).toEqual(Array(8).fill(28));
  });

  it("shows the backend report and the DataFrame table", async () => {
    await expect(page.locator("pre.dlcourse-backend").first().textContent()).resolves.toMatch(/TF\.js backend: \w+/);
    await expect(page.locator("table.dlcourse-table td", { hasText: "Grace" }).count()).resolves.toBe(1);
  });

  it("shows no error output and no stderr", async () => {
    await expect(page.locator(".output_error, .output_stderr").count()).resolves.toBe(0);
  });

  it("asks for plotly.js where classic Notebook serves it, and removes the untrusted note once drawn", async () => {
    expect(failedPlotly).toEqual([]);
    await expect(page.locator(".dlcourse-plot-note").count()).resolves.toBe(0);
  });

  it("leaves the committed notebook untouched", () => {
    expect(fs.readFileSync(SOURCE, "utf8")).toBe(before);
  });
});
