import * as tf from "@tensorflow/tfjs";
import { transposeLastTwo } from "./ops";
import { heapOffset, CompiledKernel, compiledKernel } from "./modules";
import type { WasmBackend } from "./types";

/** Set DLCOURSE_WASM_GEMM=off to keep every product on XNNPACK (for comparisons). */
const GEMM_ENABLED = process.env.DLCOURSE_WASM_GEMM !== "off";

/**
 * The inner dimension is taken K_SLICE at a time (C accumulates): a block of 4 rows of A then walks few enough
 * cache lines to stay in L1, also when A is read transposed in place (which otherwise needed a transpose copy
 * for long K). Measured (ms, slices of 128 vs none): 64×7744×288 with Aᵀ (a conv filter gradient) 6.4 vs 14.5,
 * 512³ 6.9 vs 9.8, 128×784×128 0.58 vs 0.69.
 */
const K_SLICE = 128;

/**
 * Rows of A taken together while B's column blocks pass over them. Measured (ms, bands of 64 rows vs none): the
 * 7744×288×64 product of chapter 7's second convolution 8.1 vs 16.0, 512³ 7.1 vs 9.4, 128×784×128 0.59 vs 0.56.
 */
const ROW_BAND = 64;

/** The operands of a matrix product as BatchMatMul/_FusedMatMul receive them. */
export interface MatMulOperands {
  a: tf.TensorInfo;
  b: tf.TensorInfo;
  transposeA: boolean;
  transposeB: boolean;
}

/**
 * A·B (either side optionally transposed) with our fused-multiply-add kernel (gemm.wat), which
 * packs nothing and reads a transposed A in place; undefined where it does not apply — it needs float32 operands
 * without batch (leading axes of size 1), N a multiple of 8, and an engine with relaxed SIMD — so the caller uses
 * XNNPACK. Measured on the MNIST perceptron's 128×784×128 product: 0.55 ms vs 1.2 ms for XNNPACK with new weights.
 */
export function matMulOnFmaKernel(
  { a, b, transposeA, transposeB }: MatMulOperands,
  backend: WasmBackend,
): tf.TensorInfo | undefined {
  if (a.dtype !== "float32" || b.dtype !== "float32" || !isSingleMatrix(a) || !isSingleMatrix(b)) return undefined;
  const [m, k] = lastTwo(a, transposeA);
  const n = transposeB ? b.shape.at(-2)! : b.shape.at(-1)!;
  const gemm = fmaProductKernel(n, backend);
  if (!gemm) return undefined;
  const rowMajorB = transposeB ? transposeLastTwo(b, backend) : b;
  const batch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = backend.makeOutput([...batch, m, n], "float32");
  if (k === 0) backend.typedArrayFromHeap(out).fill(0);
  const [aRow, aCol] = transposeA ? [4, 4 * m] : [4 * k, 4];
  const [outAt, aAt, bAt] = [heapOffset(out, backend), heapOffset(a, backend), heapOffset(rowMajorB, backend)];
  for (let k0 = 0; k0 < k; k0 += K_SLICE)
    gemm(
      outAt,
      aAt + k0 * aCol,
      bAt + k0 * 4 * n,
      m,
      n,
      Math.min(K_SLICE, k - k0),
      aRow,
      aCol,
      ROW_BAND,
      k0 > 0 ? 1 : 0,
    );
  if (rowMajorB !== b) backend.disposeData(rowMajorB.dataId);
  return out;
}

/**
 * Our product kernel when it can produce n columns here: enabled (DLCOURSE_WASM_GEMM), n a multiple of 8, and an
 * engine with relaxed SIMD; else undefined. Callers that prepare an operand first (im2col) ask before doing so.
 */
export function fmaProductKernel(n: number, backend: WasmBackend): CompiledKernel | undefined {
  return GEMM_ENABLED && n % 8 === 0 ? compiledKernel(backend, "gemm", "gemm") : undefined;
}

/** True for a rank-2 tensor, or a higher rank one whose leading axes all have size 1. */
function isSingleMatrix(t: tf.TensorInfo): boolean {
  return t.shape.length >= 2 && t.shape.slice(0, -2).every((d) => d === 1);
}

/** [rows, columns] of the matrix the product uses: the last two axes, swapped when transposed. */
function lastTwo(t: tf.TensorInfo, transposed: boolean): [number, number] {
  const [rows, cols] = t.shape.slice(-2);
  return transposed ? [cols, rows] : [rows, cols];
}
