import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";

/** The CommonJS `os` module object itself (the wasm glue calls require("os").cpus(); a namespace copy would not do). */
const nodeOs = require("node:os") as typeof import("node:os");

/** The line of the tfjs worker script that loads the main script from a blob: URL, which Node's workers refuse. */
const WORKER_LOADS_BLOB =
  "var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)";

/** A Blob that remembers its text, so that its object URL can become a file. */
class SourceBlob extends Blob {
  readonly source: string;
  constructor(parts: BlobPart[] = [], options?: BlobPropertyBag) {
    super(parts, options);
    this.source = parts.map(String).join("");
  }
}

/**
 * Before the wasm backend starts: makes tfjs load its multi-threaded build under Node (tfjs turns threads off in
 * Node, tfjs#3830), its memory shared with our helper threads (workers.ts; XNNPACK's own pool keeps one thread, see
 * xnnpackThreads). Returns the function that undoes the temporary patches. Patches while the backend starts: workers
 * from files instead of blob: URLs; os.cpus() reports 2 × XNNPACK's threads because tfjs's C++ uses half the logical
 * cores; WebAssembly.Memory remembers the shared memory it is given, for our kernels.
 */
export function prepareWasmThreads(): () => void {
  const glue = require.resolve("@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js");
  const dir = fs.mkdtempSync(path.join(nodeOs.tmpdir(), "dlcourse-wasm-threads-"));
  const saved = { Blob: globalThis.Blob, createObjectURL: URL.createObjectURL, cpus: nodeOs.cpus };
  globalThis.Blob = SourceBlob;
  URL.createObjectURL = (blob: Blob) => {
    if (!(blob instanceof SourceBlob) || !blob.source.includes(WORKER_LOADS_BLOB)) return saved.createObjectURL(blob);
    const file = path.join(dir, "worker.js");
    fs.writeFileSync(file, blob.source.replace(WORKER_LOADS_BLOB, `importScripts(${JSON.stringify(glue)})`));
    return file;
  };
  nodeOs.cpus = () => Array.from({ length: 2 * xnnpackThreads() }, () => saved.cpus()[0]);
  const restoreMemory = catchSharedMemory();
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  (require("@tensorflow/tfjs-backend-wasm") as { setThreadsCount(n: number): void }).setThreadsCount(xnnpackThreads());
  return () => {
    globalThis.Blob = saved.Blob;
    URL.createObjectURL = saved.createObjectURL;
    nodeOs.cpus = saved.cpus;
    restoreMemory();
  };
}

/**
 * XNNPACK's own thread pool: one thread (DLCOURSE_XNNPACK_THREADS=N for comparisons). Its workers spin between ops and
 * then compete with our helpers for the cores; measured with 2 threads in all (samples/s, our helpers + XNNPACK on 1
 * vs 2): MLP batch 128 38k/32k vs 22k, batch 32 22k/19k vs 11k/10k, CNN 1,510/1,640 vs 1,310/1,530, the transformer
 * 1,580/1,610 vs 1,350/1,060.
 */
function xnnpackThreads(): number {
  return Number(process.env.DLCOURSE_XNNPACK_THREADS || 1);
}

let sharedMemory: WebAssembly.Memory | undefined;

/** The threaded build's shared memory, caught as it started (its glue creates it and exports it nowhere). */
export function threadedWasmMemory(): WebAssembly.Memory | undefined {
  return sharedMemory;
}

/** Until the returned function runs, remembers the first shared WebAssembly.Memory created (the threaded build's). */
function catchSharedMemory(): () => void {
  const Memory = WebAssembly.Memory;
  WebAssembly.Memory = new Proxy(Memory, {
    construct(target, args: [WebAssembly.MemoryDescriptor]) {
      const memory = new target(...args);
      if (args[0]?.shared) sharedMemory ??= memory;
      return memory;
    },
  });
  return () => {
    WebAssembly.Memory = Memory;
  };
}

/** Lets the process exit while the wasm worker threads idle (Emscripten keeps them referenced). */
export function unrefWasmWorkers(): void {
  const pthreads = (
    tf.findBackend("wasm") as unknown as {
      wasm?: { PThread?: { unusedWorkers: { unref(): void }[]; runningWorkers: { unref(): void }[] } };
    }
  )?.wasm?.PThread;
  for (const worker of [...(pthreads?.unusedWorkers ?? []), ...(pthreads?.runningWorkers ?? [])]) worker.unref();
}

/** Most threads wasm starts (tfjs's limit for its thread pool is higher; beyond 8 the course's models gain little). */
const MAX_THREADS = 8;

/**
 * Threads requested for wasm: the option, else TFJS_WASM_THREADS (when set and not empty), else one per core (at most
 * 8); an integer from 1 to 8.
 */
export function requestedWasmThreads(option?: number): number {
  const raw = option ?? (process.env.TFJS_WASM_THREADS || Math.min(MAX_THREADS, nodeOs.availableParallelism()));
  const threads = Number(raw);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS)
    throw new Error(`TFJS_WASM_THREADS: expected an integer from 1 to ${MAX_THREADS}, got '${raw}'`);
  return threads;
}
