import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { jupyterEnv, ROOT } from "../support/jupyter";

/**
 * Runs a Python driver of test/support against our kernel (the course kernelspec, kernel-setup/), with a fresh
 * Jupyter data folder, started in `cwd`; `result` is what the driver wrote to the file named by its first argument.
 */
export function runKernelDriver(
  script: string,
  timeoutMs: number,
  cwd = os.tmpdir(),
): { status: number | null; stdout: string; stderr: string; result?: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dlcourse-kernel-data-"));
  const resultFile = path.join(dataDir, "result.json");
  const run = spawnSync("/usr/bin/python3", [path.join(ROOT, "test", "support", script), resultFile], {
    cwd,
    env: jupyterEnv({ JUPYTER_DATA_DIR: dataDir }),
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  const result = fs.existsSync(resultFile) ? fs.readFileSync(resultFile, "utf8") : undefined;
  return { status: run.status, stdout: run.stdout ?? "", stderr: run.stderr ?? "", result };
}
