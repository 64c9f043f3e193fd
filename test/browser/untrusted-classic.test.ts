import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNTRUSTED_NOTE } from "../../src/plot/html";
import { launchChromium } from "../support/browser";
import { ROOT } from "../support/jupyter";
import { RunningServer, startServer } from "../support/server";
import { writeUntrustedNotebook } from "../support/untrusted";

const DIR = path.join(ROOT, "build", "classic-notebooks");

describe("an untrusted notebook in classic Notebook, in headless Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    writeUntrustedNotebook(DIR);
    server = await startServer(18_895, 60_000, [`--notebook-dir=${DIR}`, "--NotebookNotary.db_file=:memory:"]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${server.base}/notebooks/untrusted.ipynb?token=${server.token}`);
    await page.waitForSelector(".dlcourse-plot", { timeout: 60_000 });
  }, 150_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("says why its plot is blank and how to trust it", async () => {
    await page.screenshot({ path: path.join(ROOT, "build", "screenshots", "classic-untrusted.png") });
    expect(await page.evaluate(() => (window as any).Jupyter.notebook.trusted)).toBe(false);
    await expect(page.locator(".dlcourse-plot").innerText()).resolves.toBe(UNTRUSTED_NOTE);
    expect(await page.locator(".dlcourse-plot svg.main-svg").count()).toBe(0);
  });

  it("draws the plot once trusted (the script removes the note)", async () => {
    void page.evaluate(() => (window as any).Jupyter.notebook.trust_notebook());
    await page.locator(".modal-dialog .btn-danger").click();
    await page.waitForSelector(".dlcourse-plot svg.main-svg", { timeout: 30_000 });
    expect(await page.locator(".dlcourse-plot").innerText()).not.toContain(UNTRUSTED_NOTE);
  });
});
