import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/jupyter";
import { tempDir } from "../support/tmp";
import { runKernelDriver } from "./support";

interface Outcome {
  reply: Record<string, unknown>;
  iopub: { type: string; content: Record<string, unknown> }[];
}

/** The value a cell showed as its Out[], as text. */
const outText = (o: Outcome) =>
  (o.iopub.find((m) => m.type === "execute_result")?.content.data as Record<string, string> | undefined)?.[
    "text/plain"
  ];

/** A notebook folder with a local module and an ES-module-only package installed (test/fixtures). */
function notebookFolder(): string {
  const dir = tempDir("dlcourse-kernel-cells-");
  fs.cpSync(
    path.join(ROOT, "test", "fixtures", "esm-only-package"),
    path.join(dir, "node_modules", "esm-only-package"),
    {
      recursive: true,
    },
  );
  fs.writeFileSync(path.join(dir, "local-helper.ts"), "export const double = (n: number): number => 2 * n;\n");
  return dir;
}

describe("our kernel compiles cells as a learner writes them (test/support/kernel_cells.py)", () => {
  let r: Record<string, Outcome>;
  beforeAll(() => {
    const run = runKernelDriver("kernel_cells.py", 180_000, notebookFolder());
    if (run.status !== 0 || !run.result) throw new Error(`driver failed:\n${run.stderr}\n${run.stdout}`);
    r = JSON.parse(run.result);
  }, 200_000);

  it("points a runtime error's traceback at the cells' own lines, with the source line and a caret", () => {
    expect(r.throwInCell.reply).toMatchObject({ status: "error", ename: "RangeError", evalue: "too big: 5" });
    const traceback = r.throwInCell.reply.traceback as string[];
    const thrower = traceback.findIndex((l) => /at check \(In\[\d+\]:3:24\)/.test(l));
    expect(traceback.slice(thrower + 1, thrower + 3)).toEqual([
      '          if (n > limit) throw new RangeError("too big: " + n);',
      "                               ^",
    ]);
    const caller = traceback.findIndex((l) => /^\s+at In\[\d+\]:2:1$/.test(l));
    expect(traceback[caller + 1]).toBe("        check(5);");
    expect(traceback.join("\n")).not.toMatch(/node:|dist\/kernel|evalmachine/);
  });

  it("takes shorthand properties of names declared in an earlier cell", () => {
    expect(r.shorthand.reply.status).toBe("ok");
    expect(outText(r.shorthand)).toBe("{ px: 3, py: 4, z: 0 }");
  });

  it("imports a package that is an ES module only: default and named exports, its types, a dynamic subpath", () => {
    expect(outText(r.esmImport)).toBe("'hello you 42'");
    expect(r.esmTypes.reply).toMatchObject({ status: "error", ename: "TypeScriptError" });
    expect(String(r.esmTypes.reply.evalue)).toContain("TS2345");
    expect(outText(r.esmDynamic)).toBe("'from a subpath'");
  });

  it("imports a local .ts file and a module defined by a `/** @module */` cell", () => {
    expect(outText(r.localImport)).toBe("42");
    expect(r.moduleCell.reply.status).toBe("ok");
    expect(outText(r.moduleImport)).toBe("42");
  });

  it("shows what tslab's own display API sends", () => {
    const shown = r.tslabDisplay.iopub.find((m) => m.type === "display_data");
    expect(shown?.content.data).toEqual({ "text/html": "<i>via tslab</i>" });
  });
});
