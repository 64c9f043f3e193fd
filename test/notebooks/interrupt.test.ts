import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { jupyterEnv, jupyterPython, ROOT } from "../support/jupyter";

describe("Kernel → Interrupt during model.fit with liveTraining()", () => {
  it("stops training within one batch, and nothing spills into the next cell", () => {
    const driver = path.join(__dirname, "..", "support", "interrupt_kernel.py");
    const run = spawnSync(jupyterPython(), [driver, path.join(ROOT, "notebooks")], {
      env: jupyterEnv(),
      encoding: "utf8",
      timeout: 180_000,
    });
    const last = run.stdout.trim().split("\n").pop() ?? "";
    expect(last.startsWith("{"), `driver failed:\n${run.stderr}\n${run.stdout}`).toBe(true);
    const result = JSON.parse(last);
    expect(result.interrupted).toBe(true);
    expect(result.checkStatus).toBe("ok");
    expect(result.checkOutputs).toHaveLength(1);
    const progress = JSON.parse(result.checkOutputs[0].text);
    expect(progress.stopRequested).toBe(true);
    expect(progress.batchesDone - progress.batchesAtStop).toBeLessThanOrEqual(1);
    expect(progress.batchesDone).toBeLessThan(2000 * progress.batchesPerEpoch);
  }, 200_000);
});
