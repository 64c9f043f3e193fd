import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");
/** Our kernel spec folder, handed to Jupyter through JUPYTER_PATH. */
export const JUPYTER_PATH = path.join(ROOT, "kernel-setup", "jupyter");

/** A Python that can import nbclient: Debian's /usr/bin/python3 first, then the one on PATH. */
export function jupyterPython(): string {
  for (const candidate of ["/usr/bin/python3", "python3"]) {
    const probe = spawnSync(candidate, ["-c", "import nbclient, nbformat"], { stdio: "ignore" });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    "No Python with nbclient found: install Debian's python3-nbclient (see .ci/run) or `pip install nbclient`",
  );
}

/** The environment a kernel or Jupyter command runs with: our kernel spec first. */
export function jupyterEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, JUPYTER_PATH, ...extra };
}

/** `jupyter kernelspec list --json`, run as Jupyter would see our repo. */
export function kernelSpecs(): Record<string, { resource_dir: string; spec: { argv: string[] } }> {
  const out = execFileSync(jupyterPython(), ["-m", "jupyter_client.kernelspecapp", "list", "--json"], {
    env: jupyterEnv(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out).kernelspecs;
}

/** The course notebooks: notebooks/*.ipynb and notebooks/solutions/*.ipynb, sorted. */
export function listNotebooks(dir = path.join(ROOT, "notebooks")): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ipynb") && !f.includes(".ipynb_checkpoints"))
    .sort()
    .map((f) => path.join(dir, f));
}
