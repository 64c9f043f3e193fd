import * as tf from "@tensorflow/tfjs";
import { transposeLastTwo, viewAs, wasmMatMul } from "./wasm-ops";
import type { WasmBackend } from "./wasm-types";

/** Attributes the conv backprop kernels share (as tfjs passes them). */
interface ConvAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** Shape and padding of a convolution, as tfjs computes them for its own kernels. */
export function convInfoOf(xShape: number[], filterShape: number[], attrs: ConvAttrs): tf.backend_util.Conv2DInfo {
  const format = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
  return tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, format);
}

/**
 * Writes the input patches as rows: cols[(b, r, c), (kr, kc, ci)] = x[b, r·sh + kr − top, c·sw + kc − left, ci],
 * zero where the window hangs over the padding. Shape [batch·outH·outW, filterH·filterW·inC]; copies runs of inC.
 */
export function im2colRows(x: Float32Array, info: tf.backend_util.Conv2DInfo, cols: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  let at = 0;
  for (let b = 0; b < batchSize; b++)
    for (let r = 0; r < outHeight; r++)
      for (let c = 0; c < outWidth; c++)
        for (let kr = 0; kr < filterHeight; kr++) {
          const xr = r * strideHeight + kr - top;
          for (let kc = 0; kc < filterWidth; kc++, at += inChannels) {
            const xc = c * strideWidth + kc - left;
            if (xr < 0 || xr >= inHeight || xc < 0 || xc >= inWidth) {
              cols.fill(0, at, at + inChannels);
              continue;
            }
            const base = ((b * inHeight + xr) * inWidth + xc) * inChannels;
            for (let ci = 0; ci < inChannels; ci++) cols[at + ci] = x[base + ci];
          }
        }
}

/**
 * Filter gradient of a 2-D convolution on wasm: im2col in JS, then ONE XNNPACK matrix product, dW = colsᵀ · dy
 * or, when the patches are narrower than dy (few input channels), dWᵀ = dyᵀ · cols — XNNPACK repacks its second
 * operand on every call, so the smaller one goes there. NCHW input falls back to `slow`.
 */
export function conv2dBackpropFilterIm2col(slow: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as { inputs: { x: tf.TensorInfo; dy: tf.TensorInfo }; attrs: ConvAttrs & { filterShape: number[] }; backend: WasmBackend };
    const info = convInfoOf(inputs.x.shape, attrs.filterShape, attrs);
    if (info.dataFormat !== "channelsLast" || inputs.x.dtype !== "float32") return slow(args);
    const patch = info.filterHeight * info.filterWidth * info.inChannels;
    const n = info.batchSize * info.outHeight * info.outWidth;
    const cols = backend.makeOutput([1, n, patch], "float32");
    im2colRows(backend.typedArrayFromHeap(inputs.x) as Float32Array, info, backend.typedArrayFromHeap(cols) as Float32Array);
    const dy = viewAs(inputs.dy, [1, n, info.outChannels]);
    let product: tf.TensorInfo;
    if (patch < info.outChannels) {
      const transposed = wasmMatMul(dy, cols, { a: true }, backend);
      product = transposeLastTwo(transposed, backend);
      backend.disposeData(transposed.dataId);
    } else {
      product = wasmMatMul(cols, dy, { a: true }, backend);
    }
    backend.disposeData(cols.dataId);
    return viewAs(product, [...info.filterShape]);
  };
}

/**
 * Adds patch columns back onto the image (the adjoint of im2col): dx[b, r·sh + kr − top, c·sw + kc − left, :]
 * += cols[(b, r, c), (kr, kc, :)]; cols has shape [batch·outH·outW, filterH·filterW·inC], dx must start at 0.
 */
export function col2imAdd(cols: Float32Array, info: tf.backend_util.Conv2DInfo, dx: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  let at = 0;
  for (let b = 0; b < batchSize; b++)
    for (let r = 0; r < outHeight; r++)
      for (let c = 0; c < outWidth; c++)
        for (let kr = 0; kr < filterHeight; kr++) {
          const xr = r * strideHeight + kr - top;
          for (let kc = 0; kc < filterWidth; kc++, at += inChannels) {
            const xc = c * strideWidth + kc - left;
            if (xr < 0 || xr >= inHeight || xc < 0 || xc >= inWidth) continue;
            const base = ((b * inHeight + xr) * inWidth + xc) * inChannels;
            for (let ci = 0; ci < inChannels; ci++) dx[base + ci] += cols[at + ci];
          }
        }
}

/**
 * Input gradient of a 2-D convolution on wasm: ONE XNNPACK product dCols = dy · Wᵀ, then col2im in JS
 * (the stock wasm kernel is a scalar loop, ~10× slower). NCHW falls back to `slow`.
 */
export function conv2dBackpropInputCol2im(slow: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as { inputs: { dy: tf.TensorInfo; filter: tf.TensorInfo }; attrs: ConvAttrs & { inputShape: number[] }; backend: WasmBackend };
    const info = convInfoOf(attrs.inputShape, inputs.filter.shape, attrs);
    if (info.dataFormat !== "channelsLast" || inputs.dy.dtype !== "float32") return slow(args);
    const rows = info.filterHeight * info.filterWidth * info.inChannels;
    const n = info.batchSize * info.outHeight * info.outWidth;
    const cols = wasmMatMul(viewAs(inputs.dy, [1, n, info.outChannels]), viewAs(inputs.filter, [1, rows, info.outChannels]), { b: true }, backend);
    const dx = backend.makeOutput([...info.inShape], "float32");
    const dxValues = backend.typedArrayFromHeap(dx) as Float32Array;
    dxValues.fill(0);
    col2imAdd(backend.typedArrayFromHeap(cols) as Float32Array, info, dxValues);
    backend.disposeData(cols.dataId);
    return dx;
  };
}
