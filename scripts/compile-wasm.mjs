// Compiles our hand-written WebAssembly kernels (src/backend/wasm/*.wat) into dist/backend/wasm/*.wasm with wabt (a
// devDependency).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import wabtModule from "wabt";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [source, target] = [join(root, "src", "backend", "wasm"), join(root, "dist", "backend", "wasm")];
const wabt = await wabtModule();
mkdirSync(target, { recursive: true });
/** How each module imports tfjs-wasm's memory; the threaded build's is shared, with wasm32's largest maximum. */
const UNSHARED_MEMORY = '(import "env" "memory" (memory 0))';
const SHARED_MEMORY = '(import "env" "memory" (memory 0 65536 shared))';

/** The WebAssembly features our modules use (threads: shared memory). */
const FEATURES = { simd: true, bulk_memory: true, relaxed_simd: true, threads: true };

/**
 * Compiles one module's text to `target`/`name`.
 * @param {string} name
 * @param {string} text
 */
function compile(name, text) {
  const module = wabt.parseWat(name, text, FEATURES);
  // wabt's types omit validate's features argument; without it a shared memory does not validate
  /** @type {(features: object) => void} */ (module.validate)(FEATURES);
  writeFileSync(join(target, name), module.toBinary({}).buffer);
  module.destroy();
}

// Each module twice: for the single-threaded build (x.wasm) and for the threaded one's shared memory (x.shared.wasm).
for (const file of readdirSync(source).filter((f) => f.endsWith(".wat"))) {
  const text = readFileSync(join(source, file), "utf8");
  if (!text.includes(UNSHARED_MEMORY)) throw new Error(`${file}: expected the memory import ${UNSHARED_MEMORY}`);
  compile(file.replace(/\.wat$/, ".wasm"), text);
  compile(file.replace(/\.wat$/, ".shared.wasm"), text.replace(UNSHARED_MEMORY, SHARED_MEMORY));
}
