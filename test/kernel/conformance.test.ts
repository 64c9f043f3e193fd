import { describe, expect, it } from "vitest";
import { runKernelDriver } from "./support";

describe("our TypeScript kernel under the official conformance suite (jupyter_kernel_test)", () => {
  it("passes every applicable check (the pager has no TypeScript equivalent)", () => {
    const run = runKernelDriver("kernel_conformance.py", 240_000);
    const summary = run.stderr.trim().split("\n").slice(-3).join("\n");
    expect(run.status, run.stderr).toBe(0);
    expect(summary).toMatch(/^Ran 12 tests/m);
    expect(summary).toMatch(/^OK \(skipped=1\)$/m);
  }, 260_000);
});
