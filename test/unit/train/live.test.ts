import { afterEach, describe, expect, it, vi } from "vitest";
import { disposeOptimizer, formatDuration, LiveProgress, liveTraining, progressLine, tf, Timer } from "../../../src";

/** A tiny classification problem and model. */
function tinyProblem(n = 256) {
  const X = tf.randomNormal([n, 4]);
  const y = tf.oneHot(tf.cast(tf.greater(tf.sum(X, 1), 0), "int32"), 2);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 8, activation: "relu" }),
      tf.layers.dense({ units: 2, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return { X, y, model };
}

describe("text fallback (outside Jupyter)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("formats one concise progress line", () => {
    const line = progressLine({
      epoch: 2,
      epochs: 5,
      batch: 100,
      batchesPerEpoch: 469,
      samplesPerSecond: 5432.1,
      elapsedSeconds: 3,
      etaSeconds: 12.34,
      latest: { loss: 0.31, acc: 0.9123456 },
      done: false,
      stopped: false,
      title: "Training",
    });
    expect(line).toBe("epoch 2/5  batch 100/469  loss 0.3100  acc 0.9123  5,432 samples/s  ETA 12.3 s");
  });

  it("prints throttled lines during fit and a final 'done' line, with the epoch history", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const { X, y, model } = tinyProblem();
    const callback = liveTraining({ throttleMs: 60_000 });
    await model.fit(X, y, { epochs: 3, batchSize: 32, validationSplit: 0.25, callbacks: callback, verbose: 0 });
    const lines = log.mock.calls.map((c) => String(c[0]));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^epoch 1\/3  batch 1\/6  loss \d\.\d{4}/);
    expect(lines[1]).toMatch(
      new RegExp(
        String.raw`^epoch 3/3  batch 6/6  loss \d\.\d{4}  acc \d\.\d{4}  ` +
          String.raw`val_loss \d\.\d{4}  val_acc \d\.\d{4}  [\d,]+ samples/s  done in `,
      ),
    );
    expect(callback.progress!.epochHistory.map((p) => p.epoch)).toEqual([1, 2, 3]);
    tf.dispose([X, y]);
    model.dispose();
  });

  it("leaks no tensors across epochs", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const { X, y, model } = tinyProblem();
    await model.fit(X, y, { epochs: 1, batchSize: 64, callbacks: liveTraining(), verbose: 0 });
    const before = tf.memory().numTensors;
    await model.fit(X, y, { epochs: 3, batchSize: 64, callbacks: liveTraining(), verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([X, y]);
    model.dispose();
  });
});

describe("interrupt (SIGINT, as Jupyter's Kernel → Interrupt sends)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("stops model.fit within one batch", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const { X, y, model } = tinyProblem(4096);
    const callback = liveTraining();
    const interruptAfter = new tf.CustomCallback({
      onBatchEnd: async (batch) => void (batch === 10 && process.kill(process.pid, "SIGINT")),
    });
    const history = await model.fit(X, y, {
      epochs: 50,
      batchSize: 16,
      callbacks: [callback, interruptAfter],
      verbose: 0,
    });
    const progress = callback.progress!;
    expect(progress.stopRequested).toBe(true);
    expect(progress.batchesAtStop).toBeGreaterThanOrEqual(10);
    expect(progress.batchesDone - progress.batchesAtStop!).toBeLessThanOrEqual(1);
    expect(history.epoch).toHaveLength(1);
    expect(process.listenerCount("SIGINT")).toBe(0);
    tf.dispose([X, y]);
    model.dispose();
  });

  it("lets a custom loop see the stop request", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const progress = new LiveProgress({ epochs: 1, batchesPerEpoch: 1000 });
    let batches = 0;
    for (; batches < 1000 && !progress.stopRequested; batches++) {
      if (batches === 5) process.kill(process.pid, "SIGINT");
      await progress.batchEnd(8, () => ({ loss: 1 }));
    }
    progress.end();
    expect(batches).toBe(6);
  });
});

describe("Timer", () => {
  it("measures elapsed time and formats durations", async () => {
    const timer = new Timer();
    await new Promise((r) => setTimeout(r, 30));
    expect(timer.seconds()).toBeGreaterThanOrEqual(0.025);
    expect([formatDuration(0.85), formatDuration(12.34), formatDuration(125)]).toEqual([
      "850 ms",
      "12.3 s",
      "2 min 05 s",
    ]);
  });
});

describe("disposeOptimizer", () => {
  it.each([
    ["sgd", () => tf.train.sgd(0.1)],
    ["momentum", () => tf.train.momentum(0.1, 0.9)],
    ["rmsprop", () => tf.train.rmsprop(0.1)],
    ["adam", () => tf.train.adam(0.1)],
  ])("frees every tensor of %s", (_name, make) => {
    const before = tf.memory().numTensors;
    const x = tf.tidy(() => tf.variable(tf.scalar(1)));
    const optimizer = make();
    for (let i = 0; i < 3; i++) optimizer.minimize(() => tf.square(x));
    disposeOptimizer(optimizer);
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
