import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, runAllCells } from "../support/browser";
import { ROOT } from "../support/jupyter";
import { RunningServer, startServer } from "../support/server";

const CHAPTERS = ["01-linear-regression.ipynb", "02-activation-functions.ipynb", "03-losses-and-optimizers.ipynb", "04-backpropagation.ipynb", "05-iris.ipynb"];

describe("chapters in classic Notebook, in headless Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer(18_892);
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    server?.stop();
  });

  it.each(CHAPTERS)("%s: every plot is drawn as SVG, no cell shows an error", async (notebook) => {
    const source = fs.readFileSync(path.join(ROOT, "notebooks", notebook), "utf8");
    const page: Page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
    await runAllCells(page, server, notebook);
    const plots = page.locator(".dlcourse-plot");
    const count = await plots.count();
    expect(count).toBeGreaterThan(1);
    await page.waitForFunction((n) => document.querySelectorAll(".dlcourse-plot .main-svg").length >= n, count, { timeout: 30_000 }).catch(() => undefined);
    const drawn = await plots.evaluateAll((divs) => divs.filter((d) => d.querySelector("svg.main-svg")).length);
    await page.screenshot({ path: path.join(ROOT, "build", "screenshots", notebook.replace(".ipynb", ".png")) });
    expect(drawn).toBe(count);
    await expect(page.locator(".output_error, .output_stderr").count()).resolves.toBe(0);
    await page.close();
    expect(fs.readFileSync(path.join(ROOT, "notebooks", notebook), "utf8")).toBe(source);
  }, 180_000);
});
