import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";

/** The outcome of trying one backend: whether it is usable, and why (not). */
export interface Attempt {
  name: string;
  ok: boolean;
  reason: string;
}

/** How a package is loaded (Node's `require`; tests pass one that resolves elsewhere). */
export type Loader = (id: string) => unknown;

/** The installed version of a package, or undefined when it is absent (or only an alias of another). */
export function installedVersion(pkg: string, load: Loader = require): string | undefined {
  try {
    const meta = load(`${pkg}/package.json`) as { name: string; version: string };
    return meta.name === pkg ? meta.version : undefined;
  } catch {
    return undefined;
  }
}

/** True when this machine shows an NVIDIA device node (a cheap check before loading CUDA libraries). */
export function hasNvidiaDevice(): boolean {
  return fs.existsSync("/dev/nvidiactl") || fs.existsSync("/dev/nvidia0");
}

/** The `util.is*` checks Node 23 removed (DEP0044–DEP0058), with their documented meaning. */
const REMOVED_UTIL_CHECKS: Record<string, (v: unknown) => boolean> = {
  isBoolean: (v) => typeof v === "boolean",
  isBuffer: (v) => Buffer.isBuffer(v),
  isDate: (v) => v instanceof Date,
  isError: (v) => v instanceof Error,
  isFunction: (v) => typeof v === "function",
  isNull: (v) => v === null,
  isNullOrUndefined: (v) => v === null || v === undefined,
  isNumber: (v) => typeof v === "number",
  isObject: (v) => v !== null && typeof v === "object",
  isPrimitive: (v) => v === null || (typeof v !== "object" && typeof v !== "function"),
  isRegExp: (v) => v instanceof RegExp,
  isString: (v) => typeof v === "string",
  isSymbol: (v) => typeof v === "symbol",
  isUndefined: (v) => v === undefined,
};

/**
 * Puts back the `util.is*` checks this Node lacks (removed in Node 23); returns their names. tfjs-node 4.22, the
 * last release, still calls `util.isNullOrUndefined` (tensorflow/tfjs#8609: fixed upstream, never released).
 */
export function restoreRemovedUtilChecks(): string[] {
  const target = require("node:util") as Record<string, unknown>; // the module itself, not an import's copy
  const missing = Object.keys(REMOVED_UTIL_CHECKS).filter((name) => typeof target[name] !== "function");
  for (const name of missing) target[name] = REMOVED_UTIL_CHECKS[name];
  return missing;
}

/** Loads a native TensorFlow package (tfjs-node or tfjs-node-gpu) into our single tfjs copy. */
export function loadNative(pkg: string, load: Loader = require): Attempt {
  const name = pkg.endsWith("-gpu") ? "tensorflow-gpu" : "tensorflow";
  const version = installedVersion(pkg, load);
  if (!version) return { name, ok: false, reason: `${pkg} is not installed` };
  if (version !== tf.version_core) {
    return {
      name,
      ok: false,
      reason:
        `${pkg}@${version} does not match @tensorflow/tfjs-core@${tf.version_core}; ` +
        `install ${pkg}@${tf.version_core}`,
    };
  }
  const restored = restoreRemovedUtilChecks();
  const shim = restored.length > 0 ? `, with the util.is* checks Node 23 removed put back (tensorflow/tfjs#8609)` : "";
  try {
    load(pkg);
  } catch (e) {
    return { name, ok: false, reason: `${pkg} failed to load${shim}: ${firstLine(e)}` };
  }
  if (!tf.findBackend("tensorflow")) {
    return {
      name,
      ok: false,
      reason: `${pkg} loaded${shim} but registered no 'tensorflow' backend with our tfjs copy`,
    };
  }
  return { name, ok: true, reason: `${pkg}@${version} loaded${shim}` };
}

/** Whether the registered native 'tensorflow' backend runs on a GPU. */
export function nativeUsesGpu(): boolean {
  const backend = tf.findBackend("tensorflow") as unknown as { isUsingGpuDevice?: boolean | (() => boolean) } | null;
  const flag = backend?.isUsingGpuDevice;
  return typeof flag === "function" ? flag.call(backend) : Boolean(flag);
}

/** The first line of an error's message. */
export function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split("\n")[0];
}
