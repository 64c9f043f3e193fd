#!/usr/bin/env node
// `node bench/kernels.mjs` (after `npm run build`): our wasm kernels against the path they replaced, interleaved A/B —
// each round times the old path and ours back to back (alternating which goes first), and the medians over the rounds
// are compared, so that a busy machine slows both alike. Old paths: UnsortedSegmentSum copied to the cpu backend and
// back; batched products through XNNPACK after materialising transposes; the stock (wrong) Cast to bool.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { setupBackend, tf } = require("../dist/index.js");
const { stockWasmKernel } = require("../dist/backend/wasm/kernels.js");
const { runOnCpu } = require("../dist/backend/wasm/cpu-fallback.js");
const { transposeLastTwo } = require("../dist/backend/wasm/ops.js");

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);

/** @typedef {import("@tensorflow/tfjs").TensorInfo} TensorInfo */
/** @typedef {import("@tensorflow/tfjs").KernelFunc} KernelFunc */
/** @typedef {import("../dist/backend/wasm/types.js").WasmBackend} WasmBackend */
/** @typedef {(inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>) => TensorInfo} Call */
/**
 * One comparison: the kernel's inputs and attributes, calls per timing, and a label.
 * @typedef {{ label: string, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>, reps: number }} Case
 */

/**
 * A kernel function as a call on this backend.
 * @param {KernelFunc} kernel
 * @param {WasmBackend} backend
 * @returns {Call}
 */
const callOf = (kernel, backend) => (inputs, attrs) =>
  /** @type {TensorInfo} */ (
    kernel({ inputs, attrs: /** @type {any} */ (attrs), backend: /** @type {any} */ (backend) })
  );

/**
 * Microseconds per call of `call` over `reps` calls (each result freed).
 * @param {Call} call
 * @param {Case} work
 * @param {WasmBackend} backend
 */
function microseconds(call, work, backend) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < work.reps; i++) backend.disposeData(call(work.inputs, work.attrs).dataId);
  return Number(process.hrtime.bigint() - start) / 1e3 / work.reps;
}

/** @param {number[]} values */
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

/**
 * Medians (µs per call) of the old path and ours over ROUNDS interleaved rounds, after one warm-up call each.
 * @param {Call} old
 * @param {Call} ours
 * @param {Case} work
 * @param {WasmBackend} backend
 */
function compare(old, ours, work, backend) {
  const times = { old: /** @type {number[]} */ ([]), ours: /** @type {number[]} */ ([]) };
  microseconds(old, { ...work, reps: 1 }, backend);
  microseconds(ours, { ...work, reps: 1 }, backend);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? /** @type {const} */ (["ours", "old"]) : /** @type {const} */ (["old", "ours"]);
    for (const which of order) times[which].push(microseconds(which === "old" ? old : ours, work, backend));
  }
  const [before, after] = [median(times.old), median(times.ours)];
  const fmt = (/** @type {number} */ us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);
  console.log(
    `${work.label.padEnd(58)} ${fmt(before).padStart(10)} → ${fmt(after).padStart(10)}`.trimEnd() +
      `  (${(before / after).toFixed(1)}×)`,
  );
}

/**
 * A float32 (or int32) tensor's TensorInfo on the backend, seeded.
 * @param {number[]} shape
 * @param {number} seed
 */
function uniform(shape, seed) {
  const t = tf.randomUniform(shape, -1, 1, "float32", seed);
  return { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
}

/**
 * The batched product as before ours took it: transposes materialised, then XNNPACK.
 * @param {WasmBackend} backend
 * @returns {Call}
 */
function oldProduct(backend) {
  const stock = /** @type {KernelFunc} */ (stockWasmKernel("BatchMatMul"));
  return ({ a, b }, { transposeA, transposeB }) => {
    const [ta, tb] = [transposeA ? transposeLastTwo(a, backend) : a, transposeB ? transposeLastTwo(b, backend) : b];
    const out = callOf(stock, backend)({ a: ta, b: tb }, { transposeA: false, transposeB: false });
    for (const t of [ta, tb]) if (t !== a && t !== b) backend.disposeData(t.dataId);
    return out;
  };
}

async function main() {
  await setupBackend({ backend: "wasm" });
  const backend = /** @type {WasmBackend} */ (/** @type {unknown} */ (tf.engine().backend));
  const ours = (/** @type {string} */ name) => callOf(tf.getKernel(name, "wasm").kernelFunc, backend);
  console.log(`A/B, median of ${ROUNDS} interleaved rounds: old path → ours`);

  for (const [rows, cols, segments] of [
    [1024, 16, 30],
    [1024, 32, 1000],
  ]) {
    const ids = tf.tensor1d(
      Array.from({ length: rows }, (_, i) => (i * 7919) % (segments + 3)),
      "int32",
    );
    /** @type {Case} */
    const work = {
      label: `UnsortedSegmentSum [${rows}, ${cols}] into ${segments} (embedding gradient)`,
      inputs: { x: uniform([rows, cols], 1), segmentIds: ids },
      attrs: { numSegments: segments },
      reps: segments > 100 ? 1 : 20,
    };
    compare(callOf(runOnCpu("UnsortedSegmentSum"), backend), ours("UnsortedSegmentSum"), work, backend);
  }

  for (const [aShape, bShape, transposeA, transposeB, what] of /** @type {const} */ ([
    [[64, 2, 16, 32], [64, 2, 16, 32], false, true, "Q·Kᵀ"],
    [[64, 2, 16, 16], [64, 2, 16, 32], false, false, "A·V, dS·K"],
    [[64, 2, 16, 16], [64, 2, 16, 32], true, false, "Aᵀ·dO, dSᵀ·Q"],
    [[64, 2, 16, 32], [64, 2, 16, 32], false, true, "dO·Vᵀ"],
    [[64, 2, 16, 32], [64, 2, 16, 16], true, true, "(both transposed)"],
    [[8, 128, 64], [8, 64, 128], false, false, ""],
    [[64, 16, 64], [64, 192], false, false, "x·W on [batch, T, d]"],
  ])) {
    /** @type {Case} */
    const work = {
      label: `BatchMatMul [${aShape}]${transposeA ? "ᵀ" : ""} × [${bShape}]${transposeB ? "ᵀ" : ""} ${what}`,
      inputs: { a: uniform([...aShape], 2), b: uniform([...bShape], 3) },
      attrs: { transposeA, transposeB },
      reps: 20,
    };
    compare(oldProduct(backend), ours("BatchMatMul"), work, backend);
  }

  for (const [size, dtype] of /** @type {const} */ ([
    [64 * 16 * 16, "int32"],
    [1_000_000, "int32"],
    [1_000_000, "float32"],
  ])) {
    const x = tf.tensor1d(
      Array.from({ length: size }, (_, i) => i % 3),
      dtype,
    );
    /** @type {Case} */
    const work = {
      label: `Cast ${dtype} → bool, ${size.toLocaleString("en")} values`,
      inputs: { x },
      attrs: { dtype: "bool" },
      reps: 20,
    };
    compare(callOf(/** @type {KernelFunc} */ (stockWasmKernel("Cast")), backend), ours("Cast"), work, backend);
  }
}

main();
