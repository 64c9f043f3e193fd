import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import { threadedWasmMemory } from "./threads";
import type { WasmBackend } from "./types";
import { KernelCall, KernelThreads } from "./workers";

/**
 * A function exported by one of our compiled kernels; its numbers are byte offsets into wasm memory, sizes and scalars.
 */
export type CompiledKernel = (...args: number[]) => void;

const instances = new WeakMap<WebAssembly.Memory, Map<string, WebAssembly.Exports | undefined>>();

/** Our modules (src/backend/wasm/<name>.wat). */
const MODULES = ["gemm", "im2col", "pool", "sums", "segments", "cast", "adam"];

/**
 * The function `name` of our kernel module `module` (src/backend/wasm/<module>.wat, compiled at build time), bound to
 * the memory the backend's tensors live in — its shared variant on the threaded build; undefined when the engine cannot
 * run the module or that memory is unknown (a threaded build started before `setup()`, whose memory was not caught).
 */
export function compiledKernel(backend: WasmBackend, module: string, name: string): CompiledKernel | undefined {
  const memory = backendMemory(backend);
  if (!memory) return undefined;
  const byModule = instances.get(memory) ?? new Map<string, WebAssembly.Exports | undefined>();
  instances.set(memory, byModule);
  if (!byModule.has(module)) {
    const compiled = compiledModule(module, isShared(memory));
    byModule.set(module, compiled && new WebAssembly.Instance(compiled, { env: { memory } }).exports);
  }
  return byModule.get(module)?.[name] as CompiledKernel | undefined;
}

/** The memory of the backend's tensors: exported by the single-threaded build, caught as the threaded one starts. */
function backendMemory(backend: WasmBackend): WebAssembly.Memory | undefined {
  return backend.wasm.asm?.memory ?? threadedWasmMemory();
}

/** Whether `memory` is shared between threads. */
function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
}

const compiledModules = new Map<string, WebAssembly.Module | undefined>();

/** Our module compiled for unshared or shared memory; undefined when the engine cannot run it (gemm: relaxed SIMD). */
function compiledModule(module: string, shared: boolean): WebAssembly.Module | undefined {
  const file = shared ? `${module}.shared` : module;
  if (!compiledModules.has(file)) {
    const bytes = fs.readFileSync(compiledPath(file));
    const valid = WebAssembly.validate(bytes) || (enableRelaxedSimd() && WebAssembly.validate(bytes));
    compiledModules.set(file, valid ? new WebAssembly.Module(bytes) : undefined);
  }
  return compiledModules.get(file);
}

let helpers: KernelThreads | undefined;

/**
 * Threads worth splitting `work` across when each thread should get at least `minPerThread` of it: at most the kernel
 * threads. DLCOURSE_WASM_SPLIT=always splits whatever can be split, however small (tests of the threaded paths);
 * =never splits nothing (comparisons).
 */
export function threadsForWork(work: number, minPerThread: number): number {
  const split = process.env.DLCOURSE_WASM_SPLIT;
  const worthIt = split === "always" ? Infinity : split === "never" ? 1 : Math.floor(work / minPerThread);
  return Math.max(1, Math.min(helpers?.threads ?? 1, worthIt));
}

/** The part [first, last) of `total` items that thread `t` of `threads` takes: contiguous, near-equal shares. */
export function shareOf(t: number, threads: number, total: number): [number, number] {
  return [Math.floor((t * total) / threads), Math.floor(((t + 1) * total) / threads)];
}

/** Fewer values than this per thread and image-by-image work (im2col, col2im, pool gradient) stays on one thread. */
const MIN_IMAGE_VALUES_PER_THREAD = 1 << 18;

/** The images [first, last) of a batch each thread takes, for image-by-image work over `values` values in all. */
export function imageShares(batchSize: number, values: number): [number, number][] {
  const threads = Math.min(batchSize, threadsForWork(values, MIN_IMAGE_VALUES_PER_THREAD));
  return Array.from({ length: threads }, (_, t) => shareOf(t, threads, batchSize));
}

/**
 * Starts `count` helper threads for our kernels on the threaded build's shared memory (once; else a no-op) and
 * resolves when they are ready.
 */
export async function startKernelThreads(backend: WasmBackend, count: number): Promise<void> {
  const memory = backendMemory(backend);
  if (helpers || count < 1 || !memory || !isShared(memory)) return;
  const modules = new Map<string, WebAssembly.Module>();
  for (const name of MODULES) {
    const compiled = compiledModule(name, true);
    if (compiled) modules.set(name, compiled);
  }
  helpers = new KernelThreads(memory, modules, count);
  await helpers.ready();
}

/**
 * Runs the call lists (each call: "module.name" of one of our modules, then its arguments), `calls[t]` in order on
 * thread t (`calls[0]` on this one), all at once; on this thread alone without helper threads.
 */
export function runOnThreads(backend: WasmBackend, calls: KernelCall[][]): void {
  const kernels = new Map<string, CompiledKernel>(); // a call list repeats one or two functions
  const local = ([fn, ...args]: KernelCall) => {
    let kernel = kernels.get(fn);
    if (!kernel) {
      const [module, name] = fn.split(".");
      kernel = compiledKernel(backend, module, name);
      if (!kernel) throw new Error(`our wasm module ${module} has no function ${name} here`);
      kernels.set(fn, kernel);
    }
    kernel(...args);
  };
  if (helpers && calls.length > 1) helpers.run(calls, local);
  else calls.forEach((list) => list.forEach(local));
}

/** The helper threads our kernels may split work across; undefined with one thread. */
export function kernelThreads(): KernelThreads | undefined {
  return helpers;
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
