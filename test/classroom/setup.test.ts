import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/jupyter";

/** Runs classroom/setup.sh with `args` (always with --dry-run unless a rule stops it first). */
function setup(...args: string[]) {
  const run = spawnSync("bash", [path.join(ROOT, "classroom", "setup.sh"), ...args], { encoding: "utf8" });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

/** The settings JSON a dry run would write. */
function settingsOf(out: string): Record<string, unknown> {
  const start = out.indexOf("{", out.indexOf("classroom.json:"));
  return JSON.parse(out.slice(start, out.indexOf("\n}", start) + 2));
}

describe("classroom/setup.sh's rules (a dry run: nothing installed)", () => {
  it("refuses a hub other machines can reach without HTTPS, and says what to give", () => {
    const run = setup("--dry-run", "--admin", "teacher", "--bind", "http://0.0.0.0:8000");
    expect(run.status).toBe(2);
    expect(run.err).toContain("--ssl-cert and --ssl-key, or --behind-https-proxy");
  });

  it("needs the teacher's account and a number for the idle timeout", () => {
    expect(setup("--dry-run").err).toContain("--admin USER is required");
    expect(setup("--dry-run", "--admin", "t", "--idle-timeout", "soon").err).toContain("must be a number");
  });

  it("plans the install and writes settings the hub's config reads", () => {
    const local = setup("--dry-run", "--admin", "teacher");
    expect(local.status).toBe(0);
    expect(settingsOf(local.out)).toMatchObject({
      bind_url: "http://127.0.0.1:8000",
      admin_users: ["teacher"],
      learner_group: "dlcourse-learners",
      course_dir: "/opt/dlcourse/course",
      idle_timeout: 3600,
    });
    const https = setup(
      "--dry-run",
      "--admin",
      "t",
      "--bind",
      "https://0.0.0.0:443",
      "--ssl-cert",
      "c",
      "--ssl-key",
      "k",
    );
    expect(settingsOf(https.out)).toMatchObject({ ssl_cert: "c", ssl_key: "k" });
  });
});
