import * as fs from "node:fs";
import { Browser, chromium, Page } from "playwright-core";
import type { RunningServer } from "./server";

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** Launches headless Debian Chromium with the flags this offline machine needs. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (see .ci/run)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Opens a notebook in classic Notebook with autosave off (the source file must stay clean) and runs all cells. */
export async function runAllCells(page: Page, server: RunningServer, notebook: string, timeoutMs = 120_000): Promise<void> {
  await page.goto(`${server.base}/notebooks/${notebook}?token=${server.token}`);
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
    { timeout: timeoutMs, polling: 500 },
  );
}
