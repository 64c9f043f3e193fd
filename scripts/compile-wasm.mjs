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
for (const file of readdirSync(source).filter((f) => f.endsWith(".wat"))) {
  const module = wabt.parseWat(file, readFileSync(join(source, file), "utf8"), {
    simd: true,
    bulk_memory: true,
    relaxed_simd: true,
  });
  module.validate();
  writeFileSync(join(target, file.replace(/\.wat$/, ".wasm")), module.toBinary({}).buffer);
  module.destroy();
}
