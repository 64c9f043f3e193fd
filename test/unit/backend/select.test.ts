import { afterEach, describe, expect, it, vi } from "vitest";
import { backendReport, formatBackendReport, parseChoice, setupBackend, tf } from "../../../src";

describe("backend selection", () => {
  afterEach(() => vi.restoreAllMocks());

  it("works on the cpu backend right after import, before setup", () => {
    expect(tf.getBackend()).toBe("cpu");
    expect(tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0]).toBe(5);
  });

  it("picks wasm without native TensorFlow, says why, and leaves no wasm error listener behind", async () => {
    // Emscripten's listeners re-throw every stray error: in a tslab kernel that is a dead kernel, not a logged error.
    const listenerCount = () =>
      process.listeners("uncaughtException").length + process.listeners("unhandledRejection").length;
    const listenersBefore = listenerCount();
    const report = await setupBackend();
    expect(listenerCount()).toBe(listenersBefore);
    expect(report.backend).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(report.tried.map((t) => t.name)).toEqual(["tensorflow-gpu", "tensorflow", "wasm"]);
    expect(formatBackendReport(report)).toContain("skipped tensorflow: @tensorflow/tfjs-node is not installed");
    expect(report.threads).toBeGreaterThanOrEqual(1);
    expect(report.versions["tfjs-core"]).toBe(tf.version_core);
    expect(backendReport()).toBe(report);
  });

  it("honours an explicit choice (as TFJS_BACKEND would)", async () => {
    const report = await setupBackend({ backend: "cpu" });
    expect(report.backend).toBe("cpu");
    expect(report.reason).toMatch(/requested with TFJS_BACKEND=cpu/);
    expect(tf.getBackend()).toBe("cpu");
    await setupBackend({ backend: "wasm" });
    expect(tf.getBackend()).toBe("wasm");
  });

  it("names an unknown backend and the valid ones", () => {
    expect(() => parseChoice("webgpu")).toThrow(
      "unknown backend 'webgpu'; expected one of tensorflow-gpu, tensorflow, wasm, cpu",
    );
  });

  it("says why a requested native backend is unusable", async () => {
    await expect(setupBackend({ backend: "tensorflow" })).rejects.toThrow(
      /'tensorflow' is not usable here: @tensorflow\/tfjs-node is not installed/,
    );
  });

  it("keeps the cpu backend's 'install tfjs-node' banner quiet", async () => {
    const warn = vi.spyOn(console, "warn");
    await setupBackend({ backend: "cpu" });
    tf.tidy(() => tf.ones([3]).sum().dataSync());
    expect(warn.mock.calls.flat().join(" ")).not.toMatch(/tfjs-node/);
  });

  it("formats a readable report", async () => {
    const text = formatBackendReport(await setupBackend({ backend: "wasm" }));
    expect(text.split("\n")).toHaveLength(4);
    expect(text).toMatch(/^TF\.js backend: wasm \(tf\.getBackend\(\) = 'wasm'\)\nwhy: requested/);
  });
});
