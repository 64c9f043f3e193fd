import * as fs from "node:fs";
import * as path from "node:path";
import { expect, it } from "vitest";
import { checkCells } from "../support/checks";
import { listNotebooks, ROOT } from "../support/jupyter";
import type { Notebook } from "../support/notebook";

const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
const chapters = listNotebooks().filter((f) => !f.includes(`${path.sep}solutions${path.sep}`));
const withChecks = chapters.filter((f) => checkCells(read(f)).length > 0);

it("at least two chapters have exercise check cells", () => {
  expect(withChecks.map((f) => path.basename(f))).toEqual(
    expect.arrayContaining(["01-linear-regression.ipynb", "03-losses-and-optimizers.ipynb"]),
  );
});

it.each(withChecks.map((f) => [path.basename(f), f]))(
  "%s: its solution runs the very same check cells, in the same order (the grader matches them by id)",
  (name, file) => {
    const chapter = checkCells(read(file));
    const solution = checkCells(read(path.join(ROOT, "notebooks", "solutions", name)));
    expect(solution).toEqual(chapter);
  },
);

it("check cell ids are stable names, unique across the course, and each cell calls check(\"<exercise>\", …)", () => {
  const cells = withChecks.flatMap((f) => checkCells(read(f)));
  const ids = cells.map((c) => c.id);
  ids.forEach((id) => expect(id).toMatch(/^check-\d\d-\d+$/));
  expect(new Set(ids).size).toBe(ids.length);
  cells.forEach((c) => expect(c.source).toMatch(/check\(\s*"[^"]+"/));
});
