import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/jupyter";
import { tempDir } from "../support/tmp";

const HANDOUT = path.join(ROOT, "classroom", "handout.py");

/** Runs classroom/handout.py from `course` to `learner`; the actions it reports. */
function handOut(course: string, learner: string): Record<string, string> {
  const run = spawnSync("/usr/bin/python3", [HANDOUT, "--course", course, "--to", learner], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`handout.py failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Writes a file, creating its folders. */
function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** A course with two notebooks and a node_modules folder. */
function course(): string {
  const dir = tempDir("dlcourse-course-");
  write(path.join(dir, "notebooks", "01.ipynb"), "course 01 v1");
  write(path.join(dir, "notebooks", "solutions", "01.ipynb"), "solution 01 v1");
  fs.mkdirSync(path.join(dir, "node_modules"));
  return dir;
}

describe("hand-out of the course notebooks (classroom/handout.py)", () => {
  it("copies everything the first time and links the course's node_modules", () => {
    const [from, to] = [course(), tempDir("dlcourse-learner-")];
    expect(handOut(from, to)).toEqual({ "notebooks/01.ipynb": "copy", "notebooks/solutions/01.ipynb": "copy" });
    expect(fs.readFileSync(path.join(to, "notebooks", "01.ipynb"), "utf8")).toBe("course 01 v1");
    expect(fs.realpathSync(path.join(to, "node_modules"))).toBe(fs.realpathSync(path.join(from, "node_modules")));
    expect(handOut(from, to)).toEqual({});
  });

  it("never overwrites a notebook the learner changed; the course's update arrives beside it, once", () => {
    const [from, to] = [course(), tempDir("dlcourse-learner-")];
    handOut(from, to);
    write(path.join(to, "notebooks", "01.ipynb"), "my work");
    write(path.join(from, "notebooks", "01.ipynb"), "course 01 v2");
    const actions = handOut(from, to);
    expect(actions).toEqual({ "notebooks/01.ipynb": "offer" });
    expect(fs.readFileSync(path.join(to, "notebooks", "01.ipynb"), "utf8")).toBe("my work");
    const offered = fs.readdirSync(path.join(to, "notebooks")).filter((f) => f.includes(".course-"));
    expect(offered).toHaveLength(1);
    expect(fs.readFileSync(path.join(to, "notebooks", offered[0]), "utf8")).toBe("course 01 v2");
    expect(handOut(from, to)).toEqual({});
  });

  it("updates notebooks the learner left untouched, restores deleted ones, adds new ones, keeps theirs", () => {
    const [from, to] = [course(), tempDir("dlcourse-learner-")];
    handOut(from, to);
    write(path.join(to, "notebooks", "mine.ipynb"), "my own notebook");
    fs.rmSync(path.join(to, "notebooks", "solutions", "01.ipynb"));
    write(path.join(from, "notebooks", "01.ipynb"), "course 01 v2");
    write(path.join(from, "notebooks", "02.ipynb"), "course 02 v1");
    expect(handOut(from, to)).toEqual({
      "notebooks/01.ipynb": "update",
      "notebooks/02.ipynb": "copy",
      "notebooks/solutions/01.ipynb": "copy",
    });
    expect(fs.readFileSync(path.join(to, "notebooks", "01.ipynb"), "utf8")).toBe("course 01 v2");
    expect(fs.readFileSync(path.join(to, "notebooks", "mine.ipynb"), "utf8")).toBe("my own notebook");
  });

  it("treats a file the learner had before any hand-out as theirs", () => {
    const [from, to] = [course(), tempDir("dlcourse-learner-")];
    write(path.join(to, "notebooks", "01.ipynb"), "already mine");
    expect(handOut(from, to)["notebooks/01.ipynb"]).toBe("offer");
    expect(fs.readFileSync(path.join(to, "notebooks", "01.ipynb"), "utf8")).toBe("already mine");
  });

  it("adds no node_modules link to a learner folder inside the course (it finds the course's as a parent's)", () => {
    const from = course();
    const to = path.join(from, "learners", "ada");
    handOut(from, to);
    expect(fs.existsSync(path.join(to, "notebooks", "01.ipynb"))).toBe(true);
    expect(fs.existsSync(path.join(to, "node_modules"))).toBe(false);
  });

  it("refuses a course folder without notebooks, and says so", () => {
    const run = spawnSync("/usr/bin/python3", [HANDOUT, "--course", tempDir(), "--to", tempDir()], {
      encoding: "utf8",
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("is not the course (no notebooks/ folder in it)");
  });
});
