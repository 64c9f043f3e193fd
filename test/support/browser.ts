import * as fs from "node:fs";
import { Browser, chromium } from "playwright-core";

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
