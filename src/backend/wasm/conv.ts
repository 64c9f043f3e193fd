import * as tf from "@tensorflow/tfjs";
import { col2imAdd, col2imInWasm, im2colInWasm, im2colRows, patchMatrixShape } from "./im2col";
import { fmaProductKernel, matMulOnFmaKernel } from "./matmul";
import { runStockKernel, transposeWasm, viewAs, wasmMatMul } from "./ops";
import type { WasmBackend } from "./types";

/** Attributes the conv backprop kernels share (as tfjs passes them). */
interface ConvAttrs {
  strides: [number, number] | number;
  dilations?: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** Shape and padding of a convolution, as tfjs computes them for its own kernels. */
export function convInfoOf(xShape: number[], filterShape: number[], attrs: ConvAttrs): tf.backend_util.Conv2DInfo {
  const format = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    format,
  );
}

/**
 * Fewer input channels than this and im2col copies too little per patch pixel to beat XNNPACK's convolution
 * (measured, 3×3 on 64 images: 32 → 64 channels 8.5 vs 13.6 ms; 8 → 16 channels 6.5 vs 5.7 ms).
 */
const MIN_CHANNELS_FOR_IM2COL = 16;

/**
 * A 2-D convolution (NHWC, float32, output channels a multiple of 8) as im2col + ONE product on our FMA kernel,
 * instead of XNNPACK's convolution (which packs the filter again whenever it changes: every training step).
 */
export function conv2dViaIm2col(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as {
      inputs: { x: tf.TensorInfo; filter: tf.TensorInfo };
      attrs: ConvAttrs;
      backend: WasmBackend;
    };
    const info = convInfoOf(inputs.x.shape, inputs.filter.shape, attrs);
    const applies =
      info.dataFormat === "channelsLast" && inputs.x.dtype === "float32" && info.inChannels >= MIN_CHANNELS_FOR_IM2COL;
    if (!applies || !fmaProductKernel(info.outChannels, backend)) return original(args);
    const cols = im2colInWasm(inputs.x, info, backend);
    const patch = patchMatrixShape(info)[1];
    const product =
      cols &&
      matMulOnFmaKernel(
        { a: cols, b: viewAs(inputs.filter, [patch, info.outChannels]), transposeA: false, transposeB: false },
        backend,
      );
    if (cols) backend.disposeData(cols.dataId);
    return product ? viewAs(product, [...info.outShape]) : original(args);
  };
}

/** Conv2D attributes of the forward convolutions the stride-1 gradients run. */
const STRIDE_1_VALID = { strides: 1, pad: "valid", dilations: 1, dataFormat: "NHWC" };

/** Frees the wasm tensors made along the way. */
function disposeAll(backend: WasmBackend, ...made: tf.TensorInfo[]): void {
  for (const t of made) backend.disposeData(t.dataId);
}

/**
 * Filter gradient of a stride-1 convolution as ONE forward XNNPACK convolution, batch and channels swapped:
 * dW[kr, kc, ci, co] = Σ_b,r,c x[b, r + kr − top, c + kc − left, ci] · dy[b, r, c, co] is conv2d(xᵀ, dyᵀ) with
 * xᵀ = x as [inC, h, w, batch] (zero-padded) and dyᵀ = dy as [outH, outW, batch, outC] used as the filter.
 */
function filterGradAsConv(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: WasmBackend,
): tf.TensorInfo {
  const { top, bottom, left, right } = info.padInfo;
  const xT = transposeWasm(x, [3, 1, 2, 0], backend);
  const padded =
    top || bottom || left || right
      ? runStockKernel(
          "PadV2",
          { x: xT },
          {
            paddings: [
              [0, 0],
              [top, bottom],
              [left, right],
              [0, 0],
            ],
            constantValue: 0,
          },
          backend,
        )
      : xT;
  const dyT = transposeWasm(dy, [1, 2, 0, 3], backend);
  const product = runStockKernel("Conv2D", { x: padded, filter: dyT }, STRIDE_1_VALID, backend);
  const dW = transposeWasm(product, [1, 2, 0, 3], backend);
  disposeAll(backend, ...new Set([xT, padded]), dyT, product);
  return dW;
}

/**
 * Filter gradient as dWᵀ = dyᵀ · cols on our FMA kernel (cols by im2col.wat), then one small transpose; undefined
 * where the kernel does not apply.
 */
function filterGradAsProduct(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: WasmBackend,
): tf.TensorInfo | undefined {
  const cols = fmaProductKernel(patchMatrixShape(info)[1], backend) ? im2colInWasm(x, info, backend) : undefined;
  if (!cols) return undefined;
  const dWT = matMulOnFmaKernel(
    { a: viewAs(dy, [cols.shape[0], info.outChannels]), b: cols, transposeA: true, transposeB: false },
    backend,
  );
  backend.disposeData(cols.dataId);
  if (!dWT) return undefined;
  const dW = transposeWasm(dWT, [1, 0], backend);
  backend.disposeData(dWT.dataId);
  return viewAs(dW, [...info.filterShape]);
}

/** Filter gradient as dW = colsᵀ · dy (cols by im2col.wat, read transposed in place) on our FMA kernel. */
function filterGradAsColsProduct(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: WasmBackend,
): tf.TensorInfo | undefined {
  const cols = fmaProductKernel(info.outChannels, backend) ? im2colInWasm(x, info, backend) : undefined;
  if (!cols) return undefined;
  const dW = matMulOnFmaKernel(
    { a: cols, b: viewAs(dy, [cols.shape[0], info.outChannels]), transposeA: true, transposeB: false },
    backend,
  );
  backend.disposeData(cols.dataId);
  return dW && viewAs(dW, [...info.filterShape]);
}

/**
 * Up to this many input channels, im2col beats the forward-convolution trick for a stride-1 filter gradient (a first
 * layer on grey images: 10 → 6 ms per MNIST batch of 64).
 */
const FEW_INPUT_CHANNELS = 4;

/**
 * Filter gradient of a 2-D convolution on wasm. Stride 1 with more than a few input channels: one forward
 * convolution (filterGradAsConv). Otherwise: im2col in JS, then ONE XNNPACK matrix product dW = colsᵀ · dy
 * (transposing the narrow cols is cheaper than transposing dy). NCHW input falls back to `slow`.
 */
export function conv2dFilterGradient(slow: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as {
      inputs: { x: tf.TensorInfo; dy: tf.TensorInfo };
      attrs: ConvAttrs & { filterShape: number[] };
      backend: WasmBackend;
    };
    const info = convInfoOf(inputs.x.shape, attrs.filterShape, attrs);
    if (info.dataFormat !== "channelsLast" || inputs.x.dtype !== "float32") return slow(args);
    const asProduct =
      info.inChannels >= MIN_CHANNELS_FOR_IM2COL ? filterGradAsProduct(inputs.x, inputs.dy, info, backend) : undefined;
    if (asProduct) return asProduct;
    if (info.strideHeight === 1 && info.strideWidth === 1 && info.inChannels > FEW_INPUT_CHANNELS)
      return filterGradAsConv(inputs.x, inputs.dy, info, backend);
    const asColsProduct = filterGradAsColsProduct(inputs.x, inputs.dy, info, backend);
    if (asColsProduct) return asColsProduct;
    const [n, patch] = patchMatrixShape(info);
    const cols = backend.makeOutput([1, n, patch], "float32");
    im2colRows(
      backend.typedArrayFromHeap(inputs.x) as Float32Array,
      info,
      backend.typedArrayFromHeap(cols) as Float32Array,
    );
    const product = wasmMatMul(cols, viewAs(inputs.dy, [1, n, info.outChannels]), { a: true }, backend);
    backend.disposeData(cols.dataId);
    return viewAs(product, [...info.filterShape]);
  };
}

/**
 * Input gradient of a stride-1 convolution as ONE forward XNNPACK convolution: the "full" convolution of dy
 * (zero-padded by filter − 1 − pad) with the filter rotated by 180° and its channel axes swapped.
 */
function inputGradAsConv(
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: WasmBackend,
): tf.TensorInfo {
  const { top, left } = info.padInfo;
  const paddings = [
    [0, 0],
    [info.filterHeight - 1 - top, info.inHeight - info.outHeight + top],
    [info.filterWidth - 1 - left, info.inWidth - info.outWidth + left],
    [0, 0],
  ];
  const padded = runStockKernel("PadV2", { x: dy }, { paddings, constantValue: 0 }, backend);
  const flipped = runStockKernel("Reverse", { x: filter }, { dims: [0, 1] }, backend);
  const rotated = transposeWasm(flipped, [0, 1, 3, 2], backend);
  const dx = runStockKernel("Conv2D", { x: padded, filter: rotated }, STRIDE_1_VALID, backend);
  disposeAll(backend, padded, flipped, rotated);
  return dx;
}

/**
 * Input gradient as dCols = dy · Wᵀ on our FMA kernel, then col2im by im2col.wat; undefined where they do not
 * apply.
 */
function inputGradAsProduct(
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: WasmBackend,
): tf.TensorInfo | undefined {
  const [rows, patch] = patchMatrixShape(info);
  const dCols = matMulOnFmaKernel(
    {
      a: viewAs(dy, [rows, info.outChannels]),
      b: viewAs(filter, [patch, info.outChannels]),
      transposeA: false,
      transposeB: true,
    },
    backend,
  );
  if (!dCols) return undefined;
  const dx = col2imInWasm(dCols, info, backend);
  backend.disposeData(dCols.dataId);
  return dx;
}

/**
 * Input gradient of a 2-D convolution on wasm (the stock kernel is a scalar loop, ~10× slower). Stride 1: one
 * forward convolution (inputGradAsConv). Other strides: ONE XNNPACK product dCols = dy · Wᵀ, then col2im in JS.
 * NCHW falls back to `slow`.
 */
export function conv2dInputGradient(slow: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as {
      inputs: { dy: tf.TensorInfo; filter: tf.TensorInfo };
      attrs: ConvAttrs & { inputShape: number[] };
      backend: WasmBackend;
    };
    const info = convInfoOf(attrs.inputShape, inputs.filter.shape, attrs);
    if (info.dataFormat !== "channelsLast" || inputs.dy.dtype !== "float32") return slow(args);
    const asProduct =
      info.inChannels >= MIN_CHANNELS_FOR_IM2COL
        ? inputGradAsProduct(inputs.dy, inputs.filter, info, backend)
        : undefined;
    if (asProduct) return asProduct;
    if (info.strideHeight === 1 && info.strideWidth === 1)
      return inputGradAsConv(inputs.dy, inputs.filter, info, backend);
    const [n, patch] = patchMatrixShape(info);
    const cols = wasmMatMul(
      viewAs(inputs.dy, [1, n, info.outChannels]),
      viewAs(inputs.filter, [1, patch, info.outChannels]),
      { b: true },
      backend,
    );
    const dx = backend.makeOutput([...info.inShape], "float32");
    const dxValues = backend.typedArrayFromHeap(dx) as Float32Array;
    dxValues.fill(0);
    col2imAdd(backend.typedArrayFromHeap(cols) as Float32Array, info, dxValues);
    backend.disposeData(cols.dataId);
    return dx;
  };
}
