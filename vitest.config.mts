import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Test files that each start their own kernel (or nothing heavy) run side by side, one per core: a notebook test's
 * work happens in its kernel process, so two of them keep two cores busy. Files that drive a browser or a
 * JupyterHub run afterwards, one at a time: each already uses several processes, and their waits are for a page.
 */
const SERIAL = ["test/browser/**/*.test.ts", "test/classroom/hub.test.ts"];

/** Our wasm kernels' tests, run again on the multi-threaded build with every kernel split across its 2 threads. */
const WASM_KERNELS = ["test/unit/backend/wasm-*.test.ts"];

export default defineConfig({
  test: {
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "parallel",
          include: ["test/**/*.test.ts"],
          exclude: SERIAL,
          maxWorkers: Math.max(1, availableParallelism()),
          sequence: { groupOrder: 0 },
          // test files already run one per core: one wasm thread each (the default would start one per core)
          env: { TFJS_WASM_THREADS: "1" },
        },
      },
      {
        extends: true,
        test: {
          name: "threaded",
          include: WASM_KERNELS,
          maxWorkers: Math.max(1, availableParallelism()),
          exclude: ["test/unit/backend/wasm-threads.test.ts"],
          sequence: { groupOrder: 0 },
          env: { TFJS_WASM_THREADS: "2", DLCOURSE_WASM_SPLIT: "always" },
        },
      },
      {
        extends: true,
        test: { name: "serial", include: SERIAL, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
