import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/jupyter";
import { tempDir } from "../support/tmp";

const GROUP = "dlc-test-learners";
const LEARNERS = [1, 2, 3, 4, 5].map((i) => `dlc-learner${i}`);
/** A system account outside the learners' group: the hub must not let it in. */
const OUTSIDER = "dlc-outsider";
const PASSWORD = randomBytes(12).toString("hex");
const isRoot = process.getuid?.() === 0;

/** What hub_learner.py reports for one learner. */
interface LearnerRun {
  token: string;
  seconds: number;
  saved?: number;
  cells?: number;
  errors?: { ename: string; evalue: string }[];
  outputs?: { output_type: string; text?: string; ename?: string; evalue?: string }[];
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command as root, quietly; true when it succeeded. */
function sh(command: string, args: string[], input?: string): boolean {
  try {
    execFileSync(command, args, { input, stdio: ["pipe", "ignore", "ignore"] });
    return true;
  } catch {
    return false;
  }
}

/** The learners' accounts: removed if left from an earlier run, then created in the learners' group. */
function createLearners(): void {
  removeLearners();
  sh("groupadd", [GROUP]);
  for (const name of LEARNERS) sh("useradd", ["--create-home", "--shell", "/bin/bash", "--groups", GROUP, name]);
  sh("useradd", ["--create-home", OUTSIDER]);
  sh("chpasswd", [], [...LEARNERS, OUTSIDER].map((name) => `${name}:${PASSWORD}\n`).join(""));
}

/** Deletes the learners' accounts and homes. */
function removeLearners(): void {
  for (const name of [...LEARNERS, OUTSIDER]) sh("userdel", ["--remove", "--force", name]);
  sh("groupdel", [GROUP]);
}

/**
 * A copy of the course a teacher can update, inside the repository (build/) as an installed course is: its
 * notebooks copied, its kernelspec and build linked, node_modules found as a parent folder's.
 */
function courseCopy(): string {
  fs.mkdirSync(path.join(ROOT, "build"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, "build", "classroom-course-"));
  fs.chmodSync(dir, 0o755);
  fs.cpSync(path.join(ROOT, "notebooks"), path.join(dir, "notebooks"), { recursive: true });
  for (const built of ["kernel-setup", "dist"]) fs.symlinkSync(path.join(ROOT, built), path.join(dir, built));
  return dir;
}

/** One learner's session through the hub (test/support/hub_learner.py), asynchronously. */
function learnerRun(hub: string, name: string, what: ["--notebook" | "--code", string]): Promise<LearnerRun> {
  const result = path.join(tempDir("dlcourse-learner-run-"), "result.json");
  const script = path.join(ROOT, "test", "support", "hub_learner.py");
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/python3", [script, hub, name, PASSWORD, ...what, result], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(fs.readFileSync(result, "utf8"))) : reject(new Error(`${name}: ${stderr}`)),
    );
  });
}

/** The hub, started with the course's config and settings; resolves once its API answers. */
async function startHub(settingsFile: string, dataDir: string, hub: string): Promise<ChildProcess> {
  const log = fs.openSync(path.join(dataDir, "hub.log"), "a");
  const child = spawn("jupyterhub", ["-f", path.join(ROOT, "classroom", "jupyterhub_config.py")], {
    cwd: dataDir,
    env: { ...process.env, DLCOURSE_CLASSROOM_SETTINGS: settingsFile },
    stdio: ["ignore", log, log],
  });
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const up = await fetch(`${hub}/hub/api`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the hub did not start:\n${fs.readFileSync(path.join(dataDir, "hub.log"), "utf8").slice(-3000)}`);
}

/** Stops the hub and waits for it to exit. */
function stopHub(hub: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (hub.exitCode !== null) return resolve();
    hub.on("exit", () => resolve());
    hub.kill("SIGTERM");
  });
}

/** An HTTP status for a GET with a learner's token. */
const statusWith = (url: string, token: string) =>
  fetch(url, { headers: { Authorization: `token ${token}` }, redirect: "manual" }).then((r) => r.status);

const home = (name: string) => path.join("/home", name, "dlcourse");

describe.skipIf(!isRoot)("the classroom: the course's JupyterHub with five learners (classroom/)", () => {
  let hubProcess: ChildProcess;
  let hub = "";
  let course = "";
  let settingsFile = "";
  let dataDir = "";
  const runs: Record<string, LearnerRun> = {};
  let concurrentSeconds = 0;
  let irisRun: LearnerRun;

  beforeAll(async () => {
    createLearners();
    course = courseCopy();
    dataDir = tempDir("dlcourse-hub-data-");
    const [port, hubPort, proxyPort] = [await freePort(), await freePort(), await freePort()];
    hub = `http://127.0.0.1:${port}`;
    settingsFile = path.join(dataDir, "classroom.json");
    const settings = {
      course_dir: course,
      data_dir: dataDir,
      bind_url: hub,
      hub_port: hubPort,
      proxy_api_port: proxyPort,
      learner_group: GROUP,
      node_dir: path.dirname(process.execPath),
      idle_timeout: 0,
    };
    fs.writeFileSync(settingsFile, JSON.stringify(settings));
    hubProcess = await startHub(settingsFile, dataDir, hub);
    const began = Date.now();
    const all = await Promise.all(
      LEARNERS.map((n) => learnerRun(hub, n, ["--notebook", "notebooks/01-linear-regression.ipynb"])),
    );
    concurrentSeconds = (Date.now() - began) / 1000;
    LEARNERS.forEach((name, i) => (runs[name] = all[i]));
    irisRun = await learnerRun(hub, LEARNERS[1], ["--notebook", "notebooks/05-iris.ipynb"]);
    console.log(`five learners ran chapter 01 through the hub at once in ${concurrentSeconds.toFixed(0)} s`);
  }, 600_000);

  afterAll(async () => {
    for (const name of LEARNERS)
      if (runs[name])
        await fetch(`${hub}/hub/api/users/${name}/server`, {
          method: "DELETE",
          headers: { Authorization: `token ${runs[name].token}` },
        }).catch(() => undefined);
    if (hubProcess) await stopHub(hubProcess);
    const proxyPid = path.join(dataDir, "jupyterhub-proxy.pid");
    if (fs.existsSync(proxyPid)) sh("kill", [fs.readFileSync(proxyPid, "utf8").trim()]);
    sh("pkill", ["-u", LEARNERS.join(",")]);
    removeLearners();
    fs.rmSync(course, { recursive: true, force: true });
  }, 120_000);

  it("five learners at once: each gets their own server and kernel, runs chapter 01 cleanly, and it is saved", () => {
    for (const name of LEARNERS) {
      expect(runs[name].errors, `${name}: ${JSON.stringify(runs[name].errors)}`).toEqual([]);
      expect(runs[name].saved, name).toBe(200);
      const saved = JSON.parse(
        fs.readFileSync(path.join(home(name), "notebooks", "01-linear-regression.ipynb"), "utf8"),
      );
      const outputs = saved.cells.flatMap((c: { outputs?: unknown[] }) => c.outputs ?? []);
      expect(outputs.length, name).toBeGreaterThan(5);
      expect(fs.statSync(path.join(home(name), "notebooks", "01-linear-regression.ipynb")).uid).toBe(
        Number(execFileSync("id", ["-u", name], { encoding: "utf8" })),
      );
    }
  });

  it("runs chapter 05 (danfo data frames) in a learner's folder: every type of the library can be named", () => {
    expect(irisRun.errors, JSON.stringify(irisRun.errors)).toEqual([]);
    expect(irisRun.cells).toBeGreaterThan(5);
  });

  it("a learner's token reaches neither another learner's server nor their record in the hub", async () => {
    const token = runs[LEARNERS[0]].token;
    expect(await statusWith(`${hub}/user/${LEARNERS[1]}/api/contents/notebooks`, token)).toBeOneOf([403, 404]);
    expect(await statusWith(`${hub}/hub/api/users/${LEARNERS[1]}`, token)).toBeOneOf([403, 404]);
    expect(await statusWith(`${hub}/user/${LEARNERS[0]}/api/contents/notebooks`, token)).toBe(200);
    expect(await statusWith(`${hub}/user/${LEARNERS[0]}/tree/notebooks`, token)).toBe(200); // what a browser opens
    expect(await statusWith(`${hub}/hub/api/users`, token)).toBe(403);
  });

  it("is never open: a system account outside the learners' group cannot log in, nor a wrong password", async () => {
    const logIn = (name: string, password: string) =>
      fetch(`${hub}/hub/login`, {
        method: "POST",
        body: new URLSearchParams({ username: name, password }),
        redirect: "manual",
      }).then((r) => r.status);
    expect(await logIn(OUTSIDER, PASSWORD)).not.toBe(302);
    expect(await logIn(LEARNERS[0], "wrong")).not.toBe(302);
    expect(await logIn(LEARNERS[0], PASSWORD)).toBe(302);
  });

  it("a learner's kernel cannot read another learner's files", async () => {
    const other = path.join(home(LEARNERS[1]), "notebooks", "01-linear-regression.ipynb");
    const run = await learnerRun(hub, LEARNERS[0], [
      "--code",
      `require("fs").readFileSync(${JSON.stringify(other)}, "utf8").length`,
    ]);
    expect(run.outputs?.find((o) => o.output_type === "error")?.evalue).toContain("EACCES");
  }, 120_000);

  it("a teacher's update reaches learners without clobbering an edited notebook", async () => {
    const learner = LEARNERS[0];
    const edited = path.join(home(learner), "notebooks", "01-linear-regression.ipynb");
    const before = fs.readFileSync(edited, "utf8");
    const update = (name: string) => {
      const file = path.join(course, "notebooks", name);
      const nb = JSON.parse(fs.readFileSync(file, "utf8"));
      nb.cells.push({ cell_type: "markdown", metadata: {}, source: ["A teacher's note."] });
      fs.writeFileSync(file, JSON.stringify(nb));
    };
    update("01-linear-regression.ipynb");
    update("02-activation-functions.ipynb");
    fs.copyFileSync(path.join(course, "notebooks", "00-setup.ipynb"), path.join(course, "notebooks", "99-new.ipynb"));
    const token = runs[learner].token;
    await fetch(`${hub}/hub/api/users/${learner}/server`, {
      method: "DELETE",
      headers: { Authorization: `token ${token}` },
    });
    for (let i = 0; i < 60 && (await statusWith(`${hub}/user/${learner}/api/status`, token)) === 200; i++)
      await new Promise((r) => setTimeout(r, 500));
    await learnerRun(hub, learner, ["--code", "1 + 1"]);
    const notebooks = fs.readdirSync(path.join(home(learner), "notebooks"));
    expect(fs.readFileSync(edited, "utf8")).toBe(before);
    expect(notebooks.filter((f) => f.startsWith("01-linear-regression.course-"))).toHaveLength(1);
    expect(fs.readFileSync(path.join(home(learner), "notebooks", "02-activation-functions.ipynb"), "utf8")).toContain(
      "A teacher's note.",
    );
    expect(notebooks).toContain("99-new.ipynb");
  }, 180_000);

  it("restarting the hub loses no learner's work: servers keep running, tokens and files stay", async () => {
    await stopHub(hubProcess);
    hubProcess = await startHub(settingsFile, dataDir, hub);
    const learner = LEARNERS[2];
    const again = await learnerRun(hub, learner, ["--code", 'console.log("after restart")']);
    expect(again.outputs?.map((o) => o.text).join("")).toContain("after restart");
    const saved = JSON.parse(
      fs.readFileSync(path.join(home(learner), "notebooks", "01-linear-regression.ipynb"), "utf8"),
    );
    expect(saved.cells.some((c: { outputs?: unknown[] }) => (c.outputs ?? []).length > 0)).toBe(true);
  }, 180_000);

  it("stops servers idle for longer than idle_timeout (the culler service), and the learner's files stay", async () => {
    const settings = JSON.parse(fs.readFileSync(settingsFile, "utf8"));
    fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, idle_timeout: 20 }));
    await stopHub(hubProcess);
    hubProcess = await startHub(settingsFile, dataDir, hub);
    const learner = LEARNERS[3];
    const token = runs[learner].token;
    const running = async () => {
      const model = await fetch(`${hub}/hub/api/users/${learner}`, { headers: { Authorization: `token ${token}` } });
      return Object.keys(((await model.json()) as { servers?: object }).servers ?? {}).length > 0;
    };
    expect(await running()).toBe(true);
    for (let i = 0; i < 120 && (await running()); i++) await new Promise((r) => setTimeout(r, 1000));
    expect(await running()).toBe(false);
    expect(fs.existsSync(path.join(home(learner), "notebooks", "01-linear-regression.ipynb"))).toBe(true);
  }, 240_000);
});
