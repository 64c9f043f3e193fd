import * as fs from "node:fs";
import * as path from "node:path";
import type { WasmBackend } from "./wasm-types";

/** A function exported by one of our compiled kernels; its numbers are byte offsets into wasm memory, sizes and scalars. */
export type OwnKernel = (...args: number[]) => void;

const instances = new WeakMap<WebAssembly.Memory, Map<string, WebAssembly.Exports>>();

/**
 * The function `name` of our kernel module `module` (src/backend/<module>.wat, compiled at build time), bound to
 * the memory the backend's tensors live in; undefined on threaded wasm (its memory is shared and not exported).
 */
export function ownKernel(backend: WasmBackend, module: string, name: string): OwnKernel | undefined {
  const memory = backend.wasm.asm?.memory;
  if (!memory || (typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer)) return undefined;
  const byModule = instances.get(memory) ?? new Map<string, WebAssembly.Exports>();
  instances.set(memory, byModule);
  let exports = byModule.get(module);
  if (!exports) {
    exports = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(compiledPath(module))), { env: { memory } }).exports;
    byModule.set(module, exports);
  }
  return exports[name] as OwnKernel;
}

/** Byte offset of a tensor's data in wasm memory. */
export function heapOffset(t: { dataId: object; shape: number[] }, backend: WasmBackend): number {
  const data = backend.dataIdMap.get(t.dataId);
  if (!data) throw new Error(`tensor of shape [${t.shape}] has no data on the wasm backend`);
  return data.memoryOffset;
}

/** dist/backend/<module>.wasm (next to this file once built; from src/, as in the unit tests, in ../../dist). */
function compiledPath(module: string): string {
  const candidates = [path.join(__dirname, `${module}.wasm`), path.join(__dirname, "..", "..", "dist", "backend", `${module}.wasm`)];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`compiled kernel ${module}.wasm not found (looked for ${candidates.join(" and ")}); run \`npm run build\``);
  return found;
}
