#!/usr/bin/env node
// `npm run grade -- <submissions folder> [options]`: runs every submitted notebook on a fresh kernel, in a sandbox,
// and writes a report of its exercise checks (classroom/GRADING.md).
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadCourse } from "./grading/course.mjs";
import { writeReport, fileName } from "./grading/report.mjs";
import { exerciseResults, failureReason, firstErrorNote } from "./grading/results.mjs";
import { graderUser, REPO, runSubmission, selfTest } from "./grading/sandbox.mjs";
import { findSubmissions, inspect } from "./grading/submissions.mjs";

const USAGE = `usage: npm run grade -- <submissions folder> [options]      (as root: sudo npm run grade -- ...)

  <submissions folder>  <learner>/<notebook>.ipynb, or <learner>.ipynb, for the course's notebooks with checks
  --out DIR             where the report goes (default: ./grading-report)
  --timeout S           seconds each notebook may run, kernel start included (default: 300)
  --memory SIZE         memory per notebook, e.g. 2G or 512M (default: 2G)
  --course DIR          the course notebooks the submissions answer (default: the repository's notebooks/)
  --user NAME           the unprivileged system user that runs submissions (default: dlcourse-grader; created)
  --unsafe-same-user    without root: run submissions as yourself, with no isolation (your own test notebooks)
  --keep-scratch        keep each submission's scratch folder (printed) for debugging`;

/**
 * Bytes from "2G", "512M", "1.5G" or a number of bytes.
 * @param {string} text
 */
function parseMemory(text) {
  const match = /^(\d+(?:\.\d+)?)\s*([KMG]?)i?B?$/i.exec(text.trim());
  if (!match) throw new Error(`--memory ${text}: expected a size such as 2G or 512M`);
  const unit = { "": 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 }[match[2].toUpperCase()] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

/** The options, checked; exits with the usage on a mistake. */
function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: "string" },
      timeout: { type: "string" },
      memory: { type: "string" },
      course: { type: "string" },
      user: { type: "string" },
      "unsafe-same-user": { type: "boolean" },
      "keep-scratch": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const submissions = resolve(positionals[0]);
  if (!existsSync(submissions) || !statSync(submissions).isDirectory()) fail(`${submissions} is not a folder`);
  const out = resolve(values.out ?? "grading-report");
  if (!relative(submissions, out).startsWith("..")) fail(`--out ${out} is inside the submissions folder`);
  const timeoutS = Number(values.timeout ?? 300);
  if (!(timeoutS > 0)) fail(`--timeout ${values.timeout}: expected a number of seconds`);
  return { ...values, submissions, out, timeoutS, memoryText: values.memory ?? "2G" };
}

/**
 * Prints a message and exits with status 2.
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`grade: ${message}`);
  process.exit(2);
}

/**
 * Who runs the submissions: the dedicated user (root), or the caller (unsafe), or refusal.
 * @param {any} opts
 */
function isolation(opts) {
  const root = process.getuid?.() === 0;
  if (root && opts["unsafe-same-user"]) fail("--unsafe-same-user as root would run submissions as root: refusing");
  if (!root && !opts["unsafe-same-user"]) {
    fail(
      "isolating submissions needs root: run `sudo npm run grade -- ...`. A submission is code; the grader runs " +
        "each as a dedicated unprivileged user in a sandbox. To run them as yourself with NO isolation (only your " +
        "own test notebooks), add --unsafe-same-user.",
    );
  }
  if (!root)
    console.warn("grade: --unsafe-same-user: submissions run as YOU, unisolated (time and memory limits only)");
  return root ? graderUser(opts.user ?? "dlcourse-grader") : undefined;
}

/**
 * Grades one submission: refused with a reason, or run in the sandbox and its check cells read; its executed copy
 * goes to `<out>/executed/<learner>/`.
 * @param {import("./grading/submissions.mjs").Submission} submission
 * @param {{ course: Map<string, import("./grading/course.mjs").CourseNotebook>, limits: any, work: string,
 *   n: number, out: string }} job
 * @returns {Promise<import("./grading/report.mjs").Graded>}
 */
async function gradeOne(submission, { course, limits, work, n, out }) {
  const inspection = inspect(submission, course);
  const base = { learner: submission.learner, name: submission.name, notebook: inspection.course?.name };
  if (!inspection.prepared || !inspection.course) {
    const reason = /** @type {string} */ (inspection.reason);
    const exercises = inspection.course
      ? exerciseResults(inspection.course, reason, undefined)
      : [{ exercise: "(notebook)", passed: false, message: reason }];
    return { ...base, reason, notes: [], exercises };
  }
  const run = await runSubmission({ work, n, notebook: inspection.prepared, limits });
  const reason = failureReason(run);
  let executed;
  try {
    executed = run.executed ? JSON.parse(run.executed) : undefined;
  } catch {
    executed = undefined;
  }
  let executedCopy;
  if (run.executed) {
    executedCopy = join("executed", fileName(submission.learner), fileName(submission.name.replace(/\//g, "__")));
    mkdirSync(join(out, "executed", fileName(submission.learner)), { recursive: true });
    writeFileSync(join(out, executedCopy), run.executed);
  }
  const exercises = exerciseResults(inspection.course, reason, executed);
  const notes = [...inspection.notes, ...firstErrorNote(executed, inspection.course)];
  return { ...base, reason, notes, seconds: run.seconds, executedCopy, exercises };
}

async function main() {
  const opts = options();
  const started = Date.now();
  for (const built of ["dist/index.js", "dist/kernel/main.js"]) {
    if (!existsSync(join(REPO, built))) fail(`${built} is missing: run \`npm run build\` in ${REPO}`);
  }
  const course = loadCourse(opts.course ? resolve(opts.course) : join(REPO, "notebooks"));
  if (course.size === 0) fail("no course notebook has check cells (cells tagged 'check')");
  const user = isolation(opts);
  const limits = { user, memory: parseMemory(opts.memoryText), timeoutS: opts.timeoutS };
  const work = mkdtempSync(join(tmpdir(), "dlcourse-grade-"));
  const cleanUp = () => opts["keep-scratch"] || rmSync(work, { recursive: true, force: true });
  process.on("SIGINT", () => (cleanUp(), process.exit(130)));
  try {
    const probe = await selfTest(work, limits);
    const where = user ? `as ${user.name} (uid ${probe.uid}) in a sandbox, writing only ${probe.cwd}` : "as you";
    console.log(`grade: self-test passed: submissions run ${where}`);
    const submissions = findSubmissions(opts.submissions);
    /** @type {import("./grading/report.mjs").Graded[]} */
    const graded = [];
    for (const [i, submission] of submissions.entries()) {
      const g = await gradeOne(submission, { course, limits, work, n: i + 1, out: opts.out });
      const passed = g.exercises.filter((e) => e.passed).length;
      const result = g.reason ? `zero — ${g.reason}` : `${passed}/${g.exercises.length} passed`;
      const took = g.seconds === undefined ? "" : ` (${g.seconds} s)`;
      console.log(`[${i + 1}/${submissions.length}] ${submission.learner}/${submission.name}: ${result}${took}`);
      if (opts["keep-scratch"]) console.log(`    scratch: ${join(work, String(i + 1))}`);
      else rmSync(join(work, String(i + 1)), { recursive: true, force: true });
      graded.push(g);
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    const how = user
      ? `run as ${user.name} in a sandbox (no network, read-only course, own folder only)`
      : "UNISOLATED (--unsafe-same-user)";
    const files = writeReport(opts.out, graded, {
      seconds,
      timeoutS: opts.timeoutS,
      memory: opts.memoryText,
      isolation: how,
    });
    console.log(`grade: ${graded.length} submission(s) in ${seconds} s; report: ${files.join(", ")}`);
  } finally {
    cleanUp();
  }
}

main().catch((error) => {
  console.error(`grade: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
