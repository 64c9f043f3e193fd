#!/usr/bin/env node
// `npm run notebook-code`: exports every notebook's code cells to build/notebook-code/<path>.ts, one file per
// notebook, each cell under a `// cell N` comment (N = the cell's index in the notebook, as test failures name it),
// so that `duplicates --repo build/notebook-code` can see notebook code.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const notebooks = join(root, "notebooks");
const target = join(root, "build", "notebook-code");

/** @typedef {{ cell_type: string, source: string | string[] }} Cell */

/** Paths of every notebook below `notebooks/`, relative to it, sorted. */
function notebookPaths() {
  return readdirSync(notebooks, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ipynb") && !f.includes(".ipynb_checkpoints"))
    .sort();
}

/**
 * A cell's source as one string (nbformat stores it as a string or a list of lines).
 * @param {Cell} cell
 */
function cellSource(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/**
 * The notebook's code cells as TypeScript text, each under a `// cell N` comment.
 * @param {{ cells: Cell[] }} notebook
 */
function notebookCode(notebook) {
  return notebook.cells
    .map((cell, index) => (cell.cell_type === "code" ? `// cell ${index}\n${cellSource(cell)}\n` : ""))
    .filter((text) => text !== "")
    .join("\n");
}

/** Writes build/notebook-code/<relPath>.ts for each notebook; returns how many it wrote. */
function exportAll() {
  rmSync(target, { recursive: true, force: true });
  const paths = notebookPaths();
  for (const relPath of paths) {
    const notebook = JSON.parse(readFileSync(join(notebooks, relPath), "utf8"));
    const file = join(target, relPath.replace(/\.ipynb$/, ".ts"));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, notebookCode(notebook));
  }
  return paths.length;
}

console.log(`exported the code cells of ${exportAll()} notebooks to ${target}`);
