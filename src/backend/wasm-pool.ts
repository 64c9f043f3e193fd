import * as tf from "@tensorflow/tfjs";
import type { WasmBackend } from "./wasm-types";

/** MaxPoolGrad's inputs and attributes (as tfjs passes them). */
interface MaxPoolGradArgs {
  inputs: { dy: tf.TensorInfo; input: tf.TensorInfo; output: tf.TensorInfo };
  attrs: { filterSize: [number, number] | number; strides: [number, number] | number; pad: "valid" | "same" | number; dimRoundingMode?: "floor" | "round" | "ceil" };
  backend: WasmBackend;
}

/** Index in `x` of the first largest value of one pooling window (−1 if none beats −∞), as tfjs's cpu backend picks it. */
function argmaxOfWindow(x: Float32Array, info: tf.backend_util.Conv2DInfo, b: number, r: number, c: number, ch: number): number {
  const { inHeight, inWidth, inChannels } = info;
  const r0 = r * info.strideHeight - info.padInfo.top;
  const c0 = c * info.strideWidth - info.padInfo.left;
  let best = Number.NEGATIVE_INFINITY;
  let at = -1;
  const [rEnd, cEnd] = [Math.min(inHeight, r0 + info.filterHeight), Math.min(inWidth, c0 + info.filterWidth)];
  for (let xr = Math.max(0, r0); xr < rEnd; xr++)
    for (let xc = Math.max(0, c0); xc < cEnd; xc++) {
      const i = ((b * inHeight + xr) * inWidth + xc) * inChannels + ch;
      if (x[i] > best) {
        best = x[i];
        at = i;
      }
    }
  return at;
}

/** Routes each output gradient to the input that won its window: dx[argmax] += dy. dx must start at 0. */
export function maxPoolScatter(x: Float32Array, dy: Float32Array, info: tf.backend_util.Conv2DInfo, dx: Float32Array): void {
  let o = 0;
  for (let b = 0; b < info.batchSize; b++)
    for (let r = 0; r < info.outHeight; r++)
      for (let c = 0; c < info.outWidth; c++)
        for (let ch = 0; ch < info.inChannels; ch++, o++) {
          const at = argmaxOfWindow(x, info, b, r, c, ch);
          if (at >= 0) dx[at] += dy[o];
        }
}

/** Max-pool gradient on wasm in one pass over the heap (the stock kernel is ~5× slower); float32 only, else `slow`. */
export function maxPoolGradScatter(slow: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as MaxPoolGradArgs;
    if (inputs.input.dtype !== "float32") return slow(args);
    const info = tf.backend_util.computePool2DInfo(inputs.input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const dx = backend.makeOutput(inputs.input.shape, "float32");
    const dxValues = backend.typedArrayFromHeap(dx) as Float32Array;
    dxValues.fill(0);
    maxPoolScatter(backend.typedArrayFromHeap(inputs.input) as Float32Array, backend.typedArrayFromHeap(inputs.dy) as Float32Array, info, dxValues);
    return dx;
  };
}
