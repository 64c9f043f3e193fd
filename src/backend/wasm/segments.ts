import * as tf from "@tensorflow/tfjs";
import { heapOffset, compiledKernel } from "./modules";
import type { WasmBackend } from "./types";

// UnsortedSegmentSum: the gradient of tf.gather, so of every embedding layer. tfjs-backend-wasm 4.22 has no such
// kernel; the cpu backend's builds, for each of the numSegments segments, a mask, a product and a sum over the whole
// input (O(numSegments × size), ~30 tensor ops per vocabulary entry), after a copy of the input out of wasm memory.
// Ours adds each row into its segment's row once (segments.wat): O(size).

/** What UnsortedSegmentSum receives. */
interface SegmentSumArgs {
  inputs: { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  attrs: { numSegments: number };
  backend: WasmBackend;
}

/**
 * UnsortedSegmentSum of float32 data with one int32 id per row (what tf.gather's gradient and tf.unsortedSegmentSum
 * with 1-D ids give): out[s] = the sum of the rows x[r] with id s; ids outside [0, numSegments) are dropped, as on
 * cpu. Other cases (int32 data, ids of rank > 1) go to `slow`. Unlike the cpu kernel, which multiplies every row by
 * a 0/1 mask, a NaN or ±∞ stays in its own segment (as in TensorFlow) instead of making every segment NaN.
 */
export function segmentSumInWasm(slow: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as SegmentSumArgs;
    const { x, segmentIds } = inputs;
    const rows = x.shape[0];
    if (x.dtype !== "float32" || segmentIds.dtype !== "int32" || segmentIds.shape.length !== 1) return slow(args);
    if (x.shape.length === 0 || segmentIds.shape[0] !== rows) return slow(args); // the cpu kernel's errors
    const cols = tf.util.sizeFromShape(x.shape.slice(1));
    const out = backend.makeOutput([attrs.numSegments, ...x.shape.slice(1)], "float32");
    const kernel = compiledKernel(backend, "segments", "segmentSum");
    const [xAt, idsAt, outAt] = [x, segmentIds, out].map((t) => heapOffset(t, backend));
    if (kernel) kernel(outAt, xAt, idsAt, rows, cols, attrs.numSegments);
    else {
      const [from, ids, to] = [x, segmentIds, out].map((t) => backend.typedArrayFromHeap(t));
      segmentSumInJs(from as Float32Array, ids as Int32Array, to as Float32Array, cols);
    }
    return out;
  };
}

/** segmentSum of segments.wat in JavaScript, where our module cannot run (see compiledKernel). */
function segmentSumInJs(x: Float32Array, ids: Int32Array, out: Float32Array, cols: number): void {
  const segments = out.length / cols;
  out.fill(0);
  ids.forEach((id, r) => {
    if (id < 0 || id >= segments) return;
    for (let c = 0, to = id * cols, from = r * cols; c < cols; c++) out[to + c] += x[from + c];
  });
}
