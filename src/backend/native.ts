import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";

/** The outcome of trying one backend: whether it is usable, and why (not). */
export interface Attempt {
  name: string;
  ok: boolean;
  reason: string;
}

/** The installed version of a package, or undefined when it is absent (or only an alias of another). */
export function installedVersion(pkg: string): string | undefined {
  try {
    const meta = require(`${pkg}/package.json`) as { name: string; version: string };
    return meta.name === pkg ? meta.version : undefined;
  } catch {
    return undefined;
  }
}

/** True when this machine shows an NVIDIA device node (a cheap check before loading CUDA libraries). */
export function hasNvidiaDevice(): boolean {
  return fs.existsSync("/dev/nvidiactl") || fs.existsSync("/dev/nvidia0");
}

/** Loads a native TensorFlow package (tfjs-node or tfjs-node-gpu) into our single tfjs copy. */
export function loadNative(pkg: string): Attempt {
  const name = pkg.endsWith("-gpu") ? "tensorflow-gpu" : "tensorflow";
  const version = installedVersion(pkg);
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
  try {
    require(pkg);
  } catch (e) {
    return { name, ok: false, reason: `${pkg} failed to load: ${firstLine(e)}` };
  }
  if (!tf.findBackend("tensorflow")) {
    return { name, ok: false, reason: `${pkg} loaded but registered no 'tensorflow' backend with our tfjs copy` };
  }
  return { name, ok: true, reason: `${pkg}@${version} loaded` };
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
