/**
 * Every change this library makes to the process, to Node or to its dependencies, in one list: what it changes,
 * when, why, and the upstream issue it works around. Importing `dlcourse` runs `installOnImport()`, which applies
 * the entries marked "import" (all of them idempotent); the others happen only where their "when" says.
 */
import { useCpuUntilSetup } from "./backend/select";
import { installFusedAdam, installWasmKernels } from "./backend/wasm";
import { installRichDisplay } from "./display/rich";
import { registerFileRouter } from "./train/files";

/** One global change: what it touches, when it happens, why, and what it works around upstream. */
export interface GlobalPatch {
  changes: string;
  when: "import" | "setup()" | "setup({ threads > 1 })" | "seed(n)" | "training";
  reason: string;
  upstream: string;
  /** Applies it; only for "import" entries (the others are applied by the function named in `when`). */
  apply?: () => void;
}

/** The full list, in the order `installOnImport` applies the "import" entries. */
export const GLOBAL_PATCHES: readonly GlobalPatch[] = [
  {
    changes: "the tfjs backend is 'cpu' until setup(); the cpu backend's private `firstUse` flag is cleared",
    when: "import",
    reason: "tensor ops work right after import; no 'install tfjs-node for speed' banner in every notebook",
    upstream: "tfjs prints the banner whenever the cpu backend first runs in Node (by design)",
    apply: useCpuUntilSetup,
  },
  {
    changes: "tf.io gets `file://` save and load handlers",
    when: "import",
    reason: "model.save('file://…') and tf.loadLayersModel('file://…') without native TensorFlow",
    upstream: "tfjs registers them only in @tensorflow/tfjs-node, which cannot install everywhere",
    apply: registerFileRouter,
  },
  {
    changes:
      "wasm kernels Identity, Slice, BatchMatMul, _FusedMatMul, Conv2D, Conv2DBackpropInput, MaxPoolGrad, Sum, " +
      "Mean, Cast (to bool) replaced; Conv2DBackpropFilter, UnsortedSegmentSum and cpu fallbacks added " +
      "(src/backend/wasm/README.md)",
    when: "import",
    reason:
      "speed on the pure-npm default backend, kernels a CNN and an embedding layer need that tfjs-backend-wasm 4.22 " +
      "lacks, sums that stay accurate over millions of values, casts to bool that give 0/1",
    upstream:
      "tfjs-backend-wasm: no Conv2DBackpropFilter or UnsortedSegmentSum, XNNPACK repacks new weights each step, " +
      "batched products run a slow loop, Sum and Mean keep one float32 running total (47M halves sum to " +
      "8,388,608), Cast to bool copies the values (3 stays 3)",
    apply: installWasmKernels,
  },
  {
    changes: "AdamOptimizer.prototype.applyGradients: one fused pass per variable on wasm",
    when: "import",
    reason: "~15 tensor ops per variable and step, each with tfjs's per-op cost; other backends keep tfjs's step",
    upstream: "tfjs has no fused optimizer kernels",
    apply: installFusedAdam,
  },
  {
    changes:
      "tf.Tensor, tf.LayersModel, danfo DataFrame and Series prototypes get a Symbol.for('Jupyter.display') method",
    when: "import",
    reason: "a tensor, model or DataFrame as a cell's last expression shows as a table (our kernel calls that method)",
    upstream: "none: Deno's Jupyter convention for rich values, which tfjs and danfo do not implement",
    apply: installRichDisplay,
  },
  {
    changes: "process 'uncaughtException' / 'unhandledRejection' listeners added by wasm's start are removed",
    when: "setup()",
    reason: "Emscripten's listeners re-throw every stray error, which kills a tslab kernel",
    upstream: "emscripten-core/emscripten#5957 and #7855",
  },
  {
    changes: "util.isNullOrUndefined and the other util.is* checks Node 23 removed are put back (only where missing)",
    when: "setup()",
    reason: "only before loading @tensorflow/tfjs-node(-gpu) 4.22, whose kernels call util.isNullOrUndefined",
    upstream: "tensorflow/tfjs#8609 (fixed in tensorflow/tfjs#8425, never released)",
  },
  {
    changes: "V8 flag --experimental-wasm-relaxed-simd (Node 20 only, before our first compiled kernel)",
    when: "setup()",
    reason: "our matrix product uses fused multiply-adds; on by default from V8 11.4 (Node 22)",
    upstream: "none: a V8 default that changed",
  },
  {
    changes: "Blob, URL.createObjectURL and os.cpus replaced while wasm starts, then restored",
    when: "setup({ threads > 1 })",
    reason: "tfjs's threaded wasm build loads workers from blob: URLs, which Node refuses",
    upstream: "tensorflow/tfjs#3830 (threads are off in Node)",
  },
  {
    changes: "Math.random replaced by a seeded generator (unseed() restores it)",
    when: "seed(n)",
    reason: "tfjs's initialisers and dropout draw from Math.random when given no seed: repeatable notebooks",
    upstream: "tfjs has no global seed",
  },
  {
    changes: "a process 'SIGINT' listener while training runs (removed when it ends)",
    when: "training",
    reason: "Kernel → Interrupt stops training after the current batch instead of killing the cell mid-step",
    upstream: "none",
  },
];

/**
 * Private parts of our dependencies the library reads or calls (none is a public API: check them when upgrading
 * tfjs or tslab). The tests exercise all but isUsingGpuDevice, which needs tfjs-node-gpu.
 */
export const PRIVATE_INTERNALS: readonly { where: string; reads: string; why: string }[] = [
  { where: "backend/select.ts", reads: "tf.engine().registry, cpu backend's firstUse", why: "wasm started? banner" },
  { where: "backend/native.ts", reads: "tfjs-node backend's isUsingGpuDevice", why: "did TensorFlow find a GPU" },
  { where: "backend/wasm/types.ts", reads: "wasm backend's heap, dataIdMap, makeOutput, incRef", why: "our kernels" },
  { where: "backend/wasm/adam.ts", reads: "AdamOptimizer's accBeta1/2 and moment variables", why: "fused step" },
  { where: "backend/wasm/threads.ts", reads: "Emscripten's PThread workers", why: "let the process exit" },
  { where: "train/optimizers.ts", reads: "SGD's learning-rate scalar `c`", why: "MomentumOptimizer leaks it" },
  { where: "display/rich.ts", reads: "danfo-node DataFrame/Series's base classes", why: "head() etc. return those" },
  { where: "display/kernel.ts", reads: "tslab's dist/jupyter.js lastWriteDisplayData", why: "full MIME bundles" },
];

let installed = false;

/** Applies the "import" entries of GLOBAL_PATCHES, once per process. */
export function installOnImport(): void {
  if (installed) return;
  installed = true;
  for (const patch of GLOBAL_PATCHES) patch.apply?.();
}
