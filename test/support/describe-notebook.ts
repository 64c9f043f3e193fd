import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./jupyter";
import type { CheckResult } from "../../src/display/check";
import { notebookChecks } from "./checks";
import { describeFailure, executedBeforeAll } from "./notebook";
import { notebookValues, numberValue } from "./values";

/** What a notebook's tests get: its recorded values and the executed notebook. */
export interface NotebookUnderTest {
  values(): Record<string, unknown>;
  number(name: string): number;
  /** The results of the notebook's exercise checks (`check`), in order. */
  checks(): CheckResult[];
  run: ReturnType<typeof executedBeforeAll>;
}

/** Executes `notebooks/<relPath>` once on a fresh kernel, checks it ran cleanly, then runs `body`'s tests on it. */
export function describeNotebook(
  relPath: string,
  body: (nb: NotebookUnderTest) => void,
  options: { cellTimeoutS?: number; totalTimeoutS?: number; env?: Record<string, string> } = {},
): void {
  const file = path.join(ROOT, "notebooks", relPath);
  describe(`${relPath} through the real tslab kernel`, () => {
    const run = executedBeforeAll(file, { cellTimeoutS: 120, totalTimeoutS: 300, ...options });
    const values = () => notebookValues(run.notebook);
    it("runs every cell without an error", () => {
      expect(run.result.ok, describeFailure(file, run.result)).toBe(true);
    });
    body({ values, number: (name) => numberValue(values(), name), checks: () => notebookChecks(run.notebook), run });
  });
}
