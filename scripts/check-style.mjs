#!/usr/bin/env node
// `node scripts/check-style.mjs`: lists lines over 120 characters and src/ files over 300 lines; exits 1 if any.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const MAX_COLUMNS = 120;
const MAX_LINES = 300;
const CHECKED = /\.(ts|mts|mjs|js|py|json)$/;
/** Generated or vendored files, which nobody wraps by hand. */
const GENERATED = [
  /(^|\/)package-lock\.json$/,
  /^dist\//,
  /^kernel-setup\/jupyter\/(nb|lab)extensions\//,
  /\.min\.js$/,
];

/** The git-tracked files present in the working tree, relative to the repository root. */
function trackedFiles() {
  return execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "" && existsSync(join(ROOT, file)));
}

/**
 * The lines of a file, without line endings (and without the empty "line" after a final newline).
 * @param {string} file
 */
function linesOf(file) {
  const lines = readFileSync(join(ROOT, file), "utf8").split(/\r?\n/);
  return lines.at(-1) === "" ? lines.slice(0, -1) : lines;
}

/**
 * `file:line: N characters` for each line longer than MAX_COLUMNS Unicode code points.
 * @param {string} file
 */
function longLines(file) {
  return linesOf(file).flatMap((line, i) => {
    const length = [...line].length;
    return length > MAX_COLUMNS ? [`${file}:${i + 1}: ${length} characters`] : [];
  });
}

/**
 * `file: N lines (max 300)` when the file has more than MAX_LINES lines.
 * @param {string} file
 */
function longFile(file) {
  const count = linesOf(file).length;
  return count > MAX_LINES ? [`${file}: ${count} lines (max ${MAX_LINES})`] : [];
}

/** Every style problem in the repository, one line each. */
function problems() {
  const files = trackedFiles();
  const checked = files.filter((file) => CHECKED.test(file) && !GENERATED.some((pattern) => pattern.test(file)));
  return [...checked.flatMap(longLines), ...files.filter((file) => file.startsWith("src/")).flatMap(longFile)];
}

const found = problems();
for (const problem of found) console.log(problem);
if (found.length > 0) {
  console.error(
    `check-style: ${found.length} problem(s): wrap lines at ${MAX_COLUMNS}, split modules over ${MAX_LINES}`,
  );
  process.exit(1);
}
