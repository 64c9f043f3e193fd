import * as tf from "@tensorflow/tfjs";
import { heapOffset, compiledKernel } from "./modules";
import type { WasmBackend } from "./types";

/** What a wasm Sum kernel receives. */
interface SumArgs {
  inputs: { x: tf.TensorInfo };
  attrs: { axis: number | number[]; keepDims: boolean };
  backend: WasmBackend;
}

/** Below this many elements the stock Sum is as fast (a dense layer's bias gradient). */
const MIN_ELEMENTS = 16_384;

/**
 * Sum over the leading axes — a conv layer's bias gradient, [batch, height, width, channels] → [channels] — as
 * column sums of the [rows × columns] view in one SIMD pass (sums.wat): the stock kernel first
 * transposes the whole input (≈5 ms for a 64-image batch after a 32-filter conv, vs ≈0.3 ms).
 */
export function sumLeadingAxesByColumns(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const {
      inputs: { x },
      attrs,
      backend,
    } = args as unknown as SumArgs;
    const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length;
    const isLeading = leading > 0 && leading < x.shape.length && axes.every((axis, i) => axis === i);
    const columnSums =
      isLeading && x.dtype === "float32" && tf.util.sizeFromShape(x.shape) >= MIN_ELEMENTS
        ? compiledKernel(backend, "sums", "columnSums")
        : undefined;
    if (!columnSums) return original(args);
    const trailing = x.shape.slice(leading);
    const out = backend.makeOutput(
      attrs.keepDims ? x.shape.map((size, i) => (i < leading ? 1 : size)) : trailing,
      "float32",
    );
    columnSums(
      heapOffset(x, backend),
      heapOffset(out, backend),
      tf.util.sizeFromShape(x.shape.slice(0, leading)),
      tf.util.sizeFromShape(trailing),
    );
    return out;
  };
}
