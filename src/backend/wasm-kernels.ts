import * as tf from "@tensorflow/tfjs";

/** What a wasm kernel function receives (the parts we use). */
interface WasmKernelArgs {
  inputs: { x: tf.TensorInfo };
  attrs: { begin: number | number[]; size: number | number[] };
  backend: {
    typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
    makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  };
}

/**
 * Slice without copying the whole input out of wasm memory: the stock kernel calls readSync on the
 * entire source (a 60,000-row dataset for every batch); a contiguous slice only needs its own rows.
 */
function sliceFromHeapView(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs: { x }, attrs, backend } = args as unknown as WasmKernelArgs;
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size);
    if (x.dtype === "string" || !tf.slice_util.isSliceContinous(x.shape, begin, size)) return original(args);
    const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
    const out = backend.makeOutput(size, x.dtype);
    backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x).subarray(offset, offset + tf.util.sizeFromShape(size)));
    return out;
  };
}

/** Our replacements for wasm kernels: kernel name → wrapper around the stock kernel. */
const OVERRIDES: Record<string, (original: tf.KernelFunc) => tf.KernelFunc> = {
  Slice: sliceFromHeapView,
};

let installed = false;

/** Replaces slow wasm kernels with ours (once); the stock kernel stays available to each wrapper. */
export function installWasmKernels(): string[] {
  if (installed) return Object.keys(OVERRIDES);
  installed = true;
  for (const [name, wrap] of Object.entries(OVERRIDES)) {
    const stock = tf.getKernel(name, "wasm");
    if (!stock) throw new Error(`wasm kernel '${name}' is not registered: is @tensorflow/tfjs-backend-wasm loaded?`);
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel({ ...stock, kernelFunc: wrap(stock.kernelFunc) });
  }
  return Object.keys(OVERRIDES);
}
