import * as fs from "node:fs";
import * as path from "node:path";
import { expect, it } from "vitest";
import { listNotebooks, ROOT } from "../support/jupyter";

it("every notebook (chapters and solutions) is executed by a notebook test", () => {
  const dir = path.join(ROOT, "test", "notebooks");
  const tests = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
    .join("\n");
  const untested = listNotebooks()
    .map((f) => path.relative(path.join(ROOT, "notebooks"), f))
    .filter((rel) => !tests.includes(`"${rel}"`));
  expect(untested).toEqual([]);
});
