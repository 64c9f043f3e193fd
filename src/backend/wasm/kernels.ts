import * as tf from "@tensorflow/tfjs";
import { castToBoolAsNonZero } from "./cast";
import { conv2dViaIm2col, conv2dFilterGradient, conv2dInputGradient } from "./conv";
import { matMulOnFmaKernel } from "./matmul";
import { CPU_FALLBACKS, runOnCpu } from "./cpu-fallback";
import { maxPoolGradScatter } from "./pool";
import { segmentSumInWasm } from "./segments";
import { accurateMean, accurateSum } from "./sums";
import { transposeLastTwo } from "./ops";
import type { WasmBackend } from "./types";

/** What a wasm Slice kernel receives. */
interface WasmKernelArgs {
  inputs: { x: tf.TensorInfo };
  attrs: { begin: number | number[]; size: number | number[] };
  backend: WasmBackend;
}

/**
 * Slice without copying the whole input out of wasm memory: the stock kernel calls readSync on the
 * entire source (a 60,000-row dataset for every batch); a contiguous slice only needs its own rows.
 */
function sliceFromHeapView(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const {
      inputs: { x },
      attrs,
      backend,
    } = args as unknown as WasmKernelArgs;
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size);
    if (x.dtype === "string" || !tf.slice_util.isSliceContinous(x.shape, begin, size)) return original(args);
    const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
    const out = backend.makeOutput(size, x.dtype);
    backend
      .typedArrayFromHeap(out)
      .set(backend.typedArrayFromHeap(x).subarray(offset, offset + tf.util.sizeFromShape(size)));
    return out;
  };
}

/** What BatchMatMul and _FusedMatMul receive (the fused one may add a bias and an activation). */
interface MatMulArgs {
  inputs: {
    a: tf.TensorInfo;
    b: tf.TensorInfo;
    bias?: tf.TensorInfo | null;
    preluActivationWeights?: tf.TensorInfo | null;
  };
  attrs: { transposeA: boolean; transposeB: boolean; activation?: string };
  backend: WasmBackend;
}

/**
 * Matrix products on our fused-multiply-add kernel where it applies (see matmul.ts), a fused layer's bias and ReLU
 * included (one pass over each band of rows as it is computed; other activations go to XNNPACK). Otherwise
 * XNNPACK, whose products with transposeA/transposeB (every backward pass uses them) run about 10× slower than
 * the plain one: transpose first (cheap, O(n²)), then multiply plainly (O(n³)).
 */
function matMulWithoutTransposes(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as MatMulArgs;
    const activation = attrs.activation ?? "linear";
    const fusable = !inputs.preluActivationWeights && (activation === "linear" || activation === "relu");
    const ours = fusable
      ? matMulOnFmaKernel(
          {
            a: inputs.a,
            b: inputs.b,
            transposeA: attrs.transposeA,
            transposeB: attrs.transposeB,
            bias: inputs.bias ?? undefined,
            relu: activation === "relu",
          },
          backend,
        )
      : undefined;
    if (ours) return ours;
    if (!attrs.transposeA && !attrs.transposeB) return original(args);
    const a = attrs.transposeA ? transposeLastTwo(inputs.a, backend) : inputs.a;
    const b = attrs.transposeB ? transposeLastTwo(inputs.b, backend) : inputs.b;
    const out = original({
      ...args,
      inputs: { ...args.inputs, a, b },
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    });
    for (const [made, given] of [
      [a, inputs.a],
      [b, inputs.b],
    ])
      if (made !== given) backend.disposeData(made.dataId);
    return out;
  };
}

/**
 * Identity that shares its input's data (as the cpu backend does) instead of copying it: tfjs clones every
 * tensor a kernel saves for the backward pass — weights, activations, the batch — about 30 copies per step.
 */
function identitySharingData(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const {
      inputs: { x },
      backend,
    } = args as unknown as { inputs: { x: tf.TensorInfo }; backend: WasmBackend };
    if (x.dtype === "string") return original(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/** Our replacements for wasm kernels: kernel name → wrapper around the stock kernel. */
const OVERRIDES: Record<string, (original: tf.KernelFunc) => tf.KernelFunc> = {
  Identity: identitySharingData,
  Slice: sliceFromHeapView,
  BatchMatMul: matMulWithoutTransposes,
  _FusedMatMul: matMulWithoutTransposes,
  Conv2D: conv2dViaIm2col,
  Conv2DBackpropInput: conv2dInputGradient,
  MaxPoolGrad: maxPoolGradScatter,
  Sum: accurateSum,
  Mean: accurateMean,
  Cast: castToBoolAsNonZero,
};

/** Kernels wasm lacks, built on its fast ones (each gets the cpu fallback for cases it does not cover). */
const ADDITIONS: Record<string, (slow: tf.KernelFunc) => tf.KernelFunc> = {
  Conv2DBackpropFilter: conv2dFilterGradient,
  UnsortedSegmentSum: segmentSumInWasm,
};

/** Registers `kernelFunc` as the wasm kernel `name`, replacing any stock one (whose setup function it keeps). */
function registerWasm(name: string, kernelFunc: tf.KernelFunc): void {
  const stock = tf.getKernel(name, "wasm");
  if (stock) tf.unregisterKernel(name, "wasm");
  tf.registerKernel({ ...stock, kernelName: name, backendName: "wasm", kernelFunc });
}

let installed = false;
/** The stock kernels ours replace, by name (for comparisons: bench/kernels.mjs). */
const stockKernels = new Map<string, tf.KernelFunc>();

/** The stock tfjs-backend-wasm kernel `name` that ours replaced; undefined before install or for an addition. */
export function stockWasmKernel(name: string): tf.KernelFunc | undefined {
  return stockKernels.get(name);
}

/** Names of our wasm kernels, as the backend report lists them. */
export function wasmKernelNames(): string[] {
  return [...Object.keys(OVERRIDES), ...Object.keys(ADDITIONS), ...CPU_FALLBACKS.map((name) => `${name} (on cpu)`)];
}

/** Registers our wasm kernels (once): faster replacements, additions on wasm's fast kernels, cpu fallbacks. */
export function installWasmKernels(): void {
  if (installed) return;
  installed = true;
  for (const [name, wrap] of Object.entries(OVERRIDES)) {
    const original = tf.getKernel(name, "wasm");
    if (!original) throw new Error(`wasm kernel '${name}' is not registered: is @tensorflow/tfjs-backend-wasm loaded?`);
    stockKernels.set(name, original.kernelFunc);
    registerWasm(name, wrap(original.kernelFunc));
  }
  for (const [name, build] of Object.entries(ADDITIONS)) registerWasm(name, build(runOnCpu(name)));
  for (const name of CPU_FALLBACKS) if (!tf.getKernel(name, "wasm")) registerWasm(name, runOnCpu(name));
}
