import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { kernelSpecs, ROOT } from "../support/jupyter";
import { describeFailure, executeNotebook } from "../support/notebook";

/** Writes a two-cell notebook whose second cell fails, in a temp folder. */
function brokenNotebook(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dlcourse-broken-"));
  const cell = (source: string) => ({ cell_type: "code", metadata: {}, source, outputs: [], execution_count: null });
  const nb = {
    cells: [cell("const ok = 1 + 1;"), cell('const data = [1, 2, 3];\nthrow new Error("deliberately broken: " + data.length);')],
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 4,
  };
  const file = path.join(dir, "zz-broken-on-purpose.ipynb");
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}

describe("the project-local kernel spec", () => {
  it("is what Jupyter finds as 'tslab', inside this repository", () => {
    const spec = kernelSpecs().tslab;
    expect(spec.resource_dir).toBe(path.join(ROOT, "kernel-setup", "jupyter", "kernels", "tslab"));
    const script = spec.spec.argv[1].replace("{resource_dir}", spec.resource_dir);
    expect(fs.existsSync(script), `${script} missing`).toBe(true);
  });
});

describe("a failing cell", () => {
  it("fails the run and reports the cell's source and its stderr", () => {
    const file = brokenNotebook();
    const { result } = executeNotebook(file, { cellTimeoutS: 60, totalTimeoutS: 120 });
    expect(result.ok).toBe(false);
    expect(result.cell).toBe(1);
    const message = describeFailure(file, result);
    expect(message).toContain('throw new Error("deliberately broken: " + data.length);');
    expect(message).toContain("Error: deliberately broken: 3");
  });
});
