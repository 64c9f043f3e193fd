import * as tf from "@tensorflow/tfjs";
import type { WasmBackend } from "./types";

// Shared by our wasm kernels: calls to wasm's own kernels on TensorInfos, and free reshaped views.

/** Swaps the last two axes with the wasm Transpose kernel. */
export function transposeLastTwo(x: tf.TensorInfo, backend: WasmBackend): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
  return transposeWasm(x, perm, backend);
}

/** Runs wasm's BatchMatMul (ours, so transposes are materialised) on rank-3 views. */
export function wasmMatMul(
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transpose: { a?: boolean; b?: boolean },
  backend: WasmBackend,
): tf.TensorInfo {
  return runStockKernel("BatchMatMul", { a, b }, { transposeA: !!transpose.a, transposeB: !!transpose.b }, backend);
}

/** The same tensor data seen with another shape (no copy). */
export function viewAs(t: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { ...t, shape };
}

/** Runs the wasm kernel `name` directly (inside another kernel: no tape, no engine bookkeeping). */
export function runStockKernel(
  name: string,
  inputs: Record<string, tf.TensorInfo>,
  attrs: Record<string, unknown>,
  backend: WasmBackend,
): tf.TensorInfo {
  const kernel = tf.getKernel(name, "wasm");
  if (!kernel) throw new Error(`wasm kernel '${name}' is not registered`);
  return kernel.kernelFunc({
    inputs,
    attrs: attrs as tf.NamedAttrMap,
    backend: backend as unknown as tf.KernelBackend,
  }) as tf.TensorInfo;
}

/** Transposes with the wasm Transpose kernel. */
export function transposeWasm(x: tf.TensorInfo, perm: number[], backend: WasmBackend): tf.TensorInfo {
  return runStockKernel("Transpose", { x }, { perm }, backend);
}
