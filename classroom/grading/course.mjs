// The course side of grading: which notebooks have check cells, and which exercises each check cell reports.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * @typedef {{ cell_type: string, id?: string, source: string | string[], metadata?: Record<string, any>,
 *   outputs?: any[], execution_count?: number | null }} Cell
 * @typedef {{ cells: Cell[], metadata?: Record<string, any>, nbformat?: number, nbformat_minor?: number }} Notebook
 * @typedef {{ id: string, source: string, metadata: Record<string, any>, exercises: string[] }} CheckCell
 * @typedef {{ name: string, notebook: Notebook, checks: CheckCell[] }} CourseNotebook
 */

/**
 * A cell's source as one string (nbformat may store it as a list of lines).
 * @param {Cell} cell
 */
export const sourceOf = (cell) => (Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? ""));

/**
 * Whether a cell is a check cell: a code cell tagged "check".
 * @param {Cell} cell
 */
export const isCheckCell = (cell) => cell?.cell_type === "code" && Boolean(cell.metadata?.tags?.includes?.("check"));

/**
 * The exercise ids a check cell reports: the string literal first argument of each `check(...)` call.
 * @param {string} source
 */
export function exerciseIds(source) {
  return [...source.matchAll(/\bcheck\(\s*(["'`])((?:(?!\1).)+)\1/g)].map((m) => m[2]);
}

/**
 * The course notebooks in `dir` (not its subfolders, so not solutions/) that have check cells, by file name.
 * Throws, naming the notebook and cell, if a check cell has no id or reports no exercise.
 * @param {string} dir
 * @returns {Map<string, CourseNotebook>}
 */
export function loadCourse(dir) {
  /** @type {Map<string, CourseNotebook>} */
  const course = new Map();
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()) {
    const notebook = /** @type {Notebook} */ (JSON.parse(readFileSync(join(dir, name), "utf8")));
    const checks = notebook.cells.filter(isCheckCell).map((cell, i) => {
      const source = sourceOf(cell);
      const exercises = exerciseIds(source);
      if (!cell.id || exercises.length === 0) {
        throw new Error(`${name}: check cell ${i + 1} needs a cell id and a check("<exercise>", ...) call`);
      }
      return { id: cell.id, source, metadata: cell.metadata ?? {}, exercises };
    });
    if (checks.length > 0) course.set(name, { name, notebook, checks });
  }
  return course;
}
