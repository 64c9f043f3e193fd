import * as tf from "@tensorflow/tfjs";
import { transposeLastTwo } from "./wasm-ops";
import { heapOffset, ownKernel } from "./wasm-own";
import type { WasmBackend } from "./wasm-types";

/** Set DLCOURSE_WASM_GEMM=off to keep every product on XNNPACK (for comparisons). */
const ENABLED = process.env.DLCOURSE_WASM_GEMM !== "off";

/**
 * Longest inner dimension for which a transposed A is read in place: each block of 4 rows then walks K cache lines,
 * which must stay in L1. Measured (ms, in place vs transpose + plain): 784×128×128 0.67 vs 0.77; 1024×256×256 6.3
 * vs 4.0; 288×7744×64 (a conv filter gradient) 24.9 vs 12.3.
 */
const MAX_K_FOR_STRIDED_A = 128;

/** The operands of a matrix product as BatchMatMul/_FusedMatMul receive them. */
export interface MatMulOperands {
  a: tf.TensorInfo;
  b: tf.TensorInfo;
  transposeA: boolean;
  transposeB: boolean;
}

/**
 * A·B (either side optionally transposed) with our fused-multiply-add kernel (src/backend/wasm-gemm.wat), which
 * packs nothing and reads a transposed A in place (for K ≤ 128); undefined where it does not apply — it needs float32 operands
 * without batch (leading axes of size 1), N a multiple of 8, and an engine with relaxed SIMD — so the caller uses
 * XNNPACK. Measured on the MNIST perceptron's 128×784×128 product: 0.55 ms vs 1.2 ms for XNNPACK with new weights.
 */
export function gemmWithoutPacking({ a, b, transposeA, transposeB }: MatMulOperands, backend: WasmBackend): tf.TensorInfo | undefined {
  if (!ENABLED || a.dtype !== "float32" || b.dtype !== "float32" || !isSingleMatrix(a) || !isSingleMatrix(b)) return undefined;
  const [m, k] = lastTwo(a, transposeA);
  const n = transposeB ? b.shape.at(-2)! : b.shape.at(-1)!;
  if (n % 8 !== 0) return undefined;
  const gemm = ownKernel(backend, "wasm-gemm", "gemm");
  if (!gemm) return undefined;
  const readsAInPlace = !transposeA || k <= MAX_K_FOR_STRIDED_A;
  const givenA = readsAInPlace ? a : transposeLastTwo(a, backend);
  const rowMajorB = transposeB ? transposeLastTwo(b, backend) : b;
  const batch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = backend.makeOutput([...batch, m, n], "float32");
  const [aRow, aCol] = transposeA && readsAInPlace ? [4, 4 * m] : [4 * k, 4];
  gemm(heapOffset(out, backend), heapOffset(givenA, backend), heapOffset(rowMajorB, backend), m, n, k, aRow, aCol);
  for (const [made, given] of [[givenA, a], [rowMajorB, b]]) if (made !== given) backend.disposeData(made.dataId);
  return out;
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
