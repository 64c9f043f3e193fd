// Running one submission: in the sandbox (root: a dedicated system user, namespaces, a minimal read-only root)
// or, with --unsafe-same-user, as the teacher's own user with only time and memory limits.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chownSync, closeSync, constants, fstatSync, mkdirSync, openSync, readdirSync, readFileSync } from "node:fs";
import { readSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
/** The course repository: its dist/, node_modules/, package.json and kernel-setup/ are what a kernel needs. */
export const REPO = join(HERE, "..", "..");
/** The paths of the course a submission may read (read-only), besides the runner. */
export const COURSE_RO = ["dist", "node_modules", "package.json", "kernel-setup"].map((p) => join(REPO, p));
const RUNNER = join(HERE, "run.py");
const PYTHON = "/usr/bin/python3";
/** Where the sandbox shows the submission's scratch folder (sandbox.py). */
const SCRATCH = "/grader/submission";

/**
 * @typedef {{ uid: number, gid: number, name: string }} User
 * @typedef {{ user?: User, memory: number, timeoutS: number }} Limits
 * @typedef {{ status: string, cell?: number, exit?: number | null, detail?: string, seconds?: number,
 *   lastCell?: number, log: string }} RunOutcome
 */

/**
 * The dedicated grader account, created (a system user, no home, no login shell) if missing. Refuses root, the
 * account of whoever ran sudo, and accounts that look like a person's (uid 1000 or more).
 * @param {string} name
 * @returns {User}
 */
export function graderUser(name) {
  const lookup = () => {
    try {
      return execFileSync("getent", ["passwd", name], { encoding: "utf8" }).split(":");
    } catch {
      return undefined;
    }
  };
  let entry = lookup();
  if (!entry) {
    execFileSync("useradd", [
      "--system",
      "--user-group",
      "--no-create-home",
      "--home-dir",
      "/nonexistent",
      "--shell",
      "/usr/sbin/nologin",
      "--comment",
      "dlcourse grader (runs submitted notebooks)",
      name,
    ]);
    entry = lookup();
    if (!entry) throw new Error(`useradd did not create the user ${name}`);
    console.log(`created the system user ${name} (uid ${entry[2]}) to run submissions`);
  }
  const [uid, gid] = [Number(entry[2]), Number(entry[3])];
  if (uid === 0) throw new Error(`--user ${name} is root: submissions must never run as root`);
  if (process.env.SUDO_UID && uid === Number(process.env.SUDO_UID)) {
    throw new Error(`--user ${name} is your own account (SUDO_USER): use a dedicated system user`);
  }
  if (uid >= 1000) throw new Error(`--user ${name} (uid ${uid}) looks like a person's account: use a system user`);
  return { uid, gid, name };
}

/** The folder holding the `node` that kernels run, if it is outside /usr (which the sandbox shows anyway). */
function nodeOutsideUsr() {
  const node = realpathSync(process.execPath);
  return node.startsWith("/usr/") ? [] : [dirname(dirname(node))];
}

/** The environment of the runner and kernel: nothing of the teacher's (tokens, keys), only what they need. */
function cleanEnv(/** @type {string} */ home) {
  return {
    PATH: [dirname(realpathSync(process.execPath)), "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
    HOME: home,
    TMPDIR: home,
    LANG: "C.UTF-8",
    JUPYTER_PATH: join(REPO, "kernel-setup", "jupyter"),
    JUPYTER_RUNTIME_DIR: join(home, ".jupyter", "runtime"),
    JUPYTER_DATA_DIR: join(home, ".jupyter", "data"),
    JUPYTER_CONFIG_DIR: join(home, ".jupyter", "config"),
    PYTHONDONTWRITEBYTECODE: "1",
    TF_CPP_MIN_LOG_LEVEL: "2",
  };
}

/**
 * Every descendant of `pid` still running (from /proc), children before grandchildren.
 * @param {number} pid
 */
function descendants(pid) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const found = [];
  for (let queue = [pid]; queue.length > 0;) {
    const next = children.get(/** @type {number} */ (queue.shift())) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

/** Kills a process and everything it started (the kernel runs in its own session, so a group kill misses it). */
function killTree(/** @type {import("node:child_process").ChildProcess} */ child) {
  if (!child.pid) return;
  for (const pid of [child.pid, ...descendants(child.pid)]) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/**
 * Reads a file the submission could have replaced, without following a symbolic link.
 * @param {string} file
 */
function readOwnFile(file, maxBytes = 200 * 1024 * 1024) {
  let fd;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) return undefined;
    const buffer = Buffer.alloc(size);
    readSync(fd, buffer, 0, size, 0);
    return buffer.toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/**
 * The runner's own arguments for a notebook run, with paths as the runner sees them.
 * @param {string} inside the scratch folder's path for the runner @param {Limits} limits
 */
function runnerArgv(inside, limits) {
  const rlimits = {
    data: limits.memory,
    fsize: 256 * 1024 * 1024,
    nofile: 1024,
    ...(limits.user ? { nproc: 512 } : {}),
  };
  const at = (/** @type {string} */ name) => join(inside, name);
  const args = [at("submission.ipynb"), at(".graded.ipynb"), String(limits.timeoutS), at(".kernel.log")];
  return [PYTHON, RUNNER, ...args, JSON.stringify(rlimits)];
}

/**
 * The command that runs `argv` (the runner): through unshare and sandbox.py as the grader's user, or directly.
 * @param {{ base: string, scratch: string, limits: Limits, argv: string[] }} job
 */
function command({ base, scratch, limits, argv }) {
  if (!limits.user) return { file: argv[0], args: argv.slice(1), cwd: scratch, env: cleanEnv(scratch) };
  const root = join(base, "root");
  mkdirSync(root, { mode: 0o700 });
  const config = {
    root,
    scratch,
    course_ro: [...COURSE_RO, RUNNER],
    node_modules: join(REPO, "node_modules"),
    extra_ro: nodeOutsideUsr(),
    uid: limits.user.uid,
    gid: limits.user.gid,
    argv,
    env: cleanEnv(SCRATCH),
  };
  const unshare = ["--mount", "--pid", "--net", "--ipc", "--uts", "--fork", "--kill-child", "--"];
  return {
    file: "unshare",
    args: [...unshare, PYTHON, join(HERE, "sandbox.py"), JSON.stringify(config)],
    cwd: base,
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
  };
}

/**
 * Makes `<work>/<n>/submission/` holding only `notebook` (as submission.ipynb), owned by the grader's user.
 * @param {string} work @param {number} n @param {object | undefined} notebook @param {Limits} limits
 */
function makeScratch(work, n, notebook, limits) {
  const base = join(work, String(n));
  const scratch = join(base, "submission");
  mkdirSync(scratch, { recursive: true, mode: 0o700 });
  if (notebook) writeFileSync(join(scratch, "submission.ipynb"), JSON.stringify(notebook));
  if (limits.user) chownTree(scratch, limits.user);
  else symlinkSync(join(REPO, "node_modules"), join(base, "node_modules"));
  return { base, scratch };
}

/**
 * Checks the sandbox before grading: the runner starts as the grader's user, reads the course, and cannot write
 * outside its folder. Resolves with the runner's report, or rejects saying what is wrong.
 * @param {string} work @param {Limits} limits
 */
export async function selfTest(work, limits) {
  const { base, scratch } = makeScratch(work, 0, undefined, limits);
  const argv = [PYTHON, RUNNER, "--selftest", ...COURSE_RO];
  const { file, args, cwd, env } = command({ base, scratch, limits, argv });
  const run = spawnSync(file, args, { cwd, env, encoding: "utf8", timeout: 60_000 });
  const line = run.stdout.split("\n").find((l) => l.includes('"selftest"'));
  if (!line) throw new Error(`the sandbox did not start (exit ${run.status}): ${run.stdout}${run.stderr}`.trim());
  const report = JSON.parse(line);
  const unreadable = Object.entries(report.readable)
    .filter(([, ok]) => !ok)
    .map(([p]) => p);
  if (unreadable.length > 0) {
    throw new Error(`the grader's user cannot read ${unreadable.join(", ")}: make them readable (chmod -R o+rX)`);
  }
  if (limits.user && report.writable_outside.length > 0) {
    throw new Error(`the sandbox can write to ${report.writable_outside.join(", ")}: refusing to grade`);
  }
  return report;
}

/**
 * Runs one prepared notebook on a fresh kernel within the limits; resolves with what happened and the executed
 * notebook's text (when it got that far).
 * @param {{ work: string, n: number, notebook: object, limits: Limits }} job
 * @returns {Promise<RunOutcome & { executed?: string }>}
 */
export function runSubmission({ work, n, notebook, limits }) {
  const { base, scratch } = makeScratch(work, n, notebook, limits);
  const argv = runnerArgv(limits.user ? SCRATCH : scratch, limits);
  const { file, args, cwd, env } = command({ base, scratch, limits, argv });
  const child = spawn(file, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: !limits.user });
  /** @type {{ done?: Record<string, any>, lastCell?: number, timedOut: boolean, stderr: string }} */
  const state = { timedOut: false, stderr: "" };
  let pending = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    const lines = (pending + chunk).split("\n");
    pending = /** @type {string} */ (lines.pop());
    for (const line of lines) {
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        continue; // not the runner's
      }
      if (event.event === "cell") state.lastCell = event.index;
      else if (event.event === "done") state.done = event;
    }
  });
  child.stderr.on("data", (chunk) => (state.stderr = (state.stderr + chunk).slice(-4000)));
  const timer = setTimeout(() => {
    state.timedOut = true;
    if (limits.user)
      child.kill("SIGKILL"); // unshare --kill-child: the whole PID namespace goes with it
    else killTree(child);
  }, limits.timeoutS * 1000);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (!limits.user) killTree(child);
      const log = (readOwnFile(join(scratch, ".kernel.log"), 1e6) ?? "").slice(-4000);
      const executed = readOwnFile(join(scratch, ".graded.ipynb"));
      if (state.timedOut) resolve({ status: "timeout", lastCell: state.lastCell, log, seconds: limits.timeoutS });
      else if (state.done)
        resolve({ ...state.done, status: state.done.status, lastCell: state.lastCell, log, executed });
      else {
        const detail = `the runner ended (${signal ?? `exit ${code}`}) without a result: ${state.stderr.trim()}`;
        resolve({ status: "runner-failed", lastCell: state.lastCell, detail: detail.slice(-1500), log });
      }
    });
  });
}

/**
 * Gives `user` a folder and what is in it.
 * @param {string} dir
 * @param {User} user
 */
function chownTree(dir, user) {
  chownSync(dir, user.uid, user.gid);
  for (const entry of readdirSync(dir)) chownSync(join(dir, entry), user.uid, user.gid);
}
