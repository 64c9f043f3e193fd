#!/usr/bin/env node
// `npm start`: finds (or installs) Jupyter, points it at this repo's tslab kernel spec and opens notebooks/.
// Binds to 127.0.0.1 with token auth ON; extra arguments go to Jupyter (e.g. `npm start -- --no-browser`).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const KERNELS = join(ROOT, "kernel-setup", "jupyter");
const VENV = join(ROOT, ".venv");

/**
 * Runs a command quietly; true when it exits 0.
 * @param {string} cmd
 * @param {string[]} args
 * @param {import("node:child_process").SpawnSyncOptions} [options]
 */
function succeeds(cmd, args, options = {}) {
  return spawnSync(cmd, args, { stdio: "ignore", timeout: 60_000, ...options }).status === 0;
}

/** The first Jupyter front end that works: JupyterLab, else classic Notebook. */
function findJupyter() {
  const commands = [join(VENV, "bin", "jupyter"), "jupyter", "/usr/bin/jupyter"].filter(
    (c) => !c.includes("/") || existsSync(c),
  );
  for (const app of ["lab", "notebook"]) {
    for (const cmd of commands) if (succeeds(cmd, [app, "--version"])) return { cmd, app };
  }
  return undefined;
}

/** Tries to install Jupyter: JupyterLab into .venv with pip, else Debian's Notebook with apt as root. */
function installJupyter() {
  console.log("Jupyter not found: trying to install it ...");
  const pipArgs = ["install", "--quiet", "--retries", "1", "--timeout", "10", "jupyterlab"];
  if (
    succeeds("python3", ["-m", "venv", VENV]) &&
    succeeds(join(VENV, "bin", "pip"), pipArgs, { stdio: "inherit", timeout: 900_000 })
  ) {
    return findJupyter();
  }
  rmSync(VENV, { recursive: true, force: true });
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("pip could not install JupyterLab; installing Debian's jupyter-notebook with apt-get ...");
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    spawnSync("apt-get", ["install", "-y", "-qq", "jupyter-notebook", "python3-ipykernel"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    return findJupyter();
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1, starting at `from`. */
async function freePort(from = 8888) {
  for (let port = from; port < from + 100; port++) {
    const free = await new Promise((resolve) => {
      /** @type {import("node:net").Server} */
      const server = createServer()
        .once("error", () => resolve(false))
        .once("listening", () => server.close(() => resolve(true)));
      server.listen(port, "127.0.0.1");
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${from + 99}`);
}

/**
 * Command-line arguments for the chosen front end.
 * @param {string} app
 * @param {number} port
 */
function jupyterArgs(app, port) {
  const dir = join(ROOT, "notebooks");
  const extra = process.argv.slice(2);
  const common = ["--ip=127.0.0.1", `--port=${port}`, "--port-retries=0"];
  if (process.getuid?.() === 0) common.push("--allow-root");
  // notebooks/ unless the arguments name another folder (Jupyter refuses two)
  const ownRoot = extra.some((arg) => /^--(notebook-dir|\w+\.(root_dir|notebook_dir))=/.test(arg));
  if (!ownRoot) common.push(app === "lab" ? `--ServerApp.root_dir=${dir}` : `--notebook-dir=${dir}`);
  return [app, ...common, ...extra];
}

const INSTRUCTIONS = `Could not find or install Jupyter. Install one of these, then run \`npm start\` again:
  - JupyterLab:        python3 -m pip install --user jupyterlab
  - classic Notebook:  sudo apt-get install jupyter-notebook python3-ipykernel   (Debian/Ubuntu)
  - or open the notebooks in VS Code with the Jupyter extension, selecting the kernel "TypeScript (tslab, dlcourse)"
    after exporting JUPYTER_PATH=${KERNELS}`;

async function main() {
  if (!existsSync(join(ROOT, "node_modules", "tslab")) || !existsSync(join(ROOT, "dist", "index.js"))) {
    console.error("Dependencies are missing: run `npm install` first (it also builds dist/).");
    process.exit(1);
  }
  const jupyter = findJupyter() ?? installJupyter();
  if (!jupyter) {
    console.error(INSTRUCTIONS);
    process.exit(1);
  }
  const port = await freePort(Number(process.env.PORT) || 8888);
  const token = process.env.JUPYTER_TOKEN || randomBytes(24).toString("hex");
  const env = {
    ...process.env,
    JUPYTER_TOKEN: token,
    JUPYTER_PATH: [KERNELS, process.env.JUPYTER_PATH].filter(Boolean).join(delimiter),
  };
  const child = spawn(jupyter.cmd, jupyterArgs(jupyter.app, port), { env, stdio: "inherit" });
  /** @type {NodeJS.Signals[]} */
  const signals = ["SIGINT", "SIGTERM"];
  for (const signal of signals) process.on(signal, () => child.kill(signal));
  const page = jupyter.app === "lab" ? "lab" : "tree";
  const name = jupyter.app === "lab" ? "JupyterLab" : "Jupyter Notebook";
  console.log(`\nStarting ${name} (${jupyter.cmd}) with the TypeScript kernel from ${KERNELS}`);
  console.log(`Open: http://127.0.0.1:${port}/${page}?token=${token}\n`);
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
