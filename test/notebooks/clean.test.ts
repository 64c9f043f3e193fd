import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { listNotebooks } from "../support/jupyter";
import type { Notebook } from "../support/notebook";

describe.each(listNotebooks().map((f) => [path.basename(f), f]))("%s is committed clean", (_name, file) => {
  const notebook = JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
  const code = notebook.cells.filter((c) => c.cell_type === "code");

  it("has no outputs and no execution counts (run `npm run clean-notebooks`)", () => {
    const dirty = code
      .map((c, i) => ({ i, outputs: c.outputs?.length ?? 0, count: c.execution_count ?? null }))
      .filter((c) => c.outputs > 0 || c.count !== null);
    expect(dirty).toEqual([]);
  });

  it("uses the tslab kernel spec", () => {
    expect(notebook.metadata.kernelspec?.name).toBe("tslab");
  });
});
