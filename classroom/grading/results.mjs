// From what happened to a submission to one row per exercise: passed or not, and why.
import { sourceOf } from "./course.mjs";

/** MIME type of a check's result (src/display/check.ts). */
export const CHECK_MIME = "application/vnd.dlcourse.check+json";

/**
 * @typedef {import("./course.mjs").CourseNotebook} CourseNotebook
 * @typedef {import("./sandbox.mjs").RunOutcome} RunOutcome
 * @typedef {{ exercise: string, passed: boolean, message: string }} ExerciseResult
 */

/**
 * Why a whole notebook scored zero, in words, or undefined when it ran to the end.
 * @param {RunOutcome} run
 */
export function failureReason(run) {
  const cell = (/** @type {number | undefined} */ i) => (i === undefined ? "" : ` (cell ${i + 1} was running)`);
  if (run.status === "ok") return undefined;
  if (run.status === "timeout") {
    const where = run.lastCell === undefined ? " (the kernel was starting)" : cell(run.lastCell);
    return `timed out after ${run.seconds} s${where}`;
  }
  if (run.status === "died") {
    const oom = /out of memory|allocation failed|ENOMEM|MemoryError/i.test(run.log) ? "; it ran out of memory" : "";
    const how = typeof run.exit === "number" ? (run.exit < 0 ? `signal ${-run.exit}` : `exit code ${run.exit}`) : "";
    return `the kernel died${cell(run.cell)}${how ? `: ${how}` : ""}${oom} (process.exit, a crash or memory)`;
  }
  if (run.status === "kernel-failed") return `the kernel did not start: ${run.detail}`;
  if (run.status === "unreadable") return `Jupyter could not read it as a notebook: ${run.detail}`;
  return `the grader could not run it (${run.status}): ${run.detail ?? ""}`.trim();
}

/**
 * The first line of a cell's error, if it has one.
 * @param {any[]} outputs
 */
function cellError(outputs) {
  const error = outputs.find((o) => o.output_type === "error");
  return error ? `${error.ename}: ${String(error.evalue).split("\n")[0]}`.slice(0, 300) : undefined;
}

/**
 * One result per exercise of the course notebook: every check cell's reported results (all reports of an exercise
 * must pass), a failed or silent check cell, or the whole notebook's failure.
 * @param {CourseNotebook} courseNb @param {string | undefined} reason why nothing ran, if so
 * @param {any} executed the executed notebook (JSON), when it ran
 * @returns {ExerciseResult[]}
 */
export function exerciseResults(courseNb, reason, executed) {
  const all = (/** @type {string} */ message) =>
    courseNb.checks.flatMap((c) => c.exercises.map((exercise) => ({ exercise, passed: false, message })));
  if (reason) return all(reason);
  if (!executed || !Array.isArray(executed.cells)) return all("the executed notebook could not be read back");
  return courseNb.checks.flatMap((check) => {
    const cell = executed.cells.find((/** @type {any} */ c) => c?.id === check.id);
    const outputs = Array.isArray(cell?.outputs) ? cell.outputs : [];
    const error = cellError(outputs);
    const ran = cell && sourceOf(cell) === check.source && cell.execution_count != null;
    const reports = outputs
      .map((/** @type {any} */ o) => o?.data?.[CHECK_MIME])
      .filter((/** @type {any} */ r) => r && r.id);
    return check.exercises.map((exercise) => {
      if (!ran) return { exercise, passed: false, message: "the check cell did not run" };
      const mine = reports.filter((/** @type {any} */ r) => r.id === exercise);
      if (mine.length > 0) {
        const failed = mine.find((/** @type {any} */ r) => r.passed !== true);
        const message = String((failed ?? mine[mine.length - 1]).message ?? "").slice(0, 500);
        return { exercise, passed: !failed, message };
      }
      const why = error ? `the check cell failed: ${error}` : "the check did not report a result";
      return { exercise, passed: false, message: why };
    });
  });
}

/**
 * A note on the first cell outside the check cells that raised an error (what a failed check often comes from).
 * @param {any} executed the executed notebook (JSON)
 * @param {CourseNotebook} courseNb
 */
export function firstErrorNote(executed, courseNb) {
  const checks = new Set(courseNb.checks.map((c) => c.id));
  const cells = Array.isArray(executed?.cells) ? executed.cells : [];
  const at = cells.findIndex((/** @type {any} */ c) => !checks.has(c?.id) && cellError(c?.outputs ?? []));
  return at < 0 ? [] : [`cell ${at + 1} raised ${cellError(cells[at].outputs)}`];
}
