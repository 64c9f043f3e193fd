import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Test files that each start their own kernel (or nothing heavy) run side by side, one per core: a notebook test's
 * work happens in its kernel process, so two of them keep two cores busy. Files that drive a browser or a
 * JupyterHub run afterwards, one at a time: each already uses several processes, and their waits are for a page.
 */
const SERIAL = ["test/browser/**/*.test.ts", "test/classroom/hub.test.ts"];

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
        },
      },
      {
        extends: true,
        test: { name: "serial", include: SERIAL, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
