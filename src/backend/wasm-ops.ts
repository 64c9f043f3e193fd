import * as tf from "@tensorflow/tfjs";
import type { WasmBackend } from "./wasm-types";

// Shared by our wasm kernels: calls to wasm's own kernels on TensorInfos, and free reshaped views.

/** Swaps the last two axes with the wasm Transpose kernel. */
export function transposeLastTwo(x: tf.TensorInfo, backend: WasmBackend): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
  return tf.getKernel("Transpose", "wasm")!.kernelFunc({ inputs: { x }, attrs: { perm }, backend: backend as unknown as tf.KernelBackend }) as tf.TensorInfo;
}

/** Runs wasm's BatchMatMul (ours, so transposes are materialised) on rank-3 views. */
export function wasmMatMul(a: tf.TensorInfo, b: tf.TensorInfo, transpose: { a?: boolean; b?: boolean }, backend: WasmBackend): tf.TensorInfo {
  const kernel = tf.getKernel("BatchMatMul", "wasm")!;
  return kernel.kernelFunc({ inputs: { a, b }, attrs: { transposeA: !!transpose.a, transposeB: !!transpose.b }, backend: backend as unknown as tf.KernelBackend }) as tf.TensorInfo;
}

/** The same tensor data seen with another shape (no copy). */
export function viewAs(t: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { ...t, shape };
}
