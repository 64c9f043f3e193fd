#!/usr/bin/env node
// `npm run bench [-- --json] [-- --only=ITEM,…]`: training throughput of the course's MLP (batch 32, 128), CNN (batch
// 64), character LSTM and tiny transformer (batch 64) on every available backend, PyTorch 1-thread on the same data
// when /usr/bin/python3 has torch, matMul GFLOP/s, MNIST load time, pipeline throughput and tensor growth. Prints a
// table; with --json also one JSON object on the last line. --only trains just the WORK items named (e.g.
// --only=lstm_lm,transformer); the other measurements still run.
// BENCH_MIN_SECONDS (default 2) is the least time each measurement trains for, after a warm-up of BENCH_WARMUP_SECONDS
// (default 3) on both sides: throughput in the steady state a real training run spends nearly all its time in.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { buildCnn, buildMlp, matMulGflops, trainingThroughput } from "./models.mjs";
import { charLstmThroughput, tinyTransformerThroughput } from "./sequence-models.mjs";

const require = createRequire(import.meta.url);
const { BatchPipeline, loadMnistArrays, mnistDir, setupBackend, tf } = require("../dist/index.js");
const MIN_SECONDS = Number(process.env.BENCH_MIN_SECONDS ?? 2);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const PYTHON = "/usr/bin/python3";

/** @typedef {import("../dist/index.js").ArrayDataset} ArrayDataset */
/** @typedef {import("./models.mjs").MatMulRates} MatMulRates */
/** @typedef {import("./models.mjs").ThroughputOptions} ThroughputOptions */
/** @typedef {(data: ArrayDataset, options: ThroughputOptions) => Promise<number>} Train samples/s of one WORK item */
/**
 * A MNIST model's training throughput.
 * @param {() => import("@tensorflow/tfjs").LayersModel} build
 * @returns {Train}
 */
const mnist = (build) => (data, options) => trainingThroughput(build, data, options);
/**
 * A sequence model's training throughput (its synthetic text instead of MNIST).
 * @param {(options: ThroughputOptions) => Promise<number>} throughput
 * @returns {Train}
 */
const text = (throughput) => (_data, options) => throughput(options);

/**
 * The measured work: how to train it (samples/s), batch size, and the samples each backend trains at least (the JS cpu
 * backend is 10–1000× slower). A sample is an image, or a sequence of 16 characters (sequence-models.mjs).
 */
const WORK = {
  mlp_bs128: { label: "MLP, batch 128", train: mnist(buildMlp), batchSize: 128, minSamples: 12_800, cpuSamples: 1_280 },
  mlp_bs32: { label: "MLP, batch 32", train: mnist(buildMlp), batchSize: 32, minSamples: 6_400, cpuSamples: 640 },
  cnn_bs64: { label: "CNN, batch 64", train: mnist(buildCnn), batchSize: 64, minSamples: 1_920, cpuSamples: 64 },
  lstm_lm: {
    label: "char LSTM, batch 64",
    train: text(charLstmThroughput),
    batchSize: 64,
    minSamples: 1_280,
    cpuSamples: 64,
  },
  transformer: {
    label: "transformer, batch 64",
    train: text(tinyTransformerThroughput),
    batchSize: 64,
    minSamples: 1_280,
    cpuSamples: 64,
  },
};
/** @typedef {keyof typeof WORK} WorkKey */
const ONLY = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
const WORK_KEYS = /** @type {WorkKey[]} */ (ONLY ? ONLY.split(",") : Object.keys(WORK));
for (const key of WORK_KEYS)
  if (!(key in WORK)) throw new Error(`--only: no work item '${key}' (items: ${Object.keys(WORK).join(", ")})`);

/**
 * Samples/s of every WORK item on one backend, or why the backend was skipped; the 2-thread child adds its threads
 * and matMul rates.
 * @typedef {Partial<Record<WorkKey, number>> & {
 *   skipped?: string, threads?: number | string, matmul_gflops?: MatMulRates
 * }} BackendResult
 */
/**
 * PyTorch's samples/s of every WORK item and its version, or why it was skipped.
 * @typedef {Partial<Record<WorkKey, number>> & { torch?: string, skipped?: string }} TorchResult
 */
/**
 * One WORK item compared: samples/s per backend and torch, `ratio` (default backend / torch) and
 * `ratio_wasm_2threads`; null where not measured.
 * @typedef {Record<string, number | null>} WorkComparison
 */
/**
 * Everything `npm run bench` measured, in the order main() fills it in; `--json` prints it without `backends`.
 * @typedef {Partial<Record<WorkKey, WorkComparison>> & {
 *   backend: string, threads: number | string, backends: Record<string, BackendResult>, torch_version: string | null,
 *   matmul_gflops: MatMulRates & { plain_over_slowest_transposed: number, wasm_2threads_plain: number | null },
 *   mnist_load_s: number, pipeline_samples_per_s: { bs32: number, bs128: number }, tensor_growth: number
 * }} BenchResults
 */

/**
 * Median of the timings (seconds) of `runs` calls.
 * @param {() => void} fn
 * @param {number} runs
 */
function medianSeconds(fn, runs) {
  const times = Array.from({ length: runs }, () => {
    const start = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - start) / 1e9;
  });
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Seconds to load all 70,000 MNIST images and labels as scaled float arrays. */
function mnistLoad() {
  return medianSeconds(() => {
    loadMnistArrays("train");
    loadMnistArrays("test");
  }, 5);
}

/**
 * Samples per second the batch pipeline delivers over one shuffled epoch of the 60,000 training images.
 * @param {number} batchSize
 */
function pipelineThroughput(batchSize) {
  const pipeline = new BatchPipeline(loadMnistArrays("train"), { batchSize, seed: 1, oneHotClasses: 10 });
  const seconds = medianSeconds(() => {
    for (const { xs, ys } of pipeline.epoch()) tf.dispose([xs, ys]);
  }, 3);
  return Math.round(60_000 / seconds);
}

/**
 * Training samples/s of every WORK item on `backend`, or why the backend cannot be set up here.
 * @param {string} backend
 * @param {ArrayDataset} data
 * @returns {Promise<BackendResult>}
 */
async function benchBackend(backend, data) {
  try {
    await setupBackend({ backend });
  } catch (error) {
    return {
      skipped: String(/** @type {Error} */ (error).message ?? error)
        .split("\n")[0]
        .replace(/^TFJS_BACKEND=\S+: /, ""),
    };
  }
  const slow = backend === "cpu";
  /** @type {BackendResult} */
  const result = {};
  for (const key of WORK_KEYS) {
    const work = WORK[key];
    const options = {
      batchSize: work.batchSize,
      minSamples: slow ? work.cpuSamples : work.minSamples,
      minSeconds: slow ? 0 : MIN_SECONDS,
      warmup: slow ? 1 : 3,
      warmupSeconds: slow ? 0 : WARMUP_SECONDS,
    };
    result[key] = await work.train(data, options);
  }
  return result;
}

/**
 * The same work on wasm with `threads` threads (TFJS_WASM_THREADS), in a child process: threads must be set before
 * wasm starts.
 * @param {number} threads
 * @returns {BackendResult}
 */
function benchWasmThreads(threads) {
  const only = ONLY ? [`--only=${ONLY}`] : [];
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--wasm-threads-child", ...only], {
    env: { ...process.env, TFJS_WASM_THREADS: String(threads), TFJS_BACKEND: "wasm" },
    encoding: "utf8",
  });
  if (run.status !== 0)
    return { skipped: `wasm with ${threads} threads failed: ${run.stderr.trim().split("\n").pop()}` };
  return JSON.parse(/** @type {string} */ (run.stdout.trim().split("\n").pop()));
}

/** Child mode: WORK and matMul on wasm as TFJS_WASM_THREADS set it; prints one JSON line. */
async function wasmThreadsChild() {
  const report = await setupBackend();
  const result = await benchBackend("wasm", loadMnistArrays("train", { limit: 6_400 }));
  console.log(JSON.stringify({ ...result, threads: report.threads, matmul_gflops: matMulGflops() }));
}

/**
 * PyTorch samples/s for the same work on `threads` threads, or the reason it was skipped. More than one thread runs
 * with OMP_WAIT_POLICY=PASSIVE: under OpenMP's default busy-waiting, 2 threads are slower than 1 on this 2-core VM.
 * @param {number} threads
 * @returns {TorchResult}
 */
function benchTorch(threads) {
  if (spawnSync(PYTHON, ["-c", "import torch"]).status !== 0)
    return { skipped: `${PYTHON} has no torch (apt-get install python3-torch)` };
  const script = fileURLToPath(new URL("torch_models.py", import.meta.url));
  const args = [script, mnistDir(), String(MIN_SECONDS), String(WARMUP_SECONDS), WORK_KEYS.join(",")];
  const threadEnv = threads > 1 ? { OMP_WAIT_POLICY: "PASSIVE" } : {};
  const run = spawnSync(PYTHON, args, {
    encoding: "utf8",
    env: { ...process.env, DLCOURSE_TORCH_THREADS: String(threads), ...threadEnv },
  });
  if (run.status !== 0) return { skipped: `torch bench failed: ${run.stderr.trim().split("\n").pop()}` };
  return JSON.parse(/** @type {string} */ (run.stdout.trim().split("\n").pop()));
}

/** @param {number | null | undefined} v */
const fmt = (v) => (typeof v === "number" ? Math.round(v).toLocaleString("en") : "–");

/**
 * GFLOP/s of the four matMul forms, e.g. "plain 20.1, transposeA 19.8, transposeB 20.3, both 19.5".
 * @param {MatMulRates} m
 */
function formsText(m) {
  const [plain, a, b, ab] = [m.plain, m.transposeA, m.transposeB, m.transposeAB].map((v) => v.toFixed(1));
  return `plain ${plain}, transposeA ${a}, transposeB ${b}, both ${ab}`;
}

/**
 * The throughput table: samples/s of every WORK item per column, then its ratios to PyTorch.
 * @param {BenchResults} results
 * @param {string[]} columns
 * @param {TorchResult} torch 1 thread
 * @param {TorchResult} torch2 2 threads
 */
function printThroughput(results, columns, torch, torch2) {
  const label = (/** @type {string} */ c) =>
    c === "torch" ? "PyTorch 1 thread" : c === "torch_2threads" ? "PyTorch 2 threads" : c;
  const names = columns.map((c) => label(c).padStart(18)).join("");
  const ratioNames =
    `${results.backend}/torch`.padStart(14) + "2 threads/torch".padStart(17) + "best/best".padStart(11);
  console.log(`${"samples/s".padEnd(22)}${names}${ratioNames}`);
  /** @param {WorkKey} key @param {string} c */
  const rate = (key, c) => (c === "torch" ? torch : c === "torch_2threads" ? torch2 : results.backends[c])[key];
  for (const key of WORK_KEYS) {
    const row = columns.map((c) => fmt(rate(key, c)).padStart(18)).join("");
    const c = results[key];
    const [ratio, twoThreads, best] = [c?.ratio, c?.ratio_wasm_2threads, c?.ratio_best].map(
      (r) => r?.toFixed(2) ?? "–",
    );
    console.log(
      `${WORK[key].label.padEnd(22)}${row}${ratio.padStart(14)}${twoThreads.padStart(17)}${best.padStart(11)}`,
    );
  }
}

/**
 * The human-readable table.
 * @param {BenchResults} results
 * @param {string[]} backends
 * @param {TorchResult} torch 1 thread
 * @param {TorchResult} torch2 2 threads (OMP_WAIT_POLICY=PASSIVE)
 */
function printTable(results, backends, torch, torch2) {
  const torchColumns = torch.skipped ? ["torch"] : ["torch", "torch_2threads"];
  printThroughput(results, [...backends.filter((b) => !results.backends[b].skipped), ...torchColumns], torch, torch2);
  for (const b of [...backends, "torch"])
    if ((b === "torch" ? torch : results.backends[b]).skipped)
      console.log(`skipped ${b}: ${(b === "torch" ? torch : results.backends[b]).skipped}`);
  const m = results.matmul_gflops;
  const slowest = m.plain_over_slowest_transposed.toFixed(2);
  console.log(`${results.backend} matMul 512³ GFLOP/s: ${formsText(m)} (plain / slowest transposed = ${slowest}×)`);
  const t = results.backends.wasm_2threads.matmul_gflops;
  if (t) console.log(`wasm, 2 threads (TFJS_WASM_THREADS=2) matMul 512³ GFLOP/s: ${formsText(t)}`);
  const pipeline = results.pipeline_samples_per_s;
  console.log(
    `MNIST load, 70,000 images: ${results.mnist_load_s.toFixed(3)} s; ` +
      `batch pipeline: ${fmt(pipeline.bs32)} samples/s (bs 32), ${fmt(pipeline.bs128)} (bs 128)`,
  );
  console.log(`tensor growth: ${results.tensor_growth}; ${results.backend} threads: ${results.threads}`);
}

/** Cores here; where there are more than 2, the bench also measures both sides at that many threads. */
const CORES = Math.min(8, availableParallelism());

/**
 * Adds a machine with more than 2 cores' fields to one work item: torch_Nthreads, speedup_Nthreads (N threads / 1) and
 * ratio_Nthreads (ours / PyTorch's, both on N threads).
 * @param {Record<string, number | null>} comparison
 * @param {number | undefined} ours
 * @param {number | undefined} oneThread
 * @param {number | undefined} torchRate
 */
function allCoresFields(comparison, ours, oneThread, torchRate) {
  comparison[`torch_${CORES}threads`] = torchRate ?? null;
  comparison[`speedup_${CORES}threads`] = ours && oneThread ? ours / oneThread : null;
  comparison[`ratio_${CORES}threads`] = ours && torchRate ? ours / torchRate : null;
}

async function main() {
  process.env.TFJS_WASM_THREADS = "1"; // the wasm column is one thread; children measure more
  const data = loadMnistArrays("train", { limit: 6_400 });
  const backends = ["wasm", "cpu", "tensorflow"];
  const report = await setupBackend(); // the default backend (learners get it with one thread per core)
  const tensorsBefore = tf.memory().numTensors;
  /** @type {Record<string, BackendResult>} */
  const perBackend = {};
  for (const backend of backends) perBackend[backend] = await benchBackend(backend, data);
  perBackend.wasm_2threads = benchWasmThreads(2);
  backends.splice(1, 0, "wasm_2threads");
  if (CORES > 2) {
    perBackend[`wasm_${CORES}threads`] = benchWasmThreads(CORES);
    backends.splice(2, 0, `wasm_${CORES}threads`);
  }
  await setupBackend({ backend: report.backend });
  const torch = benchTorch(1);
  const torch2 = torch.skipped ? torch : benchTorch(2);
  const torchAll = CORES > 2 && !torch.skipped ? benchTorch(CORES) : undefined;
  /** @type {Partial<BenchResults>} */
  const results = {
    backend: report.backend,
    threads: report.threads,
    backends: perBackend,
    torch_version: torch.torch ?? null,
  };
  for (const key of WORK_KEYS) {
    const mine = perBackend[report.backend][key];
    const [torchRate, twoThreads] = [torch[key], perBackend.wasm_2threads[key]];
    /** @type {WorkComparison} */
    const comparison = {
      ...Object.fromEntries(backends.map((b) => [b, perBackend[b][key] ?? null])),
      torch: torchRate ?? null,
    };
    results[key] = comparison;
    comparison.torch_2threads = torch2[key] ?? null;
    comparison.ratio = torchRate ? /** @type {number} */ (mine) / torchRate : null;
    comparison.ratio_wasm_2threads = torchRate && twoThreads ? twoThreads / torchRate : null;
    const wasmRate = perBackend.wasm?.[key];
    comparison.speedup_2threads = wasmRate && twoThreads ? twoThreads / wasmRate : null;
    const bestOurs = Math.max(wasmRate ?? 0, twoThreads ?? 0);
    const bestTorch = Math.max(torchRate ?? 0, torch2[key] ?? 0);
    comparison.ratio_best = bestOurs && bestTorch ? bestOurs / bestTorch : null;
    if (torchAll) allCoresFields(comparison, perBackend[`wasm_${CORES}threads`][key], wasmRate, torchAll[key]);
  }
  const m = matMulGflops();
  results.matmul_gflops = {
    ...m,
    plain_over_slowest_transposed: m.plain / Math.min(m.transposeA, m.transposeB, m.transposeAB),
    wasm_2threads_plain: perBackend.wasm_2threads.matmul_gflops?.plain ?? null,
  };
  results.mnist_load_s = Number(mnistLoad().toFixed(3));
  results.pipeline_samples_per_s = { bs32: pipelineThroughput(32), bs128: pipelineThroughput(128) };
  results.tensor_growth = tf.memory().numTensors - tensorsBefore;
  printTable(/** @type {BenchResults} */ (results), backends, torch, torch2); // complete now
  if (process.argv.includes("--json")) {
    const { backends: _omitted, ...summary } = results;
    console.log(
      JSON.stringify(summary, (_, v) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v)),
    );
  }
}

if (process.argv.includes("--wasm-threads-child")) wasmThreadsChild();
else main();
