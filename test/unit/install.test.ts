import { describe, expect, it } from "vitest";
import { GLOBAL_PATCHES, tf } from "../../src";

describe("install.ts: every global patch in one list", () => {
  it("gives each patch a reason and an upstream note; only 'import' ones are applied from the list", () => {
    for (const patch of GLOBAL_PATCHES) {
      expect(patch.reason.length, patch.changes).toBeGreaterThan(10);
      expect(patch.upstream.length, patch.changes).toBeGreaterThan(3);
      expect(patch.apply !== undefined, patch.changes).toBe(patch.when === "import");
    }
  });

  it("importing the library applied them: cpu until setup, file:// handlers, wasm kernels, Adam, rich display", () => {
    expect(tf.getBackend()).toBe("cpu");
    expect(tf.io.getSaveHandlers("file://somewhere")).toHaveLength(1);
    expect(tf.getKernel("Conv2DBackpropFilter", "wasm")).toBeDefined();
    const applyGradients = tf.AdamOptimizer.prototype.applyGradients as unknown as { name: string };
    expect(applyGradients.name).toBe("fusedApplyGradients");
    expect(typeof (tf.Tensor.prototype as unknown as Record<symbol, unknown>)[Symbol.for("Jupyter.display")]).toBe(
      "function",
    );
  });
});
