import { beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { jupyterEnv, jupyterPython, ROOT } from "./jupyter";

/** What the runner reports about one execution. */
export interface RunResult {
  ok: boolean;
  seconds: number;
  kernel_start_seconds: number | null;
  cell?: number;
  source?: string;
  stderr?: string;
  error?: string;
  /** What the kernel process and the runner wrote to stderr (kept only for a failed run). */
  kernelLog?: string;
}

/** One output of a code cell, as nbformat stores it. */
export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}

/** An executed notebook, as nbformat JSON. */
export interface Notebook {
  cells: {
    id?: string;
    cell_type: string;
    source: string | string[];
    metadata: { tags?: string[] };
    outputs?: Output[];
    execution_count?: number | null;
  }[];
  metadata: { kernelspec?: { name: string } };
}

/** MIME type of the values a notebook records with `showValues` (kept in sync with src/display/show.ts). */
export { VALUES_MIME } from "../../src/display/show";

/** Where executed copies go (ignored by git) for inspection. */
export const EXECUTED_DIR = path.join(ROOT, "build", "notebooks");

/** Where the executed copy of `file` goes: its path under notebooks/ (solutions/ kept apart), else its name. */
export function executedCopyPath(file: string): string {
  const relative = path.relative(path.join(ROOT, "notebooks"), file);
  return path.join(
    EXECUTED_DIR,
    relative.startsWith("..") || path.isAbsolute(relative) ? path.basename(file) : relative,
  );
}

/**
 * Writes a notebook of code cells into `dir` (a new temp folder by default; inside the repository, e.g.
 * build/tmp-notebooks, when the cells import "dlcourse"); returns its path.
 */
export function writeNotebook(
  name: string,
  sources: string[],
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dlcourse-nb-")),
): string {
  const cell = (source: string) => ({ cell_type: "code", metadata: {}, source, outputs: [], execution_count: null });
  const nb = {
    cells: sources.map(cell),
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 4,
  };
  const file = path.join(dir, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}

/** Executes a notebook on a fresh tslab kernel through nbclient; returns the report and the executed notebook. */
export function executeNotebook(
  file: string,
  options: { cellTimeoutS?: number; totalTimeoutS?: number; env?: Record<string, string> } = {},
) {
  const out = executedCopyPath(file);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const run = spawnSync(
    jupyterPython(),
    [path.join(__dirname, "run_notebook.py"), file, out, String(options.cellTimeoutS ?? 300)],
    {
      env: jupyterEnv(options.env),
      encoding: "utf8",
      timeout: (options.totalTimeoutS ?? 600) * 1000,
    },
  );
  const last = run.stdout?.trim().split("\n").pop() ?? "";
  if (run.status !== 0 || !last.startsWith("{")) {
    throw new Error(
      `notebook runner failed for ${file} (exit ${run.status}, signal ${run.signal}):\n${run.stderr}\n${run.stdout}`,
    );
  }
  const result = JSON.parse(last) as RunResult;
  if (!result.ok) result.kernelLog = run.stderr.slice(-4000);
  const notebook = JSON.parse(fs.readFileSync(out, "utf8")) as Notebook;
  return { result, notebook, executedPath: out };
}

/** A readable failure message: the notebook, the failing cell's source and everything it wrote to stderr. */
export function describeFailure(file: string, result: RunResult): string {
  if (result.ok) return `${path.basename(file)} ran without errors`;
  return [
    `${path.basename(file)}: cell ${result.cell} failed`,
    "--- cell source ---",
    result.source,
    "--- cell stderr ---",
    result.stderr || "(none)",
    "--- error ---",
    result.error,
    "--- kernel and runner stderr (last 4000 characters) ---",
    result.kernelLog || "(none)",
  ].join("\n");
}

/** Every output of every code cell, in order. */
export function allOutputs(notebook: Notebook): Output[] {
  return notebook.cells.flatMap((c) => c.outputs ?? []);
}

/** Text of a MIME entry, which nbformat may store as a list of lines. */
export function mimeText(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value ?? "");
}

/** Executes a notebook once before the tests of the enclosing `describe`; the returned object fills in then. */
export function executedBeforeAll(
  file: string,
  options: { cellTimeoutS?: number; totalTimeoutS?: number; env?: Record<string, string> } = {},
) {
  const run = {} as ReturnType<typeof executeNotebook> & { outputs: Output[] };
  beforeAll(
    () => {
      Object.assign(run, executeNotebook(file, options));
      run.outputs = allOutputs(run.notebook);
    },
    (options.totalTimeoutS ?? 600) * 1000 + 10_000,
  );
  return run;
}
