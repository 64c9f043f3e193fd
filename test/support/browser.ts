import * as fs from "node:fs";
import * as path from "node:path";
import { Browser, chromium, Page } from "playwright-core";
import { ROOT } from "./jupyter";
import type { RunningServer } from "./server";

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** Launches headless Debian Chromium with the flags this offline machine needs. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (see .ci/run)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Seconds a notebook page may take to connect to its new kernel (a busy 2-core machine once needed over 60). */
const KERNEL_CONNECT_SECONDS = 90;

/**
 * How a test drives one Jupyter front end. The functions marked "in the page" run in the browser: arrow functions that
 * use nothing from outside themselves.
 */
export interface FrontEnd {
  /** The URL path, after the server's base, that opens a notebook. */
  notebookPath: (notebook: string) => string;
  /** In the page: whether the notebook's kernel is connected and ready. */
  kernelReady: () => boolean;
  /** In the page: starts running all cells. */
  runAll: () => void;
  /** In the page: whether every code cell ran, or one shows an error (the front end stops there). */
  finished: () => boolean;
  /** In the page: the kernel's state and each code cell's prompt and last output, for a stuck run. */
  cellStates: () => string;
}

/** Classic Notebook, with autosave off (the source file must stay clean). */
export const CLASSIC_NOTEBOOK: FrontEnd = {
  notebookPath: (notebook) => `/notebooks/${notebook}`,
  kernelReady: () => Boolean((window as any).Jupyter?.notebook?.kernel?.is_connected?.()),
  runAll: () => {
    const nb = (window as any).Jupyter.notebook;
    nb.set_autosave_interval(0);
    nb.execute_all_cells();
  },
  finished: () => {
    const nb = (window as any).Jupyter.notebook;
    const code = nb.get_cells().filter((c: any) => c.cell_type === "code");
    // Notebook stops at an error (tslab writes errors to stderr)
    if (document.querySelector(".output_error, .output_stderr")) return true;
    return nb.kernel_busy === false && code.every((c: any) => typeof c.input_prompt_number === "number");
  },
  cellStates: () => {
    const nb = (window as any).Jupyter.notebook;
    const cells = nb.get_cells().filter((c: any) => c.cell_type === "code");
    const last = (c: any) =>
      JSON.stringify(c.output_area.outputs.at(-1)?.text ?? Object.keys(c.output_area.outputs.at(-1)?.data ?? {})).slice(
        0,
        120,
      );
    const stderr = Array.from(document.querySelectorAll(".output_stderr")).map((e) =>
      (e as HTMLElement).innerText.slice(0, 600),
    );
    return (
      `kernel busy ${nb.kernel_busy}; stderr: ${JSON.stringify(stderr)}; ` +
      cells.map((c: any, i: number) => `#${i} [${c.input_prompt_number}] ${last(c)}`).join(" | ")
    );
  },
};

/** Waits until the page's kernel is ready; on a timeout saves the server log and kernel messages first. */
async function waitForKernel(
  page: Page,
  server: RunningServer,
  notebook: string,
  frames: string[],
  frontEnd: FrontEnd,
): Promise<void> {
  const ready = await page
    .waitForFunction(frontEnd.kernelReady, null, { timeout: KERNEL_CONNECT_SECONDS * 1000 })
    .then(() => true)
    .catch(() => false);
  if (ready) return;
  saveStuckLogs(server, frames);
  throw new Error(
    `${notebook}: the kernel did not connect within ${KERNEL_CONNECT_SECONDS} s ` +
      "(server log and kernel messages: build/screenshots/stuck-*.log)",
  );
}

/** Saves the server log and the page's kernel messages for a stuck run. */
function saveStuckLogs(server: RunningServer, frames: string[]): void {
  fs.writeFileSync(path.join(ROOT, "build", "screenshots", "stuck-server.log"), server.log());
  fs.writeFileSync(path.join(ROOT, "build", "screenshots", "stuck-messages.log"), frames.join("\n"));
}

/** Opens a notebook in a front end (classic Notebook unless told) and runs all cells; stops waiting at an error. */
export async function runAllCells(
  page: Page,
  server: RunningServer,
  notebook: string,
  timeoutMs = 120_000,
  frontEnd: FrontEnd = CLASSIC_NOTEBOOK,
): Promise<void> {
  const frames = recordKernelMessages(page);
  await page.goto(`${server.base}${frontEnd.notebookPath(notebook)}?token=${server.token}`);
  await waitForKernel(page, server, notebook, frames, frontEnd);
  await page.evaluate(frontEnd.runAll);
  const finished = await page
    .waitForFunction(frontEnd.finished, null, { timeout: timeoutMs, polling: 500 })
    .then(() => true)
    .catch(() => false);
  if (finished) return;
  saveStuckLogs(server, frames);
  await page
    .screenshot({ path: path.join(ROOT, "build", "screenshots", "stuck.png"), fullPage: true })
    .catch(() => undefined);
  throw new Error(
    `${notebook}: not every cell ran within ${timeoutMs / 1000} s: ${await page.evaluate(frontEnd.cellStates)} ` +
      "(server log and kernel messages: build/screenshots/stuck-*.log)",
  );
}

/** Records a one-line summary of every kernel message the page sends or receives (all but the bulky display data). */
function recordKernelMessages(page: Page): string[] {
  const lines: string[] = [];
  const start = Date.now();
  const log = (line: string) => lines.push(`${((Date.now() - start) / 1000).toFixed(1)}s ${line}`);
  page.on("websocket", (ws) => {
    if (!ws.url().includes("/channels")) return;
    const record = (direction: string) => (frame: { payload: string | Buffer }) =>
      log(`${direction} ${summariseMessage(frame.payload)}`);
    ws.on("framesent", record(">"));
    ws.on("framereceived", record("<"));
    ws.on("close", () => log("websocket closed"));
  });
  return lines;
}

/** channel, type, parent id and the telling part of a Jupyter message's content. */
function summariseMessage(payload: string | Buffer): string {
  if (typeof payload !== "string") return `binary frame, ${payload.length} bytes`;
  try {
    const msg = JSON.parse(payload);
    const { data, metadata, transient, ...rest } = msg.content ?? {};
    const id = (h: any) => String(h?.msg_id ?? "").slice(0, 8);
    const mimeTypes = data ? ` [${Object.keys(data).join(",")}]` : "";
    const ids = `id=${id(msg.header)} parent=${id(msg.parent_header)}`;
    return `${msg.channel} ${msg.header?.msg_type} ${ids} ${JSON.stringify(rest).slice(0, 300)}${mimeTypes}`;
  } catch {
    return `unparsed frame: ${payload.slice(0, 200)}`;
  }
}
