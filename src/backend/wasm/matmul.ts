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
 * A·B (either side optionally transposed) with our fused-multiply-add kernel (gemm.wat), which packs nothing and reads
 * a transposed A in place; undefined where it does not apply — it needs float32 operands, N a multiple of 8, and an
 * engine with relaxed SIMD — so the caller uses XNNPACK. Batches (attention's [batch, heads, T, d] products) run one
 * product per matrix, with tfjs's broadcasting of the leading axes; a batch times one matrix without Aᵀ (x·W on
 * [batch, T, d]) is a single product with the batch's rows stacked. Measured on the MNIST perceptron's 128×784×128
 * product: 0.55 ms vs 1.2 ms for XNNPACK with new weights.
 */
export function matMulOnFmaKernel(
  { a, b, transposeA, transposeB }: MatMulOperands,
  backend: WasmBackend,
): tf.TensorInfo | undefined {
  if (a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const [m, k] = lastTwo(a, transposeA);
  const [bRows, n] = lastTwo(b, transposeB);
  const gemm = fmaProductKernel(n, backend);
  if (!gemm || bRows !== k) return undefined; // the stock kernel says why the shapes do not fit
  const batch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = backend.makeOutput([...batch, m, n], "float32");
  if (k === 0) backend.typedArrayFromHeap(out).fill(0);
  const rowMajorB = transposeB ? transposeLastTwo(b, backend) : b;
  const [outAt, aAt, bAt] = [heapOffset(out, backend), heapOffset(a, backend), heapOffset(rowMajorB, backend)];
  const [aCount, bCount] = [a, b].map((t) => tf.util.sizeFromShape(t.shape.slice(0, -2)));
  if (bCount === 1 && !transposeA) gemmInSlices(gemm, [outAt, aAt, bAt], [aCount * m, k, n], false);
  else
    batchPairs(batch, a.shape.slice(0, -2), b.shape.slice(0, -2)).forEach(([i, j], o) =>
      gemmInSlices(gemm, [outAt + 4 * o * m * n, aAt + 4 * i * m * k, bAt + 4 * j * k * n], [m, k, n], transposeA),
    );
  if (rowMajorB !== b) backend.disposeData(rowMajorB.dataId);
  return out;
}

/**
 * C = A·B for one [rows × k]·[k × n] product at byte offsets [C, A, B] (A possibly stored transposed, as [k, rows]),
 * K_SLICE of the inner dimension at a time: the first slice writes C, the others add to it.
 */
function gemmInSlices(gemm: CompiledKernel, [c, a, b]: number[], [rows, k, n]: number[], transposeA: boolean): void {
  const [aRow, aCol] = transposeA ? [4, 4 * rows] : [4 * k, 4];
  for (let k0 = 0; k0 < k; k0 += K_SLICE) {
    const slice = Math.min(K_SLICE, k - k0);
    gemm(c, a + k0 * aCol, b + k0 * 4 * n, rows, n, slice, aRow, aCol, ROW_BAND, k0 > 0 ? 1 : 0);
  }
}

/**
 * For each matrix of a broadcast batch `shape` (row-major), the indices of the matrices of A and B it multiplies: an
 * axis of size 1 (or missing, on the left) in an operand's batch `aShape`/`bShape` repeats that operand's matrices.
 */
export function batchPairs(shape: number[], aShape: number[], bShape: number[]): [number, number][] {
  const [aStrides, bStrides] = [aShape, bShape].map((own) => broadcastStrides(shape.length, own));
  return Array.from({ length: tf.util.sizeFromShape(shape) }, (_, o) => {
    const at: [number, number] = [0, 0];
    for (let axis = shape.length - 1, rest = o; axis >= 0; axis--) {
      const index = rest % shape[axis];
      rest = Math.floor(rest / shape[axis]);
      at[0] += index * aStrides[axis];
      at[1] += index * bStrides[axis];
    }
    return at;
  });
}

/** Row-major strides of a batch shape seen with `rank` axes: 0 for an axis of size 1 or missing (repeated). */
function broadcastStrides(rank: number, shape: number[]): number[] {
  const padded = [...Array<number>(rank - shape.length).fill(1), ...shape];
  const strides = padded.map(() => 0);
  for (let axis = rank - 1, step = 1; axis >= 0; step *= padded[axis], axis--)
    strides[axis] = padded[axis] === 1 ? 0 : step;
  return strides;
}

/**
 * Our product kernel when it can produce n columns here: enabled (DLCOURSE_WASM_GEMM), n a multiple of 8, and an
 * engine with relaxed SIMD; else undefined. Callers that prepare an operand first (im2col) ask before doing so.
 */
export function fmaProductKernel(n: number, backend: WasmBackend): CompiledKernel | undefined {
  return GEMM_ENABLED && n % 8 === 0 ? compiledKernel(backend, "gemm", "gemm") : undefined;
}

/** [rows, columns] of the matrix the product uses: the last two axes, swapped when transposed. */
function lastTwo(t: tf.TensorInfo, transposed: boolean): [number, number] {
  const [rows, cols] = t.shape.slice(-2);
  return transposed ? [cols, rows] : [rows, cols];
}
