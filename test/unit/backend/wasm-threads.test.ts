import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { tf, type BackendReport } from "../../../src";
import { requestedWasmThreads } from "../../../src/backend/wasm/threads";
import { ROOT } from "../../support/jupyter";
import { onBackend, randomValues } from "../../support/backends";

/** Shapes of the work compared between the threaded child process and this (single-threaded) one. */
const X = [4, 9, 9, 3];
const W = [3, 3, 3, 8];
const A = [96, 80];

/**
 * The work, as source for the child and as a function here: a product, the gradients of a conv + pool, an Adam step,
 * the sum, mean and column sums of 3 million tenths (a float32 running total would be off by percents), an embedding
 * gradient (UnsortedSegmentSum), a cast to bool and a batched product.
 */
function work(t: typeof tf, x: number[], w: number[], a: number[]): number[][] {
  return t.tidy(() => {
    const [xt, wt, at] = [
      t.tensor4d(x, X as [number, number, number, number]),
      t.tensor4d(w, W as [number, number, number, number]),
      t.tensor2d(a, A as [number, number]),
    ];
    const f = (p: tf.Tensor, q: tf.Tensor) =>
      t.sum(t.maxPool(t.relu(t.conv2d(p as tf.Tensor4D, q as tf.Tensor4D, 1, "same")), 2, 2, "valid"));
    const [weight, adam] = [t.variable(at), t.train.adam(0.1)];
    adam.applyGradients([{ name: weight.name, tensor: t.sin(at) }]);
    const stepped = weight.clone();
    weight.dispose();
    adam.dispose();
    const tenths = t.fill([3_000_000], 0.1);
    return [
      t.matMul(at, at, false, true),
      ...t.grads(f)([xt, wt]),
      stepped,
      t.stack([t.sum(tenths), t.mean(tenths)]),
      t.sum(t.reshape(tenths, [1_000_000, 3]), 0),
      t.grad((q: tf.Tensor) => t.sum(t.square(t.gather(q, t.tensor1d([0, 5, 5, 95, 5], "int32")))))(at),
      t.cast(t.tensor1d([3, 0, -1, 0.5]), "bool"),
      t.matMul(t.reshape(at, [4, 24, 80]), t.reshape(at, [4, 24, 80]), false, true),
    ].map((r) => Array.from(r.dataSync()));
  });
}

/** The compiled library and its wasm module helpers, as a child's require() names them. */
const [DIST, MODULES] = [["dist"], ["dist", "backend", "wasm", "modules"]].map((at) =>
  JSON.stringify(path.join(ROOT, ...at)),
);

/** Runs `script` in a child Node (at most 60 s) with these environment variables on top of ours. */
function runChild(script: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ["-"], {
    input: script,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** The JSON the child printed last. */
function lastJson<T>(child: { stdout: string }): T {
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as T;
}

/** Two threads, every kernel that can split doing so. */
const TWO_THREADS_SPLIT = { TFJS_WASM_THREADS: "2", TFJS_BACKEND: "wasm", DLCOURSE_WASM_SPLIT: "always" };

describe("wasm with two threads (the default on two cores; TFJS_WASM_THREADS=2)", () => {
  it("starts 2 threads, splits our kernels, computes what 1 thread does, lets the process exit", async () => {
    const [x, w, a] = [randomValues(X, 1), randomValues(W, 2), randomValues(A, 3)];
    const script = `
      const { setupBackend, tf } = require(${DIST});
      const { kernelThreads } = require(${MODULES});
      const work = ${work.toString()};
      const [X, W, A] = ${JSON.stringify([X, W, A])};
      const [x, w, a] = ${JSON.stringify([x, w, a])};
      setupBackend().then((report) =>
        console.log(JSON.stringify({
          threads: report.threads, values: work(tf, x, w, a), handedOut: kernelThreads().handedOut })));`;
    const child = runChild(script, TWO_THREADS_SPLIT);
    expect(child.signal, `the child did not exit by itself: ${child.stderr}`).toBeNull();
    expect(child.status, `${child.error ?? ""} ${child.stderr}`).toBe(0);
    const threaded = lastJson<{ threads: number; values: number[][]; handedOut: number }>(child);
    expect(threaded.threads, child.stderr).toBe(2);
    expect(threaded.handedOut, "call lists our kernels handed to the helper thread").toBeGreaterThan(0);
    const single = await onBackend("wasm", () => work(tf, x, w, a));
    // Relative to the value: a product split along k adds its partial sums in another order.
    threaded.values.forEach((values, k) =>
      values.forEach((v, i) =>
        expect(
          Math.abs(v - single[k][i]),
          `result ${k}, element ${i}: 2 threads ${v}, 1 thread ${single[k][i]}`,
        ).toBeLessThan(1e-4 * Math.max(1, Math.abs(single[k][i]))),
      ),
    );
  });

  it("reports a helper's failure as an error, once, and keeps computing right afterwards", () => {
    const script = `
      const { setupBackend, tf } = require(${DIST});
      const { runOnThreads } = require(${MODULES});
      setupBackend().then(() => {
        const backend = tf.engine().backend;
        const outside = 2 ** 32 - 64; // past the end of wasm memory: the helper's product traps
        const broken = [[], [["gemm.gemm", outside, 0, 0, 4, 8, 1, 4, 4, 64, 0]]];
        const errors = [];
        try { runOnThreads(backend, broken); } catch (e) { errors.push(e.message); }
        try { runOnThreads(backend, [[], []]); } catch (e) { errors.push(e.message); }
        const product = tf.matMul(tf.ones([300, 300]), tf.ones([300, 256])).dataSync();
        console.log(JSON.stringify({ errors, allRight: product.every((v) => v === 300) }));
      });`;
    const child = runChild(script, TWO_THREADS_SPLIT);
    expect(child.status, child.stderr).toBe(0);
    const result = lastJson<{ errors: string[]; allRight: boolean }>(child);
    expect(result.errors).toEqual(["kernel thread 1 failed (its error is on stderr)"]);
    expect(child.stderr).toMatch(/dlcourse kernel thread: RuntimeError: memory access out of bounds/);
    expect(result.allRight).toBe(true);
  });

  it("gives up on a multi-threaded start that never ends, says why, and falls back to the next backend", () => {
    // the build's worker script is replaced by one that never loads: its start then never ends
    const script = `
      const fs = require("node:fs");
      const write = fs.writeFileSync;
      fs.writeFileSync = (file, data, ...rest) =>
        write(file, /dlcourse-wasm-threads-/.test(String(file)) ? "// never loads" : data, ...rest);
      const { setupBackend } = require(${DIST});
      setupBackend().then((report) => console.log(JSON.stringify(report)));`;
    const child = runChild(script, { TFJS_WASM_THREADS: "2", TFJS_BACKEND: "", DLCOURSE_WASM_START_SECONDS: "3" });
    expect(child.signal, `the child did not exit by itself: ${child.stderr}`).toBeNull();
    const report = lastJson<BackendReport>(child);
    expect(report.backend).toBe("cpu");
    const wasm = report.tried.find((attempt) => attempt.name === "wasm");
    expect(wasm?.reason).toBe(
      "the multi-threaded wasm build did not start within 3 s; " +
        "restart the kernel, or set TFJS_WASM_THREADS=1 for one thread",
    );
  });

  it("rejects a thread count that is not an integer from 1 to 8, naming the variable", () => {
    expect(requestedWasmThreads(undefined)).toBeGreaterThanOrEqual(1);
    expect(requestedWasmThreads(4)).toBe(4);
    expect(() => requestedWasmThreads(0)).toThrow("TFJS_WASM_THREADS: expected an integer from 1 to 8, got '0'");
    expect(() => requestedWasmThreads(2.5)).toThrow(/got '2.5'/);
  });
});
