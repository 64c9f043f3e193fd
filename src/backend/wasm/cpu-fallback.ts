import * as tf from "@tensorflow/tfjs";
import type { WasmBackend } from "./types";

/** Kernels the course may need that wasm lacks and that are rare enough to run on the cpu backend. */
export const CPU_FALLBACKS = ["DepthwiseConv2dNativeBackpropFilter", "DepthwiseConv2dNativeBackpropInput", "Einsum"];

/** The cpu backend instance (initialised on first use; tfjs registers it at import). */
function cpuBackend(): tf.KernelBackend {
  const cpu = tf.findBackend("cpu");
  if (!cpu) throw new Error("the cpu backend is not registered: is @tensorflow/tfjs loaded?");
  return cpu;
}

/** Copies a wasm tensor's values into the cpu backend. */
function toCpu(t: tf.TensorInfo, wasm: WasmBackend, cpu: tf.KernelBackend): tf.TensorInfo {
  return { dataId: cpu.write(wasm.readSync(t.dataId), t.shape, t.dtype), shape: t.shape, dtype: t.dtype };
}

/** Moves a cpu result into wasm memory and frees the cpu copy. */
function toWasm(t: tf.TensorInfo, wasm: WasmBackend, cpu: tf.KernelBackend): tf.TensorInfo {
  const out = wasm.makeOutput(t.shape, t.dtype);
  wasm.typedArrayFromHeap(out).set(cpu.readSync(t.dataId) as tf.TypedArray);
  cpu.disposeData(t.dataId);
  return out;
}

/** Runs the cpu backend's kernel `name` on copies of the wasm inputs and copies the result back. */
export function runOnCpu(name: string): tf.KernelFunc {
  return (args) => {
    const wasm = args.backend as unknown as WasmBackend;
    const cpu = cpuBackend();
    const kernel = tf.getKernel(name, "cpu");
    if (!kernel) throw new Error(`kernel '${name}' is registered neither for wasm nor for cpu`);
    const copy = (t: tf.TensorInfo) => toCpu(t, wasm, cpu);
    const given = args.inputs as unknown as tf.TensorInfo[] | Record<string, tf.TensorInfo>;
    const inputs = Array.isArray(given)
      ? given.map(copy)
      : Object.fromEntries(Object.entries(given).map(([k, t]) => [k, copy(t)]));
    try {
      const result = kernel.kernelFunc({ ...args, inputs: inputs as tf.NamedTensorInfoMap, backend: cpu });
      return Array.isArray(result) ? result.map((t) => toWasm(t, wasm, cpu)) : toWasm(result, wasm, cpu);
    } finally {
      for (const t of Object.values(inputs)) cpu.disposeData(t.dataId);
    }
  };
}
