import * as tf from "@tensorflow/tfjs";
import * as wasm from "@tensorflow/tfjs-backend-wasm";
import { Attempt, firstLine, hasNvidiaDevice, installedVersion, loadNative, nativeUsesGpu } from "./native";
import {
  kernelThreads,
  ourWasmKernels,
  prepareWasmThreads,
  requestedWasmThreads,
  startKernelThreads,
  unrefWasmWorkers,
} from "./wasm";
import type { WasmBackend } from "./wasm/types";

/** Backend names accepted by `setupBackend` and the `TFJS_BACKEND` environment variable. */
export const BACKENDS = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** What `setupBackend` chose, why, and with which versions and threads. */
export interface BackendReport {
  backend: BackendChoice;
  tfBackend: string;
  reason: string;
  requested?: string;
  threads: number | string;
  versions: Record<string, string>;
  tried: Attempt[];
}

let current: BackendReport | undefined;

/**
 * What `setupBackend` accepts: a backend name (else TFJS_BACKEND) and wasm threads (else TFJS_WASM_THREADS, else one
 * per core).
 */
export interface BackendOptions {
  backend?: string;
  threads?: number;
}

/** Picks and activates the fastest working backend (or `TFJS_BACKEND`), once per process. */
export async function setupBackend(options: BackendOptions = {}): Promise<BackendReport> {
  const requested = options.backend ?? process.env.TFJS_BACKEND;
  const threads = requestedWasmThreads(options.threads);
  if (current && (!requested || requested === current.backend)) return current;
  silenceNodeBanner();
  const order = requested ? [parseChoice(requested)] : [...BACKENDS];
  const tried: Attempt[] = [];
  for (const choice of order) {
    const attempt = await tryBackend(choice, threads);
    tried.push(attempt);
    if (attempt.ok) {
      current = buildReport(choice, attempt, tried, requested);
      return current;
    }
  }
  throw new Error(`TFJS_BACKEND=${requested}: backend '${requested}' is not usable here: ${tried[0].reason}`);
}

/** The report of the active backend, or undefined before `setupBackend` ran. */
export function backendReport(): BackendReport | undefined {
  return current;
}

/** Validates a requested backend name. */
export function parseChoice(name: string): BackendChoice {
  const choice = name.trim().toLowerCase();
  if ((BACKENDS as readonly string[]).includes(choice)) return choice as BackendChoice;
  throw new Error(`TFJS_BACKEND: unknown backend '${name}'; expected one of ${BACKENDS.join(", ")}`);
}

/** Tries to activate one backend; never throws. */
async function tryBackend(choice: BackendChoice, threads: number): Promise<Attempt> {
  try {
    if (choice === "tensorflow-gpu") return await tryNativeGpu();
    if (choice === "tensorflow") return await tryNative("@tensorflow/tfjs-node");
    if (choice === "wasm") return await activateWasm(threads);
    return await activate(choice, "pure-JavaScript fallback");
  } catch (e) {
    return { name: choice, ok: false, reason: firstLine(e) };
  }
}

/** Starts wasm with our kernels, multi-threaded when asked (possible only before wasm first starts in the process). */
async function activateWasm(threads: number): Promise<Attempt> {
  const why = `pure-npm WebAssembly (XNNPACK) backend; our kernels: ${ourWasmKernels().join(", ")}`;
  const alreadyStarted = "wasm" in (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  const restore = threads > 1 && !alreadyStarted ? prepareWasmThreads() : () => undefined;
  let attempt: Attempt;
  try {
    const start = activate("wasm", why);
    attempt = threads > 1 && !alreadyStarted ? await withinStartTime(start) : await start;
  } finally {
    restore();
  }
  if (threads > 1 && attempt.ok) {
    unrefWasmWorkers();
    await startKernelThreads(tf.backend() as unknown as WasmBackend, threads - 1);
  }
  if (threads > 1 && attempt.ok && wasmThreads() !== threads)
    attempt.reason +=
      `; ${threads} threads asked, ${wasmThreads()} running ` + "(wasm had already started in this process)";
  return attempt;
}

/** Threads wasm computes with: ours (this one and the kernel helpers) or XNNPACK's pool, whichever is more. */
function wasmThreads(): number {
  return Math.max(wasm.getThreadsCount(), 1 + (kernelThreads()?.helpers ?? 0));
}

/** Seconds the multi-threaded wasm build may take to start (DLCOURSE_WASM_START_SECONDS): ~5 s at load 8 here. */
const THREADED_START_SECONDS = Number(process.env.DLCOURSE_WASM_START_SECONDS || 60);

/**
 * The threaded build's start, or a failed attempt once THREADED_START_SECONDS have passed: a start that never ends
 * (seen once, under load, in a kernel that then stayed busy) becomes a reason, and setup tries the next backend.
 * wasm is then unregistered, so that a late start cannot switch backends under the learner.
 */
async function withinStartTime(start: Promise<Attempt>): Promise<Attempt> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), THREADED_START_SECONDS * 1000);
  });
  const attempt = await Promise.race([start, late]);
  clearTimeout(timer);
  if (attempt) return attempt;
  unrefWasmWorkers(); // its workers that never started must not keep the process alive
  tf.removeBackend("wasm");
  const reason =
    `the multi-threaded wasm build did not start within ${THREADED_START_SECONDS} s; ` +
    "restart the kernel, or set TFJS_WASM_THREADS=1 for one thread";
  return { name: "wasm", ok: false, reason };
}

/** tfjs-node-gpu counts only if it loads and TensorFlow reports a GPU device. */
async function tryNativeGpu(): Promise<Attempt> {
  if (!installedVersion("@tensorflow/tfjs-node-gpu"))
    return { name: "tensorflow-gpu", ok: false, reason: "@tensorflow/tfjs-node-gpu is not installed" };
  if (!hasNvidiaDevice())
    return { name: "tensorflow-gpu", ok: false, reason: "no NVIDIA device (/dev/nvidiactl) on this machine" };
  const attempt = await tryNative("@tensorflow/tfjs-node-gpu");
  if (attempt.ok && !nativeUsesGpu()) {
    return {
      name: "tensorflow-gpu",
      ok: true,
      reason:
        `${attempt.reason}, but TensorFlow found no usable GPU (check CUDA 11.2 + cuDNN 8.1): ` +
        "running native TensorFlow on the CPU",
    };
  }
  return attempt;
}

/** Loads a native package and switches to its 'tensorflow' backend. */
async function tryNative(pkg: string): Promise<Attempt> {
  const loaded = loadNative(pkg);
  if (!loaded.ok) return loaded;
  return activate("tensorflow", loaded.reason);
}

/** Process-wide error events a backend's initialisation may hook. */
const ERROR_EVENTS = ["uncaughtException", "unhandledRejection"] as const;

/**
 * Runs `init`, then removes the process error listeners it added. The wasm module (Emscripten) installs handlers
 * that re-throw every stray error and unhandled rejection, which kills a tslab kernel instead of letting it
 * log the error and go on; tfjs removes them only when the backend is disposed.
 */
async function withoutAddedErrorListeners<T>(init: () => Promise<T>): Promise<T> {
  const listeners = (event: string) =>
    process.listeners(event as "uncaughtException") as ((...args: unknown[]) => void)[];
  const before = new Map(ERROR_EVENTS.map((event) => [event, new Set(listeners(event))]));
  try {
    return await init();
  } finally {
    for (const event of ERROR_EVENTS)
      for (const listener of listeners(event))
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
  }
}

/** Sets the tfjs backend and checks that it computes. */
async function activate(tfName: string, why: string): Promise<Attempt> {
  const ok = await withoutAddedErrorListeners(() => tf.setBackend(tfName));
  if (!ok) return { name: tfName, ok: false, reason: `tf.setBackend('${tfName}') failed` };
  await tf.ready();
  const sum = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0]);
  if (sum !== 3) return { name: tfName, ok: false, reason: `backend '${tfName}' computed 1 + 2 = ${sum}` };
  return { name: tfName, ok: true, reason: why };
}

/** Assembles the report for the chosen backend. */
function buildReport(choice: BackendChoice, attempt: Attempt, tried: Attempt[], requested?: string): BackendReport {
  const reason = requested ? `requested with TFJS_BACKEND=${requested}; ${attempt.reason}` : attempt.reason;
  return {
    backend: choice === "tensorflow-gpu" && !nativeUsesGpu() ? "tensorflow" : choice,
    tfBackend: tf.getBackend(),
    reason,
    requested,
    threads: threadCount(choice),
    versions: versions(),
    tried,
  };
}

/** Threads the active backend computes with. */
function threadCount(choice: BackendChoice): number | string {
  if (choice === "wasm") return wasmThreads();
  if (choice === "cpu") return 1;
  return "TensorFlow default (all cores)";
}

/** Versions of the runtime and of the tfjs packages in use. */
function versions(): Record<string, string> {
  const found: Record<string, string> = {
    node: process.version,
    "tfjs-core": tf.version_core,
    "tfjs-backend-wasm": wasm.version_wasm,
  };
  for (const pkg of ["@tensorflow/tfjs-node", "@tensorflow/tfjs-node-gpu", "tslab"]) {
    const v = installedVersion(pkg);
    if (v) found[pkg.replace("@tensorflow/", "")] = v;
  }
  return found;
}

/** Makes tensor ops work right after import (on the cpu backend) until `setupBackend` picks the fast one. */
export function useCpuUntilSetup(): void {
  silenceNodeBanner();
  if (!current) void tf.setBackend("cpu");
}

/** Stops the cpu backend's one-time "install tfjs-node" console banner. */
function silenceNodeBanner(): void {
  const cpu = tf.findBackend("cpu") as unknown as { firstUse?: boolean } | null;
  if (cpu) cpu.firstUse = false;
}
