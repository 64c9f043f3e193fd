import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/jupyter";
import { tempDir, writeFile } from "../support/tmp";

/**
 * Runs `npm start`'s script with a fake `jupyter` first on PATH that knows the given apps (`jupyter <app> --version`
 * succeeds) and, when started, prints its arguments and exits. Returns everything printed.
 */
function startWith(apps: string[], args: string[] = []): string {
  const bin = tempDir("dlcourse-fake-jupyter-");
  const script = `#!/bin/sh
if [ "$2" = "--version" ]; then case " ${apps.join(" ")} " in *" $1 "*) exit 0;; esac; exit 1; fi
echo "ARGS $*"
`;
  fs.chmodSync(writeFile(bin, "jupyter", script), 0o755);
  const run = spawnSync(process.execPath, [path.join(ROOT, "kernel-setup", "start.mjs"), ...args], {
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, PORT: "18990" },
    encoding: "utf8",
    timeout: 30_000,
  });
  fs.rmSync(bin, { recursive: true, force: true });
  return run.stdout + run.stderr;
}

// A .venv with a real Jupyter in this checkout comes first and would start a real server
describe.skipIf(fs.existsSync(path.join(ROOT, ".venv", "bin", "jupyter")))("npm start chooses the front end", () => {
  it("prefers JupyterLab when it is there, with notebooks/ as its root", () => {
    const out = startWith(["lab", "notebook"]);
    expect(out).toMatch(/Starting JupyterLab/);
    expect(out).toMatch(/Open: http:\/\/127\.0\.0\.1:\d+\/lab\?token=/);
    expect(out).toContain(`--ServerApp.root_dir=${path.join(ROOT, "notebooks")}`);
  });

  it("takes classic Notebook or Notebook 7 (`jupyter notebook`) when there is no JupyterLab", () => {
    const out = startWith(["notebook"]);
    expect(out).toMatch(/Starting Jupyter Notebook/);
    expect(out).toMatch(/\/tree\?token=/);
  });

  it("serves another folder when told, instead of notebooks/ (Jupyter refuses two)", () => {
    const out = startWith(["notebook"], ["--notebook-dir=/tmp"]);
    expect(out.match(/--notebook-dir=/g)).toHaveLength(1);
    expect(out).toContain("--notebook-dir=/tmp");
  });
});
