import * as tf from "@tensorflow/tfjs";
import { heapOffset, compiledKernel, imageShares, runOnThreads } from "./modules";
import type { WasmBackend } from "./types";
import type { KernelCall } from "./workers";

/** MaxPoolGrad's inputs and attributes (as tfjs passes them). */
interface MaxPoolGradArgs {
  inputs: { dy: tf.TensorInfo; input: tf.TensorInfo; output: tf.TensorInfo };
  attrs: {
    filterSize: [number, number] | number;
    strides: [number, number] | number;
    pad: "valid" | "same" | number;
    dimRoundingMode?: "floor" | "round" | "ceil";
  };
  backend: WasmBackend;
}

/**
 * Flat offsets (channel 0) of the in-bounds pixels of one pooling window, row by row as tfjs scans them; returns how
 * many.
 */
function windowOffsets(info: tf.backend_util.Conv2DInfo, b: number, r: number, c: number, offsets: Int32Array): number {
  const r0 = r * info.strideHeight - info.padInfo.top;
  const c0 = c * info.strideWidth - info.padInfo.left;
  let count = 0;
  for (let xr = Math.max(0, r0); xr < Math.min(info.inHeight, r0 + info.filterHeight); xr++)
    for (let xc = Math.max(0, c0); xc < Math.min(info.inWidth, c0 + info.filterWidth); xc++)
      offsets[count++] = ((b * info.inHeight + xr) * info.inWidth + xc) * info.inChannels;
  return count;
}

/**
 * Position (0…count−1) of the first largest of `count` candidates x[offsets[k] + ch] (−1 if none beats −∞); no
 * data-dependent jumps.
 */
function firstArgmax(x: Float32Array, offsets: Int32Array, count: number, ch: number, pair: Float64Array): number {
  let best = Number.NEGATIVE_INFINITY;
  let at = -1;
  for (let k = 0; k < count; k++) {
    const value = x[offsets[k] + ch];
    const wins = +(value > best); // index arithmetic, not a jump: data-dependent jumps mispredict half the time
    pair[0] = best;
    pair[1] = value;
    best = pair[wins];
    at += wins * (k - at);
  }
  return at;
}

/**
 * Routes each output gradient to the input that won its window: dx[argmax] += dy, where argmax is the first
 * largest value in scan order (none if no value beats −∞), as tfjs's cpu backend picks it. dx must start at 0.
 */
export function maxPoolScatter(
  x: Float32Array,
  dy: Float32Array,
  info: tf.backend_util.Conv2DInfo,
  dx: Float32Array,
): void {
  const channels = info.inChannels;
  const offsets = new Int32Array(info.filterHeight * info.filterWidth);
  const pair = new Float64Array(2); // [best so far, candidate]
  let o = 0;
  for (let b = 0; b < info.batchSize; b++)
    for (let r = 0; r < info.outHeight; r++)
      for (let c = 0; c < info.outWidth; c++, o += channels) {
        const count = windowOffsets(info, b, r, c, offsets);
        for (let ch = 0; ch < channels; ch++) {
          const k = firstArgmax(x, offsets, count, ch, pair);
          if (k >= 0) dx[offsets[k] + ch] += dy[o + ch];
        }
      }
}

/**
 * True for 2×2 windows with stride 2 that all lie inside the image (no padding used): disjoint windows, the SIMD
 * kernel's case.
 */
function isInsideTwoByTwo(info: tf.backend_util.Conv2DInfo): boolean {
  const twoByTwo =
    info.filterHeight === 2 &&
    info.filterWidth === 2 &&
    info.strideHeight === 2 &&
    info.strideWidth === 2 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1;
  const inside =
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    2 * info.outHeight <= info.inHeight &&
    2 * info.outWidth <= info.inWidth;
  return twoByTwo && inside && info.batchSize * info.outHeight * info.outWidth * info.inChannels > 0;
}

/** pool.wat's 2×2 gradient calls on [x, dy, dx], the images shared out between kernel threads when there are many. */
function twoByTwoCalls(
  info: tf.backend_util.Conv2DInfo,
  tensors: tf.TensorInfo[],
  backend: WasmBackend,
): KernelCall[][] {
  const [x, dy, dx] = tensors.map((t) => heapOffset(t, backend));
  const [inBytes, outBytes] = [info.inHeight * info.inWidth, info.outHeight * info.outWidth].map(
    (pixels) => 4 * pixels * info.inChannels,
  );
  return imageShares(info.batchSize, info.batchSize * (inBytes / 4)).map(([first, last]) => {
    const [image, grad] = [first * inBytes, first * outBytes];
    const shape = [info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth];
    return [["pool.maxPoolGrad2x2", x + image, dy + grad, dx + image, last - first, ...shape]];
  });
}

/** Max-pool gradient on wasm in one pass over the heap (the stock kernel is ~5× slower); float32 only, else `slow`. */
export function maxPoolGradScatter(slow: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as MaxPoolGradArgs;
    if (inputs.input.dtype !== "float32") return slow(args);
    const info = tf.backend_util.computePool2DInfo(
      inputs.input.shape as [number, number, number, number],
      attrs.filterSize,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const dx = backend.makeOutput(inputs.input.shape, "float32");
    const dxValues = backend.typedArrayFromHeap(dx) as Float32Array;
    const simd = isInsideTwoByTwo(info) ? compiledKernel(backend, "pool", "maxPoolGrad2x2") : undefined;
    if (simd) {
      const uncovered = info.inHeight > 2 * info.outHeight || info.inWidth > 2 * info.outWidth;
      if (uncovered) dxValues.fill(0); // pixels no window covers get no gradient
      runOnThreads(backend, twoByTwoCalls(info, [inputs.input, inputs.dy, dx], backend));
    } else {
      dxValues.fill(0);
      maxPoolScatter(
        backend.typedArrayFromHeap(inputs.input) as Float32Array,
        backend.typedArrayFromHeap(inputs.dy) as Float32Array,
        info,
        dxValues,
      );
    }
    return dx;
  };
}
