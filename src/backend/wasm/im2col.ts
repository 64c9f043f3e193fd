import * as tf from "@tensorflow/tfjs";
import { compiledKernel, heapOffset, imageShares, runOnThreads } from "./modules";
import type { WasmBackend } from "./types";
import type { KernelCall } from "./workers";

// Patch matrices of a convolution (im2col) and their adjoint (col2im): in wasm (im2col.wat) and in JS.

/** Rows and columns of a convolution's patch matrix: one row per output pixel, one column per (kr, kc, ci). */
export function patchMatrixShape(info: tf.backend_util.Conv2DInfo): [number, number] {
  return [info.batchSize * info.outHeight * info.outWidth, info.filterHeight * info.filterWidth * info.inChannels];
}

/** The convolution geometry im2col.wat reads, in its order (then the top and left padding). */
const GEOMETRY = [
  "batchSize",
  "inHeight",
  "inWidth",
  "inChannels",
  "outHeight",
  "outWidth",
  "filterHeight",
  "filterWidth",
  "strideHeight",
  "strideWidth",
  "dilationHeight",
  "dilationWidth",
] as const;

/**
 * Runs our im2col module's `name` with the convolution's geometry (14 int32s in wasm memory per thread); the images
 * split across kernel threads when the patch matrix is large. False where it cannot run.
 */
function runIm2colKernel(
  name: "im2col" | "col2imAdd",
  image: tf.TensorInfo,
  cols: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: WasmBackend,
): boolean {
  const [rows, patch] = patchMatrixShape(info);
  if (!compiledKernel(backend, "im2col", name) || rows * patch === 0) return false;
  const shares = imageShares(info.batchSize, rows * patch);
  const fields = GEOMETRY.length + 2;
  const geometry = backend.makeOutput([shares.length, fields], "int32");
  const [imageAt, colsAt, geometryAt] = [image, cols, geometry].map((t) => heapOffset(t, backend));
  const [imageBytes, colsBytes] = [
    4 * tf.util.sizeFromShape(info.inShape.slice(1)),
    (4 * rows * patch) / info.batchSize,
  ];
  const calls = shares.map(([first, last], t) => {
    const values = [
      last - first,
      ...GEOMETRY.slice(1).map((field) => info[field]),
      info.padInfo.top,
      info.padInfo.left,
    ];
    backend.typedArrayFromHeap(geometry).set(values, t * fields);
    const [x, c, g] = [imageAt + first * imageBytes, colsAt + first * colsBytes, geometryAt + 4 * t * fields];
    const call: KernelCall = name === "im2col" ? ["im2col.im2col", x, c, g] : ["im2col.col2imAdd", c, x, g];
    return [call];
  });
  runOnThreads(backend, calls);
  backend.disposeData(geometry.dataId);
  return true;
}

/** A new float32 tensor written by our im2col module's `name` from `input`; undefined where it cannot run. */
function im2colModuleOutput(
  name: "im2col" | "col2imAdd",
  input: tf.TensorInfo,
  shape: number[],
  info: tf.backend_util.Conv2DInfo,
  backend: WasmBackend,
): tf.TensorInfo | undefined {
  const out = backend.makeOutput(shape, "float32");
  if (name === "col2imAdd") backend.typedArrayFromHeap(out).fill(0); // col2im adds onto it
  const [image, cols] = name === "im2col" ? [input, out] : [out, input];
  if (runIm2colKernel(name, image, cols, info, backend)) return out;
  backend.disposeData(out.dataId);
  return undefined;
}

/** The patch matrix of x ([rows, columns], see patchMatrixShape) built in wasm; undefined where it cannot run. */
export function im2colInWasm(
  x: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: WasmBackend,
): tf.TensorInfo | undefined {
  return im2colModuleOutput("im2col", x, patchMatrixShape(info), info, backend);
}

/** The image gradient that the patch-matrix gradient dCols adds up to (col2im in wasm); undefined where not. */
export function col2imInWasm(
  dCols: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: WasmBackend,
): tf.TensorInfo | undefined {
  return im2colModuleOutput("col2imAdd", dCols, [...info.inShape], info, backend);
}

/**
 * For each patch pixel in row order — (b, r, c), then (kr, kc) — its offset in x (channel 0), or −1 over the padding.
 */
export function patchOffsets(info: tf.backend_util.Conv2DInfo): Int32Array {
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
  } = info;
  const { top, left } = info.padInfo;
  const offsets = new Int32Array(batchSize * outHeight * outWidth * filterHeight * filterWidth);
  let p = 0;
  for (let b = 0; b < batchSize; b++)
    for (let r = 0; r < outHeight; r++)
      for (let c = 0; c < outWidth; c++)
        for (let kr = 0; kr < filterHeight; kr++)
          for (let kc = 0; kc < filterWidth; kc++, p++) {
            const [xr, xc] = [r * strideHeight + kr - top, c * strideWidth + kc - left];
            const inside = xr >= 0 && xr < inHeight && xc >= 0 && xc < inWidth;
            offsets[p] = inside ? ((b * inHeight + xr) * inWidth + xc) * inChannels : -1;
          }
  return offsets;
}

/**
 * Writes the input patches as rows: cols[(b, r, c), (kr, kc, ci)] = x[b, r·sh + kr − top, c·sw + kc − left, ci],
 * zero where the window hangs over the padding. Shape [batch·outH·outW, filterH·filterW·inC].
 */
export function im2colRows(x: Float32Array, info: tf.backend_util.Conv2DInfo, cols: Float32Array): void {
  const offsets = patchOffsets(info);
  const channels = info.inChannels;
  for (let p = 0, at = 0; p < offsets.length; p++, at += channels) {
    const base = offsets[p];
    if (base < 0) cols.fill(0, at, at + channels);
    else for (let ci = 0; ci < channels; ci++) cols[at + ci] = x[base + ci];
  }
}

/**
 * Adds patch rows back onto the image (the adjoint of im2colRows): dx[pixel of (p, ci)] += cols[p, ci]; dx must start
 * at 0.
 */
export function col2imAdd(cols: Float32Array, info: tf.backend_util.Conv2DInfo, dx: Float32Array): void {
  const offsets = patchOffsets(info);
  const channels = info.inChannels;
  for (let p = 0, at = 0; p < offsets.length; p++, at += channels) {
    const base = offsets[p];
    if (base >= 0) for (let ci = 0; ci < channels; ci++) dx[base + ci] += cols[at + ci];
  }
}
