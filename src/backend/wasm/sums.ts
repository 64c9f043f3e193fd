import * as tf from "@tensorflow/tfjs";
import { heapOffset, compiledKernel } from "./modules";
import { runStockKernel, transposeWasm } from "./ops";
import type { WasmBackend } from "./types";

// Sum and Mean that stay accurate over millions of values. The stock wasm kernels keep one float32 running total per
// output, which stops growing once it dwarfs the terms: tf.sum of 47,040,000 halves gave 8,388,608 (not 23,520,000)
// and the mean of MNIST's pixels 0.18. Ours (sums.wat) sum float32 blocks of 256 values (rows) or 32 rows (columns)
// and total the blocks in float64, as PyTorch and NumPy sum pairwise: ~3e-8 relative error where stock had 1e-5 to
// 0.3, and 4–8× faster over a whole tensor.

/** What wasm's Sum and Mean kernels receive. */
interface ReduceArgs {
  inputs: { x: tf.TensorInfo };
  attrs: { axis: number | number[]; keepDims: boolean };
  backend: WasmBackend;
}

/** Sum of float32 tensors, accurate; other dtypes (int32 sums are exact) go to the stock kernel. */
export function accurateSum(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => reduceAccurately(args as unknown as ReduceArgs, "sum") ?? original(args);
}

/** Mean of float32, int32 and bool tensors: our accurate sum divided by the count, rounded once. */
export function accurateMean(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => reduceAccurately(args as unknown as ReduceArgs, "mean") ?? original(args);
}

/**
 * A row-major [rows × cols] view of a reduction: the sums of each row (`byColumns` false) or of each column (true),
 * after transposing by `perm` where given.
 */
interface Layout {
  rows: number;
  cols: number;
  byColumns: boolean;
  perm?: number[];
}

/**
 * How to sum `axes` (sorted) of `shape`. Trailing axes (a whole tensor, rows): row sums. Leading axes (a conv layer's
 * bias gradient, [batch, h, w, c] → [c]): column sums in one pass, where the stock kernel transposes the whole input
 * first (≈5 ms per 64-image batch after a 32-filter conv, vs ≈0.3 ms). Others: moved to the end, as stock does.
 */
function layoutOf(shape: number[], axes: number[]): Layout {
  const reduced = tf.util.sizeFromShape(axes.map((axis) => shape[axis]));
  const kept = tf.util.sizeFromShape(shape) / reduced;
  if (kept === 1 || axes.every((axis, i) => axis === shape.length - axes.length + i))
    return { rows: kept, cols: reduced, byColumns: false };
  if (axes.every((axis, i) => axis === i)) return { rows: reduced, cols: kept, byColumns: true };
  const others = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  return { rows: kept, cols: reduced, byColumns: false, perm: [...others, ...axes] };
}

/** The stock kernel's result computed accurately; undefined where the stock kernel should run (other dtypes, empty). */
function reduceAccurately(
  { inputs: { x }, attrs, backend }: ReduceArgs,
  op: "sum" | "mean",
): tf.TensorInfo | undefined {
  const dtypes = op === "mean" ? ["float32", "int32", "bool"] : ["float32"];
  const axes = [...new Set(tf.util.parseAxisParam(attrs.axis, x.shape))].sort((a, b) => a - b);
  if (!dtypes.includes(x.dtype) || axes.length === 0 || tf.util.sizeFromShape(x.shape) === 0) return undefined;
  const layout = layoutOf(x.shape, axes);
  const temporary: tf.TensorInfo[] = [];
  let input = x;
  if (x.dtype !== "float32") temporary.push((input = runStockKernel("Cast", { x }, { dtype: "float32" }, backend)));
  if (layout.perm) temporary.push((input = transposeWasm(input, layout.perm, backend)));
  const outShape = attrs.keepDims
    ? x.shape.map((n, i) => (axes.includes(i) ? 1 : n))
    : x.shape.filter((_, i) => !axes.includes(i));
  const out = backend.makeOutput(outShape, "float32");
  const divisor = op === "mean" ? tf.util.sizeFromShape(x.shape) / tf.util.sizeFromShape(outShape) : 1;
  sumInto(input, out, layout, divisor, backend);
  for (const t of temporary) backend.disposeData(t.dataId);
  return out;
}

/** out = the row or column sums of `input` / divisor: sums.wat, or the same in JavaScript where it cannot run. */
function sumInto(input: tf.TensorInfo, out: tf.TensorInfo, layout: Layout, divisor: number, backend: WasmBackend) {
  const { rows, cols, byColumns } = layout;
  const kernel = compiledKernel(backend, "sums", byColumns ? "columnSums" : "rowSums");
  if (!kernel) {
    const [from, to] = [input, out].map((t) => backend.typedArrayFromHeap(t) as Float32Array);
    (byColumns ? columnSumsInJs : rowSumsInJs)(from, to, rows, cols, divisor);
  } else if (byColumns) {
    const scratch = backend.wasm._malloc(8 * cols); // the columns' float64 totals
    kernel(heapOffset(input, backend), heapOffset(out, backend), scratch, rows, cols, divisor);
    backend.wasm._free(scratch);
  } else kernel(heapOffset(input, backend), heapOffset(out, backend), rows, cols, divisor);
}

/** rowSums of sums.wat in JavaScript, in float64, where our module cannot run (see compiledKernel). */
function rowSumsInJs(x: Float32Array, out: Float32Array, rows: number, cols: number, divisor: number): void {
  for (let r = 0, at = 0; r < rows; r++) {
    let total = 0;
    for (const end = at + cols; at < end; at++) total += x[at];
    out[r] = total / divisor;
  }
}

/** columnSums of sums.wat in JavaScript, in float64. */
function columnSumsInJs(x: Float32Array, out: Float32Array, rows: number, cols: number, divisor: number): void {
  const totals = new Float64Array(cols);
  for (let at = 0; at < rows * cols; at += cols) for (let c = 0; c < cols; c++) totals[c] += x[at + c];
  totals.forEach((total, c) => (out[c] = total / divisor));
}
