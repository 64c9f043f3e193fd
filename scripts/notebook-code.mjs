#!/usr/bin/env node
// `npm run notebook-code`: exports every notebook's code cells to <tmp>/dlcourse-code/notebooks/<path>.ts, one file
// per notebook, each cell under a `// cell N` comment (N = the cell's index in the notebook, as test failures name
// it), beside a copy of src/, so that `duplicates --repo <tmp>/dlcourse-code` pairs notebook code with notebook code
// and with the library. (Outside the repository: `duplicates` skips folders git ignores, such as build/.)
// `-- --format` rewrites the notebooks' code cells with Prettier (the repository's options, 100 columns: what a
// laptop's JupyterLab shows); `-- --check` only lists the cells it would change and exits 1 if there are any.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const notebooks = join(root, "notebooks");
const target = process.env.NOTEBOOK_CODE_DIR ?? join(tmpdir(), "dlcourse-code");

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
 * The source with each import statement on one line: duplicates passes over import lines, but would pair the name
 * lists of two imports that Prettier wrapped one name a line.
 * @param {string} source
 */
function importsOnOneLine(source) {
  return source.replace(/^import [^;]*;/gm, (statement) => statement.replace(/\s*\n\s*/g, " "));
}

/**
 * The notebook's code cells as TypeScript text, each under a `// cell N` comment.
 * @param {{ cells: Cell[] }} notebook
 */
function notebookCode(notebook) {
  return notebook.cells
    .map((cell, i) => (cell.cell_type === "code" ? `// cell ${i}\n${importsOnOneLine(cellSource(cell))}\n` : ""))
    .filter((text) => text !== "")
    .join("\n");
}

/** Writes <target>/notebooks/<relPath>.ts for each notebook and copies src/ beside; returns how many it wrote. */
function exportAll() {
  rmSync(target, { recursive: true, force: true });
  cpSync(join(root, "src"), join(target, "src"), { recursive: true });
  const paths = notebookPaths();
  for (const relPath of paths) {
    const notebook = JSON.parse(readFileSync(join(notebooks, relPath), "utf8"));
    const file = join(target, "notebooks", relPath.replace(/\.ipynb$/, ".ts"));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, notebookCode(notebook));
  }
  return paths.length;
}

/**
 * A code cell's source formatted by Prettier, without the final newline.
 * @param {string} source
 * @param {prettier.Options} options
 */
async function formatSource(source, options) {
  return (await prettier.format(source, { ...options, parser: "typescript" })).replace(/\n$/, "");
}

/**
 * Formats every code cell of one notebook; writes the notebook back when `write` and a cell changed.
 * Returns `<relPath> cell N` for each cell that Prettier changes (or would change).
 * @param {string} relPath
 * @param {prettier.Options} options
 * @param {boolean} write
 */
async function formatNotebook(relPath, options, write) {
  const file = join(notebooks, relPath);
  const notebook = JSON.parse(readFileSync(file, "utf8"));
  const changed = [];
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    const source = cellSource(cell);
    const formatted = await formatSource(source, options).catch((error) => {
      throw new Error(`${relPath} cell ${index}: Prettier cannot parse it: ${error.message}`);
    });
    if (formatted === source) continue;
    cell.source = formatted.split(/(?<=\n)/); // nbformat's list of lines, each keeping its newline
    changed.push(`${relPath} cell ${index}`);
  }
  if (write && changed.length > 0) writeFileSync(file, JSON.stringify(notebook, null, 1) + "\n"); // as clean-notebooks
  return changed;
}

/**
 * Formats (`write`) or checks every notebook's code cells; returns the cells that differ(ed) from Prettier's output.
 * @param {boolean} write
 */
async function formatAll(write) {
  const config = (await prettier.resolveConfig(join(root, "notebook.ts"))) ?? {};
  const options = { ...config, printWidth: 100 };
  const changed = [];
  for (const relPath of notebookPaths()) changed.push(...(await formatNotebook(relPath, options, write)));
  return changed;
}

const mode = process.argv.find((arg) => arg === "--format" || arg === "--check");
if (mode) {
  const changed = await formatAll(mode === "--format");
  for (const cell of changed) console.log(`${mode === "--format" ? "formatted" : "not formatted"}: ${cell}`);
  if (mode === "--check" && changed.length > 0) process.exit(1);
} else {
  console.log(`exported the code cells of ${exportAll()} notebooks beside src/ to ${target}`);
  console.log(`now: duplicates --repo ${target}`);
}
