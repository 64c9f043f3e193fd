import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import type { WasmBackend } from "./types";

/**
 * A function exported by one of our compiled kernels; its numbers are byte offsets into wasm memory, sizes and scalars.
 */
export type CompiledKernel = (...args: number[]) => void;

const instances = new WeakMap<WebAssembly.Memory, Map<string, WebAssembly.Exports | undefined>>();

/**
 * The function `name` of our kernel module `module` (src/backend/wasm/<module>.wat, compiled at build time), bound to
 * the memory the backend's tensors live in; undefined on threaded wasm (its memory is shared and not exported) or
 * when the engine cannot run the module.
 */
export function compiledKernel(backend: WasmBackend, module: string, name: string): CompiledKernel | undefined {
  const memory = backend.wasm.asm?.memory;
  if (!memory || (typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer))
    return undefined;
  const byModule = instances.get(memory) ?? new Map<string, WebAssembly.Exports | undefined>();
  instances.set(memory, byModule);
  if (!byModule.has(module)) byModule.set(module, instantiate(module, memory));
  return byModule.get(module)?.[name] as CompiledKernel | undefined;
}

/** Our compiled module bound to `memory`; undefined when this engine cannot run it (wasm-gemm needs relaxed SIMD). */
function instantiate(module: string, memory: WebAssembly.Memory): WebAssembly.Exports | undefined {
  const bytes = fs.readFileSync(compiledPath(module));
  if (!WebAssembly.validate(bytes) && !(enableRelaxedSimd() && WebAssembly.validate(bytes))) return undefined;
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
}

/** A module using one relaxed-SIMD instruction (f32x4.relaxed_madd), to ask the engine whether it runs them. */
const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 1, 32, 2,
  253, 133, 2, 11,
]);

/**
 * Turns on WebAssembly relaxed SIMD (fused multiply-add) where the engine has it behind a flag — Node 20's V8 11.3;
 * on by default from V8 11.4 (Node 22) — and returns whether it is available now.
 */
export function enableRelaxedSimd(): boolean {
  if (!WebAssembly.validate(RELAXED_SIMD_PROBE)) v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  return WebAssembly.validate(RELAXED_SIMD_PROBE);
}

/** Byte offset of a tensor's data in wasm memory. */
export function heapOffset(t: { dataId: object; shape: number[] }, backend: WasmBackend): number {
  const data = backend.dataIdMap.get(t.dataId);
  if (!data) throw new Error(`tensor of shape [${t.shape}] has no data on the wasm backend`);
  return data.memoryOffset;
}

/** dist/backend/wasm/<module>.wasm: next to this file once built; from src/ (unit tests) in ../../../dist. */
function compiledPath(module: string): string {
  const candidates = [
    path.join(__dirname, `${module}.wasm`),
    path.join(__dirname, "..", "..", "..", "dist", "backend", "wasm", `${module}.wasm`),
  ];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found)
    throw new Error(
      `compiled kernel ${module}.wasm not found (looked for ${candidates.join(" and ")}); run \`npm run build\``,
    );
  return found;
}
