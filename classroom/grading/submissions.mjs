// The submissions side of grading: finding them, and telling a gradable notebook from a malformed one.
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import { isCheckCell, sourceOf } from "./course.mjs";

/** Submissions larger than this are refused unread. */
export const MAX_BYTES = 50 * 1024 * 1024;

/**
 * @typedef {import("./course.mjs").Notebook} Notebook
 * @typedef {import("./course.mjs").CourseNotebook} CourseNotebook
 * @typedef {{ learner: string, file: string, name: string }} Submission
 * @typedef {{ course?: CourseNotebook, reason?: string, prepared?: Notebook, notes: string[] }} Inspection
 */

/**
 * Every .ipynb under `folder` (symbolic links included, to be refused; hidden folders and checkpoints skipped).
 * The learner is the first folder below `folder` (`alice/01-linear-regression.ipynb`), or for a file directly in
 * `folder` its name without `.ipynb` (`alice.ipynb`).
 * @param {string} folder
 * @returns {Submission[]}
 */
export function findSubmissions(folder) {
  /** @type {string[]} */
  const files = [];
  const walk = (/** @type {string} */ dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory())
        walk(path); // a symbolic link to a folder is not followed
      else if (entry.name.endsWith(".ipynb")) files.push(path);
    }
  };
  walk(folder);
  return files.sort().map((file) => {
    const parts = relative(folder, file).split(sep);
    const learner = parts.length > 1 ? parts[0] : basename(file, ".ipynb");
    return { learner, file, name: parts.length > 1 ? parts.slice(1).join("/") : basename(file) };
  });
}

/**
 * Where JSON.parse stopped, without quoting the text (Node's messages quote it).
 * @param {unknown} error
 */
function jsonPosition(error) {
  const match = /position (\d+)/.exec(String(error));
  return match ? ` (at character ${match[1]})` : "";
}

/**
 * Reads a submission as a notebook object, or says why it is not one.
 * @param {string} file
 * @returns {{ notebook?: Notebook, reason?: string }}
 */
function readNotebook(file) {
  const stat = lstatSync(file);
  if (stat.isSymbolicLink()) return { reason: "a symbolic link, not a file: submit the notebook itself" };
  if (!stat.isFile()) return { reason: "not a regular file" };
  if (stat.size > MAX_BYTES) return { reason: `too large (${(stat.size / 1e6).toFixed(0)} MB; the limit is 50 MB)` };
  let notebook;
  try {
    notebook = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { reason: `not a notebook: the file is not valid JSON${jsonPosition(error)}; was it saved from Jupyter?` };
  }
  if (typeof notebook !== "object" || notebook === null || !Array.isArray(notebook.cells)) {
    return { reason: "not a notebook: valid JSON, but without a list of cells" };
  }
  if (!notebook.cells.every((/** @type {any} */ c) => typeof c?.cell_type === "string")) {
    return { reason: "not a notebook: a cell has no cell_type" };
  }
  if (notebook.nbformat !== 4) {
    return { reason: `not a version 4 notebook (nbformat ${notebook.nbformat}): open and save it in Jupyter` };
  }
  return { notebook };
}

/**
 * The course notebook a submission belongs to: the one with its file name, else the one whose check cell ids it
 * holds.
 * @param {string} name @param {Notebook} notebook @param {Map<string, CourseNotebook>} course
 */
function courseFor(name, notebook, course) {
  const byName = course.get(basename(name));
  if (byName) return byName;
  const ids = new Set(notebook.cells.map((c) => c?.id));
  return [...course.values()].find((c) => c.checks.some((check) => ids.has(check.id)));
}

/**
 * Why the submission's check cells do not match the course's (missing, duplicated, moved), or undefined.
 * @param {Notebook} notebook @param {CourseNotebook} courseNb
 */
function checkCellProblem(notebook, courseNb) {
  const positions = courseNb.checks.map((check) => {
    const at = notebook.cells.flatMap((c, i) => (c?.id === check.id ? [i] : []));
    return { check, at };
  });
  const named = (/** @type {import("./course.mjs").CheckCell} */ c) => `"${c.id}" (${c.exercises.join(", ")})`;
  const missing = positions.find((p) => p.at.length === 0);
  if (missing) {
    return `check cell ${named(missing.check)} is missing: it was deleted, or saved by a tool that drops cell ids`;
  }
  const twice = positions.find((p) => p.at.length > 1);
  if (twice) return `two cells have the id of check cell ${named(twice.check)}`;
  const notCode = positions.find((p) => notebook.cells[p.at[0]].cell_type !== "code");
  if (notCode)
    return `check cell ${named(notCode.check)} was turned into a ${notebook.cells[notCode.at[0]].cell_type} cell`;
  const moved = positions.findIndex((p, i) => i > 0 && p.at[0] < positions[i - 1].at[0]);
  if (moved > 0) {
    return (
      `check cells are out of order: ${named(positions[moved].check)} comes before ` +
      `${named(positions[moved - 1].check)}; move it back below its exercise`
    );
  }
  return undefined;
}

/**
 * Inspects one submission: its reason to be refused, or the course notebook it answers and the notebook to run
 * (outputs cleared; every check cell's source and metadata restored from the course, noted when edited).
 * @param {Submission} submission @param {Map<string, CourseNotebook>} course
 * @returns {Inspection}
 */
export function inspect(submission, course) {
  const { notebook, reason } = readNotebook(submission.file);
  if (!notebook) return { course: course.get(basename(submission.name)), reason, notes: [] };
  const courseNb = courseFor(submission.name, notebook, course);
  if (!courseNb) {
    const names = [...course.keys()].join(", ");
    return {
      reason: `not one of the course's graded notebooks (${names}): no file name or check cell matches`,
      notes: [],
    };
  }
  const kernel = notebook.metadata?.kernelspec?.name;
  if (kernel !== "tslab") {
    const shown = kernel === undefined ? "no kernel (metadata.kernelspec is missing)" : `the kernel "${kernel}"`;
    return { course: courseNb, reason: `written for ${shown}, not the course's TypeScript kernel "tslab"`, notes: [] };
  }
  const problem = checkCellProblem(notebook, courseNb);
  if (problem) return { course: courseNb, reason: problem, notes: [] };
  /** @type {string[]} */
  const notes = [];
  const byId = new Map(courseNb.checks.map((c) => [c.id, c]));
  const cells = notebook.cells.map((cell) => {
    const check = byId.get(/** @type {string} */ (cell.id));
    if (cell.cell_type !== "code") return cell;
    const cleared = { ...cell, outputs: [], execution_count: null };
    if (!check) return isCheckCell(cell) ? { ...cleared, metadata: { ...cell.metadata, tags: [] } } : cleared;
    if (sourceOf(cell) !== check.source) notes.push(`check cell "${check.id}" was edited; the course's version ran`);
    return { ...cleared, source: check.source, metadata: check.metadata };
  });
  const metadata = { ...notebook.metadata, kernelspec: courseNb.notebook.metadata?.kernelspec };
  return { course: courseNb, prepared: { ...notebook, cells, metadata }, notes };
}
