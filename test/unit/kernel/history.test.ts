import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { History } from "../../../src/kernel/history";

describe("kernel history", () => {
  it("is kept across kernel restarts, and answers tail, range and search (glob, unique, n)", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dlcourse-history-")), "history.jsonl");
    const first = new History(file);
    first.add(1, "const a = 1;", null);
    first.add(2, "a + 1", "2");
    const second = new History(file);
    second.add(1, "a + 1", "2");
    expect(second.session).toBe(first.session + 1);
    expect(second.query({ hist_access_type: "tail", n: 3 })).toEqual([
      [1, 1, "const a = 1;"],
      [1, 2, "a + 1"],
      [2, 1, "a + 1"],
    ]);
    expect(second.query({ hist_access_type: "range", session: 1, start: 2, stop: 3, output: true })).toEqual([
      [1, 2, ["a + 1", "2"]],
    ]);
    expect(second.query({ hist_access_type: "search", pattern: "a +*" })).toHaveLength(2);
    expect(second.query({ hist_access_type: "search", pattern: "a +*", unique: true })).toEqual([[2, 1, "a + 1"]]);
    expect(second.query({ hist_access_type: "search", pattern: "?onst*", n: 1 })).toEqual([[1, 1, "const a = 1;"]]);
  });
});
