/** Our WebAssembly kernel engine for tfjs-backend-wasm (see README.md in this folder). */
import { wasmKernelNames } from "./kernels";

export { installFusedAdam } from "./adam";
export { enableRelaxedSimd, kernelThreads, startKernelThreads } from "./modules";
export { installWasmKernels } from "./kernels";
export { prepareWasmThreads, requestedWasmThreads, unrefWasmWorkers } from "./threads";

/** What the backend report lists as ours: every kernel we register, and the fused Adam step. */
export function ourWasmKernels(): string[] {
  return [...wasmKernelNames(), "Adam (one fused pass)"];
}
