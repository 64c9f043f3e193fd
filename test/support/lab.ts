import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import type { FrontEnd } from "./browser";
import { ROOT } from "./jupyter";
import { RunningServer, startServerCommand } from "./server";

/** The course's JupyterLab 4 front end: its own package, built from the npm registry (frontends/jupyterlab). */
export const LAB_DIR = path.join(ROOT, "frontends", "jupyterlab");
const BUNDLE = path.join(LAB_DIR, "build", "static", "main.js");
/** Files a build depends on: a change to any of them makes the bundle stale. */
const SOURCES = ["index.js", "notebook.js", "webpack.config.js", "package.json", "package-lock.json"].map((f) =>
  path.join(LAB_DIR, f),
);

/** Runs npm in frontends/jupyterlab; on failure the error carries npm's output. */
function npm(args: string[]): void {
  try {
    execFileSync("npm", args, { cwd: LAB_DIR, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(" ")} in ${LAB_DIR} failed:\n${stdout ?? ""}\n${stderr ?? ""}`);
  }
}

/** Installs (npm ci, ~30 s) and builds (webpack, ~20 s) the front end when it is missing or older than its sources. */
export function ensureLabBuild(): void {
  if (newer(path.join(LAB_DIR, "package-lock.json"), path.join(LAB_DIR, "node_modules", ".package-lock.json"))) {
    npm(["ci", "--no-audit", "--no-fund"]);
  }
  if (SOURCES.some((file) => newer(file, BUNDLE))) npm(["run", "build"]);
}

/** True when `target` is missing or older than `source`. */
function newer(source: string, target: string): boolean {
  return !fs.existsSync(target) || fs.statSync(source).mtimeMs > fs.statSync(target).mtimeMs;
}

/** How to serve the front end: the plotly MIME renderer on, another root folder, Notebook 7's page too. */
export interface LabOptions {
  plotly?: boolean;
  /** The folder to serve (notebooks/ unless told). */
  root?: string;
  /** Also serve Notebook 7's notebook page at /notebooks/<path>. */
  notebook7?: boolean;
}

/** Builds the front end if needed and serves it (serve.py). */
export function startLab(port: number, options: LabOptions = {}): Promise<RunningServer> {
  ensureLabBuild();
  const args = [path.join(LAB_DIR, "serve.py"), "--port", String(port)];
  if (options.plotly) args.push("--plotly");
  if (options.notebook7) args.push("--notebook7");
  if (options.root) args.push("--root", options.root);
  return startServerCommand("/usr/bin/python3", args, {});
}

/**
 * JupyterLab, each notebook in a workspace of its own (so that the notebooks opened before are not restored beside
 * it). Autosave is off there (serve.py); the kernel outlives the page: call `shutDownLabKernel` when done.
 */
export const JUPYTERLAB: FrontEnd = {
  notebookPath: (notebook) => `/lab/workspaces/${notebook.replace(/\W/g, "-")}/tree/${notebook}`,
  kernelReady: () => {
    const panel = (window as any).jupyterapp?.shell.currentWidget;
    return panel?.sessionContext?.isReady && panel.sessionContext.session?.kernel?.status === "idle";
  },
  runAll: () => void (window as any).jupyterapp.commands.execute("notebook:run-all-cells"),
  finished: () => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    const cells = [...panel.content.model.cells].filter((c: any) => c.type === "code");
    const outputs = cells.flatMap((c: any) => c.outputs.toJSON());
    if (outputs.some((o: any) => o.output_type === "error" || o.name === "stderr")) return true;
    const idle = panel.sessionContext.session?.kernel?.status === "idle";
    return idle && cells.every((c: any) => typeof c.executionCount === "number");
  },
  cellStates: () => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    const cells = [...panel.content.model.cells].filter((c: any) => c.type === "code");
    const last = (c: any) => JSON.stringify(c.outputs.toJSON().at(-1) ?? null).slice(0, 120);
    const status = panel.sessionContext.session?.kernel?.status;
    return (
      `kernel ${status}; ` + cells.map((c: any, i: number) => `#${i} [${c.executionCount}] ${last(c)}`).join(" | ")
    );
  },
};

/** Notebook 7 (serve.py --notebook7): one notebook per page, the same application object as JupyterLab's. */
export const NOTEBOOK_7: FrontEnd = { ...JUPYTERLAB, notebookPath: (notebook) => `/notebooks/${notebook}` };

/** Shuts down the kernel of the page's current notebook (JupyterLab or Notebook 7). */
export async function shutDownLabKernel(page: Page): Promise<void> {
  await page.evaluate(() => (window as any).jupyterapp.shell.currentWidget?.sessionContext.shutdown());
}
