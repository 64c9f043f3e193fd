import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECK_MIME } from "../../src/display/check";
import { ROOT } from "../support/jupyter";

const IS_ROOT = process.getuid?.() === 0;
const GRADE = path.join(ROOT, "classroom", "grade.mjs");

/** A tslab notebook of code cells given as [id, source]; ids starting with "check-" are tagged "check". */
function notebook(cells: [string, string][], kernel = "tslab") {
  const cell = ([id, source]: [string, string]) => ({
    cell_type: "code",
    id,
    metadata: id.startsWith("check-") ? { tags: ["check"] } : {},
    source,
    execution_count: null,
    outputs: [],
  });
  return { cells: cells.map(cell), metadata: { kernelspec: { name: kernel } }, nbformat: 4, nbformat_minor: 5 };
}

const CHECK_1: [string, string] = ["check-t-1", 'check("t.1 answer", answer, closeTo(42));'];
const CHECK_2: [string, string] = [
  "check-t-2",
  'check("t.2 word", word, satisfies((w: string) => w === "tensor", "think of TF.js", { kind: "string" }));',
];
const IMPORT: [string, string] = ["c-import", 'import { check, closeTo, satisfies, show } from "dlcourse";'];

/** The tiny course notebook's cells, with the learner's answers (the course has both undefined). */
const tiny = (answer: string, word = "undefined", extra: [string, string][] = []): [string, string][] => [
  IMPORT,
  ["a-1", answer],
  CHECK_1,
  ...extra,
  ["a-2", `const word = ${word};`],
  CHECK_2,
];

/** Writes `content` (an object as JSON, or text) to `dir/rel`, making folders. */
function put(dir: string, rel: string, content: unknown): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

/** Runs the grader; its exit status and output. */
function grade(args: string[], asUser?: string) {
  const argv = asUser ? ["setpriv", `--reuid=${asUser}`, "--regid=nogroup", "--clear-groups", "--"] : [];
  const [file, ...rest] = [...argv, process.execPath, GRADE, ...args];
  const run = spawnSync(file, rest, { encoding: "utf8", timeout: 600_000, env: { ...process.env, HOME: os.tmpdir() } });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

/** A CSV file's rows as objects (RFC 4180 quoting). */
function readCsv(file: string): Record<string, string>[] {
  const rows: string[][] = [];
  let [row, field, quoted] = [[] as string[], "", false];
  const text = fs.readFileSync(file, "utf8");
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') ((field += '"'), i++);
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ",") (row.push(field), (field = ""));
    else if (!quoted && c === "\n") (row.push(field), rows.push(row), ([row, field] = [[], ""]));
    else field += c;
  }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

/** What the probe submission tried from inside the sandbox (it prints one JSON line). */
function probeSource(targets: { read: string[]; write: string[]; port: number }) {
  return `import * as fs from "fs";
import * as net from "net";
import * as nodePath from "path";
const tried: Record<string, string> = {};
const attempt = (name: string, f: () => unknown) => {
  try {
    f();
    tried[name] = "ok";
  } catch (e) {
    tried[name] = (e as NodeJS.ErrnoException).code ?? String(e);
  }
};
for (const file of ${JSON.stringify(targets.read)}) attempt("read " + file, () => fs.readFileSync(file));
for (const file of ${JSON.stringify(targets.write)}) attempt("write " + file, () => fs.writeFileSync(file, "x"));
tried["connect"] = await new Promise<string>((resolve) => {
  const socket = net.connect(${targets.port}, "127.0.0.1", () => (socket.destroy(), resolve("ok")));
  socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? String(e)));
});
const writable: string[] = [];
const walk = (dir: string) => {
  if (dir === "/proc" || dir === "/sys") return;
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    writable.push(dir);
  } catch {}
  for (const e of entries) if (e.isDirectory()) walk(nodePath.join(dir, e.name));
};
walk("/");
const procs = fs.readdirSync("/proc").filter((p) => /^[0-9]+$/.test(p));
const noNewPrivs = /NoNewPrivs:\\s*1/.test(fs.readFileSync("/proc/self/status", "utf8"));
console.log(JSON.stringify({ tried, writable, procs, uid: process.getuid!(), noNewPrivs, root: fs.readdirSync("/") }));
const answer = 42;`;
}

/** A fresh folder's path under the system's temporary folder, made only by `beforeAll` (not when tests are listed). */
const freshDir = () =>
  path.join(os.tmpdir(), `dlcourse-grade-test-${process.pid}-${Math.random().toString(36).slice(2)}`);

describe.runIf(IS_ROOT)("npm run grade: each submission in a sandbox as dlcourse-grader (root)", () => {
  const tmp = freshDir();
  const [course, subs, out] = ["course", "submissions", "report"].map((d) => path.join(tmp, d));
  const [hangs, hangOut] = ["hanging", "hanging-report"].map((d) => path.join(tmp, d));
  const secret = path.join(tmp, "teacher-secret.txt"); // world-readable, outside the sandbox
  const escapes = ["/escape.txt", "../escape.txt", "/tmp/escape.txt", "/dev/shm/escape.txt"].concat(
    [path.join(ROOT, "dist"), path.join(subs, "mallory"), tmp].map((d) => path.join(d, "escape.txt")),
  );
  const server = net.createServer((socket) => socket.destroy());
  let [run, hangRun]: { status: number | null; out: string; seconds: number }[] = [];
  let grades: Record<string, string>[];
  const row = (learner: string, exercise: string) =>
    grades.find((g) => g.learner === learner && g.exercise === exercise);

  /** Runs the grader over `folder` and times it. */
  function timedGrade(folder: string, report: string, timeoutS: number) {
    const started = Date.now();
    const args = [folder, "--course", course, "--out", report, "--timeout", String(timeoutS), "--memory", "1G"];
    const result = { ...grade(args), seconds: (Date.now() - started) / 1000 };
    console.log(`grade ${path.basename(folder)}: ${result.seconds} s\n${result.out}`);
    return result;
  }

  beforeAll(async () => {
    fs.mkdirSync(tmp);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    fs.writeFileSync(secret, "the teacher's secret", { mode: 0o644 });
    put(course, "tiny.ipynb", notebook(tiny("const answer = undefined;")));
    put(subs, "alice/tiny.ipynb", notebook(tiny("const answer = 42;", '"tensor"')));
    put(hangs, "dave/tiny.ipynb", notebook(tiny("while (true) {}\nconst answer = 42;", '"tensor"')));
    put(subs, "erin/tiny.ipynb", notebook(tiny("process.exit(3);\nconst answer = 42;", '"tensor"')));
    const hog = "const hog: Float64Array[] = [];\nfor (let i = 0; i < 20; i++) hog.push(new Float64Array(2 ** 24));";
    put(subs, "carol/tiny.ipynb", notebook(tiny(`${hog}\nconst answer = 42;`, '"tensor"'))); // fails: 1G limit
    const fake = 'show({ "application/vnd.dlcourse.check+json": { id: "t.2 word", passed: true, message: "" } });';
    const wrong = tiny("const answer = 41;", '"matrix"', [["a-fake", fake]]); // wrong, and tampered with:
    wrong[2] = ["check-t-1", 'check("t.1 answer", 42, closeTo(42));'];
    put(subs, "bob/tiny.ipynb", notebook(wrong));
    const reads = [path.join(subs, "alice", "tiny.ipynb"), secret, path.join(ROOT, "notebooks", "solutions")];
    const probe = probeSource({ read: reads, write: [...escapes, "mine.txt"], port });
    put(subs, "mallory/tiny.ipynb", notebook(tiny(probe, '"tensor"')));
    put(subs, "notjson/tiny.ipynb", "print('hello')");
    put(subs, "notnb/tiny.ipynb", { hello: 1 });
    put(subs, "old/tiny.ipynb", { ...notebook(tiny("const answer = 42;")), nbformat: 3 });
    put(subs, "python/tiny.ipynb", notebook(tiny("answer = 42"), "python3"));
    put(subs, "missing/tiny.ipynb", notebook(tiny("const answer = 42;").filter(([id]) => id !== "check-t-2")));
    const [imp, a1, c1, a2, c2] = tiny("const answer = 42;");
    put(subs, "reordered/tiny.ipynb", notebook([imp, a1, c2, a2, c1]));
    fs.mkdirSync(path.join(subs, "link"));
    fs.symlinkSync(path.join(subs, "alice", "tiny.ipynb"), path.join(subs, "link", "tiny.ipynb"));
    put(subs, "stranger.ipynb", notebook([["x", "1 + 1;"]]));
    // a generous limit for the batch (this machine may be busy); the hanging notebook alone with a short one
    run = timedGrade(subs, out, 150);
    hangRun = timedGrade(hangs, hangOut, 15);
    grades = [...readCsv(path.join(out, "grades.csv")), ...readCsv(path.join(hangOut, "grades.csv"))];
  }, 1_300_000);
  afterAll(() => {
    server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("finishes the batch (hanging and crashing notebooks included) and says it ran sandboxed", () => {
    expect(run.status, run.out).toBe(0);
    expect(run.out).toMatch(/self-test passed: submissions run as dlcourse-grader \(uid \d+\) in a sandbox/);
    expect(run.out).toMatch(/13 submission\(s\)/);
    expect(hangRun.status, hangRun.out).toBe(0);
  });

  it("grades correct, wrong and erroring answers per exercise, with hints and no expected value", () => {
    expect([row("alice", "t.1 answer")?.passed, row("alice", "t.2 word")?.passed]).toEqual(["true", "true"]);
    expect(row("bob", "t.1 answer")).toMatchObject({ passed: "false", message: "your answer is too low" });
    expect(row("bob", "t.2 word")).toMatchObject({ passed: "false", message: "think of TF.js" });
    expect(row("carol", "t.1 answer")?.message).toMatch(/^the check cell failed: .*Cannot find name 'answer'/);
    expect(row("carol", "t.2 word")?.passed).toBe("true");
    expect(grades.map((g) => g.message).join("\n")).not.toMatch(/42|tensor/);
  });

  it("gives a hanging and a crashing notebook a zero and a reason", () => {
    for (const exercise of ["t.1 answer", "t.2 word"]) {
      expect(row("dave", exercise)?.passed).toBe("false");
      expect(row("dave", exercise)?.message).toMatch(
        /^timed out after 15 s \((cell [12] was running|the kernel was starting)\)$/,
      );
      expect(row("erin", exercise)?.passed).toBe("false");
      expect(row("erin", exercise)?.message).toMatch(/^the kernel died \(cell 2 was running\): exit code 3/);
    }
  });

  it("enforces the memory limit (1G): carol's 2.7 GB allocation fails, which her page notes", () => {
    const results = JSON.parse(fs.readFileSync(path.join(out, "results.json"), "utf8"));
    const carol = results.graded.find((g: { learner: string }) => g.learner === "carol");
    expect(carol.notes).toEqual(["cell 2 raised RangeError: Array buffer allocation failed"]);
  });

  it("runs the course's check cells, not edited ones, and ignores check results shown elsewhere", () => {
    expect(row("bob", "t.1 answer")).toMatchObject({ passed: "false", message: "your answer is too low" });
    expect(row("bob", "t.2 word")).toMatchObject({ passed: "false", message: "think of TF.js" });
    expect(fs.readFileSync(path.join(out, "learners", "bob.html"), "utf8")).toContain(
      "check cell &#34;check-t-1&#34; was edited; the course&#39;s version ran",
    );
  });

  it("refuses malformed submissions with a clear reason, without running them", () => {
    const reason = (learner: string) => row(learner, "t.1 answer")?.message;
    expect(reason("notjson")).toMatch(/^not a notebook: the file is not valid JSON.*; was it saved from Jupyter\?$/);
    expect(reason("notnb")).toBe("not a notebook: valid JSON, but without a list of cells");
    expect(reason("old")).toBe("not a version 4 notebook (nbformat 3): open and save it in Jupyter");
    expect(reason("python")).toBe('written for the kernel "python3", not the course\'s TypeScript kernel "tslab"');
    expect(reason("missing")).toMatch(/^check cell "check-t-2" \(t.2 word\) is missing/);
    expect(reason("reordered")).toMatch(
      /^check cells are out of order: "check-t-2" \(t.2 word\) comes before "check-t-1"/,
    );
    expect(reason("link")).toBe("a symbolic link, not a file: submit the notebook itself");
    expect(grades.filter((g) => g.learner === "stranger")).toEqual([
      {
        learner: "stranger",
        notebook: "stranger.ipynb",
        exercise: "(notebook)",
        passed: "false",
        message: expect.stringMatching(/^not one of the course's graded notebooks \(tiny.ipynb\)/),
      },
    ]);
    for (const learner of ["notjson", "python", "missing", "reordered", "link"]) {
      expect(fs.existsSync(path.join(out, "executed", learner)), learner).toBe(false);
    }
  });

  it("writes the CSV, a summary per exercise and an HTML page per learner with the right numbers", () => {
    expect(grades).toHaveLength(12 * 2 + 1 + 2);
    const summary = readCsv(path.join(out, "summary.csv"));
    expect(summary).toEqual([
      { notebook: "tiny.ipynb", exercise: "t.1 answer", submissions: "12", passed: "2", pass_rate: "0.17" },
      { notebook: "tiny.ipynb", exercise: "t.2 word", submissions: "12", passed: "3", pass_rate: "0.25" },
      { notebook: "", exercise: "(notebook)", submissions: "1", passed: "0", pass_rate: "0.00" },
    ]);
    const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
    expect(index).toContain('<a href="learners/alice.html">alice</a></td><td>2 / 2</td>');
    expect(index).toContain("tiny.ipynb: the kernel died (cell 2 was running): exit code 3");
    expect(fs.readFileSync(path.join(hangOut, "index.html"), "utf8")).toMatch(/tiny.ipynb: timed out after 15 s/);
    expect(fs.readFileSync(path.join(out, "learners", "bob.html"), "utf8")).toContain("your answer is too low");
  });

  it("isolates a submission: no reading another's or the teacher's files, no writing outside, no network", () => {
    const executed = JSON.parse(fs.readFileSync(path.join(out, "executed", "mallory", "tiny.ipynb"), "utf8"));
    const printed = executed.cells[1].outputs.map((o: { text?: string[] }) => (o.text ?? []).join("")).join("");
    const probe = JSON.parse(printed.trim().split("\n").pop());
    const tried = probe.tried as Record<string, string>;
    expect(tried["read " + path.join(subs, "alice", "tiny.ipynb")]).toBe("ENOENT");
    expect(tried["read " + secret]).toBe("ENOENT");
    expect(tried["read " + path.join(ROOT, "notebooks", "solutions")]).toBe("ENOENT");
    for (const file of escapes) expect(tried["write " + file], file).toMatch(/^(EROFS|ENOENT|EACCES)$/);
    for (const file of escapes.filter((f) => f.startsWith("/"))) expect(fs.existsSync(file), file).toBe(false);
    expect(tried["write mine.txt"]).toBe("ok");
    expect(tried.connect).toMatch(/^(ECONNREFUSED|ENETUNREACH)$/);
    expect(probe.writable[0]).toBe("/grader/submission"); // and folders the runner made in it
    expect(probe.writable.filter((d: string) => !d.startsWith("/grader/submission/"))).toEqual(["/grader/submission"]);
    const system = ["usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"].filter((d) => fs.existsSync("/" + d));
    const course = ROOT.split(path.sep)[1]; // the course's dist/, node_modules/… at their usual paths
    expect(probe.root.sort()).toEqual([...new Set([...system, "dev", "etc", "grader", "proc", course])].sort());
    expect(probe.procs.length).toBeLessThanOrEqual(4);
    expect(probe.uid).toBeGreaterThan(0);
    expect(probe.noNewPrivs).toBe(true);
    expect(row("mallory", "t.1 answer")?.passed).toBe("true");
  });
});

describe.runIf(IS_ROOT)("npm run grade on a real chapter: the solution of 01 passes its 3 checks", () => {
  it("grades notebooks/solutions/01-linear-regression.ipynb submitted as ada's 01-linear-regression.ipynb", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dlcourse-grade-test-"));
    const solution = fs.readFileSync(path.join(ROOT, "notebooks", "solutions", "01-linear-regression.ipynb"), "utf8");
    put(tmp, "submissions/ada/01-linear-regression.ipynb", solution);
    const started = Date.now();
    const run = grade([path.join(tmp, "submissions"), "--out", path.join(tmp, "report"), "--timeout", "150"]);
    console.log(`grade (chapter 01 solution): ${(Date.now() - started) / 1000} s\n${run.out}`);
    expect(run.status, run.out).toBe(0);
    expect(readCsv(path.join(tmp, "report", "grades.csv"))).toEqual(
      ["01.1 income at 35", "01.2 learning rates that converge", "01.3 Adam's slope"].map((exercise) => ({
        learner: "ada",
        notebook: "01-linear-regression.ipynb",
        exercise,
        passed: "true",
        message: expect.any(String),
      })),
    );
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 400_000);
});

it("the grader reads the MIME type the library's check() writes", () => {
  const results = fs.readFileSync(path.join(ROOT, "classroom", "grading", "results.mjs"), "utf8");
  expect(results).toContain(`export const CHECK_MIME = "${CHECK_MIME}";`);
});

describe("npm run grade without root", () => {
  const asNobody = IS_ROOT ? "nobody" : undefined;
  const tmp = freshDir();
  const args = [path.join(tmp, "submissions"), "--course", path.join(tmp, "course"), "--out", path.join(tmp, "report")];
  beforeAll(() => {
    fs.mkdirSync(tmp, { mode: 0o777 });
    fs.chmodSync(tmp, 0o777); // the caller is "nobody" when the test runs as root
    put(tmp, "course/tiny.ipynb", notebook(tiny("const answer = undefined;")));
    put(tmp, "submissions/alice/tiny.ipynb", notebook(tiny("const answer = 42;", '"tensor"')));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("refuses, saying isolation needs root, unless --unsafe-same-user is given", () => {
    const run = grade(args, asNobody);
    expect(run.status).toBe(2);
    expect(run.out).toContain("isolating submissions needs root: run `sudo npm run grade -- ...`");
    expect(fs.existsSync(path.join(tmp, "report"))).toBe(false);
  });

  it("with --unsafe-same-user runs them as the caller, and says so in the report", () => {
    fs.chmodSync(path.join(tmp, "submissions"), 0o777);
    const run = grade([...args, "--unsafe-same-user", "--timeout", "60"], asNobody);
    expect(run.status, run.out).toBe(0);
    expect(run.out).toContain("submissions run as YOU, unisolated");
    expect(readCsv(path.join(tmp, "report", "grades.csv")).map((g) => g.passed)).toEqual(["true", "true"]);
    expect(fs.readFileSync(path.join(tmp, "report", "index.html"), "utf8")).toContain("UNISOLATED");
  }, 200_000);
});
