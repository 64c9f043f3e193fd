import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { kernelSpecs, ROOT } from "../support/jupyter";
import { describeFailure, executeNotebook, writeNotebook } from "../support/notebook";

/** A two-cell notebook whose second cell fails. */
function brokenNotebook(): string {
  return writeNotebook("zz-broken-on-purpose.ipynb", [
    "const ok = 1 + 1;",
    'const data = [1, 2, 3];\nthrow new Error("deliberately broken: " + data.length);',
  ]);
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

describe("a stray error after the wasm backend started", () => {
  it("is logged by the kernel, which keeps running the next cells", () => {
    const file = writeNotebook(
      "zz-stray-errors.ipynb",
      [
        'import { setup, tf } from "dlcourse";\nawait setup({ backend: "wasm" });',
        'Promise.reject(new Error("stray rejection on purpose"));\n' +
          'setTimeout(() => { throw new Error("stray throw on purpose"); }, 0);',
        'await new Promise((resolve) => setTimeout(resolve, 300));\nconsole.log(`still alive on ${tf.getBackend()}`);',
      ],
      path.join(ROOT, "build", "tmp-notebooks"), // inside the repository, so that "dlcourse" resolves
    );
    const { result, notebook } = executeNotebook(file, { cellTimeoutS: 60, totalTimeoutS: 120 });
    expect(result.ok, describeFailure(file, result)).toBe(true);
    const printed = notebook.cells.flatMap((c) => c.outputs ?? []).map((o) => [o.text ?? ""].flat().join("")).join("");
    expect(printed).toContain("still alive on wasm");
  });
});

describe("a burst of kernel messages after importing dlcourse", () => {
  it("loses no output line and no display update (tslab alone loses lines and fails the cell)", () => {
    const file = writeNotebook(
      "zz-message-burst.ipynb",
      [
        'import { sendDisplayData } from "dlcourse";',
        "for (let i = 0; i < 10000; i++) console.log(`line ${i}`);",
        "for (let i = 0; i < 3000; i++)\n" +
          '  sendDisplayData({ "text/plain": `update ${i}` }, { displayId: "burst", update: i > 0 });\n' +
          'console.log("updates sent");',
      ],
      path.join(ROOT, "build", "tmp-notebooks"),
    );
    const { result, notebook } = executeNotebook(file, { cellTimeoutS: 60, totalTimeoutS: 120 });
    expect(result.ok, describeFailure(file, result)).toBe(true);
    const printed = (cell: number) =>
      (notebook.cells[cell].outputs ?? []).map((o) => [o.text ?? ""].flat().join("")).join("");
    expect(printed(1).trimEnd().split("\n")).toEqual(Array.from({ length: 10000 }, (_, i) => `line ${i}`));
    expect(printed(2)).toContain("updates sent");
    const shown = notebook.cells[2].outputs?.find((o) => o.output_type === "display_data");
    expect([shown?.data?.["text/plain"]].flat().join("")).toBe("update 2999");
  });
});
