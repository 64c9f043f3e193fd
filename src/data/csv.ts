import * as fs from "node:fs";
import { tf } from "../backend";
import { fail } from "./errors";

/** A numeric CSV as tensors: features X `[n, features.length]` and, if asked, a target column y `[n]`. */
export interface NumericCsv {
  X: tf.Tensor2D;
  y?: tf.Tensor1D;
  features: string[];
}

/** Reads a CSV file with a header row into rows of strings (commas inside double quotes allowed). */
export function readCsvRows(file: string): { header: string[]; rows: string[][] } {
  if (!fs.existsSync(file)) fail(file, "a CSV file", "no such file");
  const lines = fs
    .readFileSync(file, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  if (lines.length === 0) fail(file, "a header row", "an empty file");
  const [header, ...rows] = lines.map(splitCsvLine);
  rows.forEach((r, i) => {
    if (r.length !== header.length) fail(`${file} line ${i + 2}`, `${header.length} cells`, `${r.length}`);
  });
  return { header, rows };
}

/** Splits one CSV line; quotes may wrap a cell, `""` is a literal quote. */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  const pattern = /\s*(?:"((?:[^"]|"")*)"|([^,]*))\s*(,|$)/g;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    cells.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2].trim());
    if (m[3] === "") break;
  }
  return cells;
}

/** Loads numeric columns of a CSV as tensors (no danfo); every named column must exist and hold numbers. */
export function loadNumericCsv(file: string, options: { features?: string[]; target?: string } = {}): NumericCsv {
  const { header, rows } = readCsvRows(file);
  const features = options.features ?? header.filter((h) => h !== options.target);
  const columnIndex = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) fail(`${file}`, `a column '${name}'`, `columns [${header.join(", ")}]`);
    return i;
  };
  const featureIdx = features.map(columnIndex);
  const cell = (row: string[], line: number, col: number) => {
    const value = Number(row[col]);
    if (row[col] === "" || !Number.isFinite(value))
      fail(`${file} line ${line + 2}, column '${header[col]}'`, "a number", JSON.stringify(row[col]));
    return value;
  };
  const X = rows.flatMap((r, line) => featureIdx.map((c) => cell(r, line, c)));
  const targetIdx = options.target === undefined ? undefined : columnIndex(options.target);
  const y = targetIdx === undefined ? undefined : tf.tensor1d(rows.map((r, line) => cell(r, line, targetIdx)));
  return { X: tf.tensor2d(X, [rows.length, features.length]), y, features };
}
