import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, runAllCells } from "../support/browser";
import { ROOT } from "../support/jupyter";
import { RunningServer, startServer } from "../support/server";

const CHAPTERS = [
  "01-linear-regression.ipynb",
  "02-activation-functions.ipynb",
  "03-losses-and-optimizers.ipynb",
  "04-backpropagation.ipynb",
  "05-iris.ipynb",
];
/** Chapters that train for minutes (MNIST, sequences): checked in the browser only with DLCOURSE_BROWSER_HEAVY=1. */
const HEAVY = [
  "06-mnist-mlp.ipynb",
  "07-mnist-cnn.ipynb",
  "08-overfitting.ipynb",
  "09-autoencoders.ipynb",
  "10-sequences.ipynb",
  "11-attention.ipynb",
];
const runHeavy = process.env.DLCOURSE_BROWSER_HEAVY === "1";

describe("chapters in classic Notebook, in headless Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer(18_892);
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /**
   * Runs all cells of `notebook`; every plot must be drawn as SVG, no cell may show an error, the file stays untouched.
   */
  async function checkChapter(notebook: string, timeoutMs: number): Promise<void> {
    const source = fs.readFileSync(path.join(ROOT, "notebooks", notebook), "utf8");
    const page: Page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
    await runAllCells(page, server, notebook, timeoutMs);
    const errors = await page.locator(".output_error, .output_stderr").allInnerTexts();
    await page.screenshot({
      path: path.join(ROOT, "build", "screenshots", notebook.replace(".ipynb", ".png")),
      fullPage: HEAVY.includes(notebook),
    });
    expect(errors, `${notebook}: error output in the page`).toEqual([]);
    const plots = page.locator(".dlcourse-plot");
    const count = await plots.count();
    expect(count).toBeGreaterThan(1);
    await page
      .waitForFunction((n) => document.querySelectorAll(".dlcourse-plot .main-svg").length >= n, count, {
        timeout: 30_000,
      })
      .catch(() => undefined);
    const drawn = await plots.evaluateAll((divs) => divs.filter((d) => d.querySelector("svg.main-svg")).length);
    await page.screenshot({
      path: path.join(ROOT, "build", "screenshots", notebook.replace(".ipynb", ".png")),
      fullPage: HEAVY.includes(notebook),
    });
    expect(drawn).toBe(count);
    expect(await page.locator(".dlcourse-plot-note").count(), `${notebook}: the untrusted note stayed`).toBe(0);
    await page.close();
    expect(fs.readFileSync(path.join(ROOT, "notebooks", notebook), "utf8")).toBe(source);
  }

  it.each(CHAPTERS)(
    "%s: every plot is drawn as SVG, no cell shows an error",
    (notebook) => checkChapter(notebook, 120_000),
    180_000,
  );

  it.skipIf(!runHeavy).each(HEAVY)(
    "%s (DLCOURSE_BROWSER_HEAVY=1): every plot is drawn as SVG, no cell shows an error",
    (notebook) => checkChapter(notebook, 540_000),
    600_000,
  );
});
