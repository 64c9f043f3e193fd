import * as tf from "@tensorflow/tfjs";
import { transposeLastTwo } from "./ops";
import { heapOffset, CompiledKernel, compiledKernel, runOnThreads, shareOf, threadsForWork } from "./modules";
import type { KernelCall } from "./workers";
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
  /** A fused layer's bias (n values), added to every row of the product. */
  bias?: tf.TensorInfo;
  /** A fused layer's ReLU, after the bias. */
  relu?: boolean;
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
  { a, b, transposeA, transposeB, bias, relu = false }: MatMulOperands,
  backend: WasmBackend,
): tf.TensorInfo | undefined {
  if (a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const [m, k] = lastTwo(a, transposeA);
  const [bRows, n] = lastTwo(b, transposeB);
  const gemm = fmaProductKernel(n, backend);
  if (!gemm || bRows !== k) return undefined; // the stock kernel says why the shapes do not fit
  if (bias && (bias.dtype !== "float32" || bias.shape.at(-1) !== n || tf.util.sizeFromShape(bias.shape) !== n))
    return undefined; // a bias that is not one row of n values: XNNPACK broadcasts it
  const batch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = backend.makeOutput([...batch, m, n], "float32");
  if (k === 0) backend.typedArrayFromHeap(out).fill(0);
  const rowMajorB = transposeB ? transposeLastTwo(b, backend) : b;
  const [outAt, aAt, bAt] = [heapOffset(out, backend), heapOffset(a, backend), heapOffset(rowMajorB, backend)];
  const [aCount, bCount] = [a, b].map((t) => tf.util.sizeFromShape(t.shape.slice(0, -2)));
  const products: Product[] =
    bCount === 1 && !transposeA
      ? [{ at: [outAt, aAt, bAt], dims: [aCount * m, k, n], aStrides: [4 * k, 4] }]
      : batchPairs(batch, a.shape.slice(0, -2), b.shape.slice(0, -2)).map(([i, j], o) => ({
          at: [outAt + 4 * o * m * n, aAt + 4 * i * m * k, bAt + 4 * j * k * n],
          dims: [m, k, n],
          aStrides: transposeA ? [4, 4 * m] : [4 * k, 4],
        }));
  const epilogue: Epilogue | undefined =
    bias || relu ? { bias: bias ? heapOffset(bias, backend) : 0, hasBias: +!!bias, relu: +relu } : undefined;
  const threads = threadsFor(products);
  if (threads > 1 && products.length === 1 && products[0].dims[0] < FEW_ROWS_PER_THREAD * threads && k >= threads)
    multiplyInInnerSlices(products[0], threads, backend, epilogue);
  else
    runOnThreads(
      backend,
      splitAcrossThreads(products, threads).map((list) => list.flatMap((p) => productCalls(p, epilogue))),
    );
  if (rowMajorB !== b) backend.disposeData(rowMajorB.dataId);
  return out;
}

/** What a fused layer adds after its product: a bias (byte offset of n values; when hasBias is 1), then ReLU (1). */
interface Epilogue {
  bias: number;
  hasBias: number;
  relu: number;
}

/**
 * One matrix product C = A·B: byte offsets [C, A, B], [rows, k, n], and A's byte strides [row, column] (a transposed A,
 * stored [k, rows], is read in place: [4, 4·rows]).
 */
interface Product {
  at: number[];
  dims: number[];
  aStrides: number[];
}

/**
 * Fewer multiply-adds than this per thread and a product stays on one thread. On this 2-core VM a helper starts
 * ~0.1 ms after it is woken and reads the operands from the other core's cache: chapter 6's 128×784×128 products
 * (12.8M) trained slower split (MLP batch 128: 30–36k samples/s split, 40–43k not), chapter 7's convolutions
 * (143M each) faster.
 */
const MIN_MACS_PER_THREAD = 1 << 24;

/** Threads worth splitting these products across: at most the kernel threads, each with enough work. */
function threadsFor(products: Product[]): number {
  const macs = products.reduce((sum, { dims: [rows, k, n] }) => sum + rows * k * n, 0);
  return threadsForWork(macs, MIN_MACS_PER_THREAD);
}

/** Fewer rows than this per thread and a product is split along its inner dimension instead (bands are too thin). */
const FEW_ROWS_PER_THREAD = 16;

/**
 * One product split along k (at least `threads` long) across `threads`: thread t multiplies its share of k into C
 * (t = 0) or a scratch matrix,
 * and the scratch matrices are then added to C (a conv filter gradient: 9 × 43,264 × 32).
 */
function multiplyInInnerSlices(product: Product, threads: number, backend: WasmBackend, epilogue?: Epilogue): void {
  const {
    at: [c, a, b],
    dims: [rows, k, n],
    aStrides,
  } = product;
  const scratch = backend.makeOutput([threads - 1, rows, n], "float32");
  const scratchAt = heapOffset(scratch, backend);
  const calls = Array.from({ length: threads }, (_, t) => {
    const [first, last] = shareOf(t, threads, k);
    const out = t === 0 ? c : scratchAt + 4 * (t - 1) * rows * n;
    return productCalls({
      at: [out, a + first * aStrides[1], b + 4 * first * n],
      dims: [rows, last - first, n],
      aStrides,
    });
  });
  runOnThreads(backend, calls);
  const partial = backend.typedArrayFromHeap(scratch) as Float32Array;
  const total = new Float32Array(partial.buffer, c, rows * n);
  for (let i = 0; i < partial.length; i++) total[i % total.length] += partial[i];
  backend.disposeData(scratch.dataId);
  if (epilogue) runOnThreads(backend, [[epilogueCall(c, rows, n, epilogue)]]);
}

/**
 * The products as `threads` lists: whole products in contiguous groups when there are at least as many as threads,
 * else each product's rows in `threads` bands.
 */
function splitAcrossThreads(products: Product[], threads: number): Product[][] {
  return Array.from({ length: threads }, (_, t) =>
    products.length >= threads
      ? products.slice(...shareOf(t, threads, products.length))
      : products.map((product) => rowBand(product, t, threads)),
  );
}

/** Band `t` of `threads` of a product's rows (a multiple of 4 rows; the last band takes the rest, maybe none). */
function rowBand({ at: [c, a, b], dims: [rows, k, n], aStrides }: Product, t: number, threads: number): Product {
  const bandRows = 4 * Math.ceil(rows / threads / 4);
  const [first, last] = [Math.min(rows, t * bandRows), Math.min(rows, (t + 1) * bandRows)];
  return { at: [c + 4 * first * n, a + first * aStrides[0], b], dims: [last - first, k, n], aStrides };
}

/**
 * gemm.wat's calls for one product, K_SLICE of the inner dimension at a time (the first slice writes C, the others
 * add to it), then the fused layer's epilogue on the same rows.
 */
function productCalls(product: Product, epilogue?: Epilogue): KernelCall[] {
  const {
    at: [c, a, b],
    dims: [rows, k, n],
    aStrides: [aRow, aCol],
  } = product;
  const calls: KernelCall[] = [];
  if (rows === 0) return calls;
  for (let k0 = 0; k0 < k; k0 += K_SLICE)
    calls.push([
      "gemm.gemm",
      c,
      a + k0 * aCol,
      b + k0 * 4 * n,
      rows,
      n,
      Math.min(K_SLICE, k - k0),
      aRow,
      aCol,
      ROW_BAND,
      +(k0 > 0),
    ]);
  if (epilogue) calls.push(epilogueCall(c, rows, n, epilogue));
  return calls;
}

/** The epilogue of `rows` rows of C at byte offset `c`. */
function epilogueCall(c: number, rows: number, n: number, { bias, hasBias, relu }: Epilogue): KernelCall {
  return ["gemm.biasActivation", c, bias, rows, n, hasBias, relu];
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
