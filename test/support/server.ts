import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./jupyter";

/** A Jupyter server started through `npm start`'s script, and how to reach it. */
export interface RunningServer {
  base: string;
  token: string;
  url: string;
  process: ChildProcess;
  /** Shuts down the server's kernels (they run in their own sessions and would outlive it), then the server. */
  stop(): Promise<void>;
  /** Everything the server has printed so far. */
  log(): string;
}

/**
 * Starts `kernel-setup/start.mjs --no-browser [...args]` (arguments for Jupyter, e.g. `--notebook-dir=DIR`) and
 * resolves once it printed its URL and answers HTTP.
 */
export function startServer(port: number, timeoutMs = 60_000, args: string[] = []): Promise<RunningServer> {
  const start = path.join(ROOT, "kernel-setup", "start.mjs");
  return startServerCommand(process.execPath, [start, "--no-browser", ...args], { PORT: String(port) }, timeoutMs);
}

/**
 * Runs a command that prints `Open: <url>?token=<token>` as `npm start` does (e.g. frontends/jupyterlab/serve.py) and
 * resolves once the server answers HTTP.
 */
export async function startServerCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<RunningServer> {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const kill = () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  const stopAt = (base: string, token: string) => async () => {
    await shutDownKernels(base, token);
    kill();
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = log.match(/Open: (http:\/\/127\.0\.0\.1:\d+)\/\w+\?token=([0-9a-f]+)/);
    if (match && (await answers(`${match[1]}/api/status?token=${match[2]}`))) {
      return {
        base: match[1],
        token: match[2],
        url: match[0].slice(6),
        process: child,
        stop: stopAt(match[1], match[2]),
        log: () => log,
      };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  kill();
  throw new Error(`Jupyter did not start within ${timeoutMs} ms:\n${log}`);
}

/** True when the URL answers 200. */
async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/**
 * Asks the server to shut down every kernel it started (best effort: a server that is already gone has none to ask
 * about).
 */
async function shutDownKernels(base: string, token: string): Promise<void> {
  try {
    const kernels = (await (await fetch(`${base}/api/kernels?token=${token}`)).json()) as { id: string }[];
    await Promise.all(kernels.map((k) => fetch(`${base}/api/kernels/${k.id}?token=${token}`, { method: "DELETE" })));
  } catch {
    /* server already gone */
  }
}
