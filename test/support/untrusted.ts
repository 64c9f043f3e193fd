import * as fs from "node:fs";
import * as path from "node:path";
import { figureBundle } from "../../src/plot/bundle";
import { writeNotebook } from "./notebook";

/**
 * Writes `untrusted.ipynb` into `dir`: one cell whose saved output is a figure, as a notebook executed and saved
 * elsewhere comes back (unsigned, so the server marks it untrusted). Returns its path.
 */
export function writeUntrustedNotebook(dir: string): string {
  const file = writeNotebook(
    "untrusted.ipynb",
    ['plot({ data: [{ y: [1, 3, 2] }], layout: { title: "saved" } });'],
    dir,
  );
  const notebook = JSON.parse(fs.readFileSync(file, "utf8"));
  const data = figureBundle({ data: [{ type: "scatter", y: [1, 3, 2] }], layout: { title: "saved" } });
  notebook.cells[0].outputs = [{ output_type: "display_data", data, metadata: {} }];
  notebook.cells[0].execution_count = 1;
  fs.writeFileSync(file, JSON.stringify(notebook));
  return path.resolve(file);
}
