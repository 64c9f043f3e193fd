// The grading report: grades.csv (one row per learner and exercise), summary.csv (per exercise), index.html (the
// summary, linking to learners/<learner>.html) and results.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";

/**
 * @typedef {import("./results.mjs").ExerciseResult} ExerciseResult
 * @typedef {{ learner: string, name: string, notebook?: string, reason?: string, notes: string[],
 *   seconds?: number, executedCopy?: string, exercises: ExerciseResult[] }} Graded
 */

/**
 * Escapes text for HTML.
 * @param {unknown} value
 */
export const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A CSV field (RFC 4180); a leading =, +, -, or at-sign is neutralised so spreadsheets do not run it.
 * @param {unknown} v
 */
export function csvField(v) {
  const text = typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV text from a header and rows.
 * @param {string[]} header
 * @param {unknown[][]} rows
 */
const csv = (header, rows) => [header, ...rows].map((r) => r.map(csvField).join(",")).join("\n") + "\n";

/**
 * A learner's name as a safe file name: kept when it is one, else made safe and suffixed with a short hash of it.
 * @param {string} learner
 */
export function fileName(learner) {
  if (/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(learner)) return learner;
  const hash = createHash("sha256").update(learner).digest("hex").slice(0, 8);
  return `${learner.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\./, "_")}-${hash}`;
}

/**
 * Per exercise (notebook, exercise): submissions, passed, pass rate.
 * @param {Graded[]} graded
 */
export function summary(graded) {
  /** @type {Map<string, { notebook: string, exercise: string, submissions: number, passed: number }>} */
  const rows = new Map();
  for (const g of graded) {
    for (const e of g.exercises) {
      const key = `${g.notebook}\0${e.exercise}`;
      const row = rows.get(key) ?? { notebook: g.notebook ?? "", exercise: e.exercise, submissions: 0, passed: 0 };
      row.submissions += 1;
      row.passed += e.passed ? 1 : 0;
      rows.set(key, row);
    }
  }
  return [...rows.values()];
}

const STYLE = `<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}.pass{color:#1a7f37}.fail{color:#bc4c00}</style>`;
const page = (/** @type {string} */ title, /** @type {string} */ body) =>
  `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title>${STYLE}\n` +
  `<h1>${escapeHtml(title)}</h1>${body}`;
const table = (/** @type {string[]} */ head, /** @type {string[][]} */ rows) =>
  `<table><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>` +
  rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("") +
  "</table>";
const mark = (/** @type {boolean} */ passed) =>
  passed ? '<span class="pass">✓ passed</span>' : '<span class="fail">✗ not passed</span>';

/**
 * One learner's page: each notebook with its exercises, reason, notes and executed copy.
 * @param {Graded[]} mine
 */
function learnerPage(mine) {
  const sections = mine.map((g) => {
    const score = `${g.exercises.filter((e) => e.passed).length} / ${g.exercises.length}`;
    const lines = [
      `<h2>${escapeHtml(g.name)} — ${score}</h2>`,
      g.reason ? `<p class="fail"><strong>Scored zero:</strong> ${escapeHtml(g.reason)}</p>` : "",
      ...g.notes.map((n) => `<p>Note: ${escapeHtml(n)}</p>`),
      g.executedCopy
        ? `<p>Executed copy: <a href="../${escapeHtml(g.executedCopy)}">${escapeHtml(g.executedCopy)}</a></p>`
        : "",
      table(
        ["exercise", "result", "message"],
        g.exercises.map((e) => [escapeHtml(e.exercise), mark(e.passed), escapeHtml(e.message)]),
      ),
    ];
    return lines.join("\n");
  });
  return page(
    `Grades of ${mine[0].learner}`,
    `<p><a href="../index.html">← all learners</a></p>${sections.join("\n")}`,
  );
}

/**
 * Writes the report into `out`; returns the paths written.
 * @param {string} out
 * @param {Graded[]} graded
 * @param {{ seconds: number, timeoutS: number, memory: string, isolation: string }} run
 */
export function writeReport(out, graded, run) {
  mkdirSync(join(out, "learners"), { recursive: true });
  const rows = graded.flatMap((g) => g.exercises.map((e) => [g.learner, g.name, e.exercise, e.passed, e.message]));
  writeFileSync(join(out, "grades.csv"), csv(["learner", "notebook", "exercise", "passed", "message"], rows));
  const perExercise = summary(graded);
  const rate = (/** @type {{ passed: number, submissions: number }} */ r) => (r.passed / r.submissions).toFixed(2);
  writeFileSync(
    join(out, "summary.csv"),
    csv(
      ["notebook", "exercise", "submissions", "passed", "pass_rate"],
      perExercise.map((r) => [r.notebook, r.exercise, r.submissions, r.passed, rate(r)]),
    ),
  );
  const learners = [...new Set(graded.map((g) => g.learner))];
  for (const learner of learners) {
    writeFileSync(
      join(out, "learners", `${fileName(learner)}.html`),
      learnerPage(graded.filter((g) => g.learner === learner)),
    );
  }
  const learnerRows = learners.map((learner) => {
    const mine = graded.filter((g) => g.learner === learner);
    const all = mine.flatMap((g) => g.exercises);
    const zero = mine
      .filter((g) => g.reason)
      .map((g) => `${g.name}: ${g.reason}`)
      .join("; ");
    const link = `<a href="learners/${escapeHtml(fileName(learner))}.html">${escapeHtml(learner)}</a>`;
    return [link, `${all.filter((e) => e.passed).length} / ${all.length}`, escapeHtml(zero)];
  });
  const about =
    `<p>${graded.length} submission(s) from ${learners.length} learner(s), graded in ${run.seconds} s; ` +
    `each on a fresh kernel, time limit ${run.timeoutS} s, memory ${escapeHtml(run.memory)}; ` +
    `${escapeHtml(run.isolation)}.</p>`;
  const body = [
    about,
    "<h2>Per exercise</h2>",
    table(
      ["notebook", "exercise", "submissions", "passed", "pass rate"],
      perExercise.map((r) =>
        [r.notebook, r.exercise, String(r.submissions), String(r.passed), rate(r)].map(escapeHtml),
      ),
    ),
    "<h2>Per learner</h2>",
    table(["learner", "exercises passed", "notebooks that scored zero"], learnerRows),
  ].join("\n");
  writeFileSync(join(out, "index.html"), page("Grading report", body));
  writeFileSync(join(out, "results.json"), JSON.stringify({ ...run, graded }, null, 1) + "\n");
  return ["grades.csv", "summary.csv", "index.html", "results.json"].map((f) => join(out, f));
}
