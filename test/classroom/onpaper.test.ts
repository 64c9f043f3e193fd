import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { jupyterPython, ROOT } from "../support/jupyter";
import { dockerIgnored, parseYaml } from "../support/onpaper";
import { copySourceProblems, courseCopyProblems, imageProblems, Paper, readPaper } from "../support/onpaper-checks";
import {
  binderProblems,
  nodeVersionProblems,
  notExecutable,
  SCRIPTS,
  shellcheck,
  shellProblems,
  valuesProblems,
} from "../support/onpaper-deploy";
import { tempDir, writeFile } from "../support/tmp";

// Static checks of what cannot run here (a container image, Zero to JupyterHub, Binder): see
// classroom/BEYOND-ONE-SERVER.md. Each check is also handed a broken copy, to show it can fail.

const paper = readPaper();

/** The paper with one file's text changed. */
function broken<K extends keyof Paper>(key: K, change: (value: Paper[K]) => Paper[K]): Paper {
  return { ...paper, [key]: change(structuredClone(paper[key])) };
}

/** `text` with `from` replaced, failing the test if `from` is not there (a mutation that changes nothing). */
function replaced(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`the mutation found no '${from}'`);
  return out;
}

describe("classroom/k8s/values.yaml", () => {
  it("parses as YAML (duplicate keys refused)", () => {
    const dir = tempDir("dlcourse-yaml-");
    expect(() => parseYaml(writeFile(dir, "dup.yaml", "cull:\n  timeout: 1\n  timeout: 2\n"))).toThrow(/duplicate/);
    expect(() => parseYaml(writeFile(dir, "bad.yaml", "cull: [\n"))).toThrow(/not valid YAML/);
    expect(paper.values.singleuser).toBeDefined();
  });

  it("hands out, limits, stores, culls, authenticates and pins as the image needs", () => {
    expect(valuesProblems(paper)).toEqual([]);
    const mutations: [(v: Paper["values"]) => void, RegExp][] = [
      [(v) => (v.singleuser.cmd = ["jupyterhub-singleuser"]), /hand the notebooks out/],
      [(v) => (v.singleuser.memory.limit = "1G"), /memory limit/],
      [(v) => delete v.singleuser.memory.guarantee, /guarantee and a limit/],
      [(v) => (v.singleuser.cpu.limit = "2"), /singleuser\.cpu/],
      [(v) => (v.singleuser.storage.type = "none"), /dynamic volume/],
      [(v) => (v.cull.enabled = false), /culled/],
      [(v) => (v.hub.config.JupyterHub.authenticator_class = "dummy"), /lets anyone in/],
      [(v) => (v.hub.config.GitHubOAuthenticator.allowed_organizations = []), /no allow list/],
      [(v) => (v.hub.config.Authenticator.allow_all = true), /allows everyone/],
      [(v) => (v.hub.image.tag = "4.4.0"), /does not run JupyterHub 3/],
      [(v) => (v.hub.image.tag = "latest"), /not pinned/],
      [(v) => (v.singleuser.uid = 0), /uid\/fsGid/],
    ];
    for (const [mutate, problem] of mutations) {
      const values = structuredClone(paper.values);
      mutate(values);
      expect(valuesProblems({ ...paper, values })).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    }
  });
});

describe("classroom/image/Dockerfile", () => {
  it("copies only files that are in the repository and not in .dockerignore", () => {
    expect(copySourceProblems(paper)).toEqual([]);
    const missing = broken("dockerfile", (d) => replaced(d, "COPY src src", "COPY source src"));
    expect(copySourceProblems(missing)).toEqual(["COPY source 'source' is not in the repository"]);
    const ignored = broken("dockerignore", (d) => `${d}\nnotebooks\n`);
    expect(copySourceProblems(ignored)).toEqual(["COPY source 'notebooks' is in .dockerignore"]);
    expect(copySourceProblems(broken("dockerignore", (d) => replaced(d, /^dist$/m, "")))).toEqual([
      ".dockerignore lets 'dist' into the context",
    ]);
    expect(dockerIgnored("**/node_modules\n!frontends/x/node_modules", "frontends/x/node_modules/a")).toBe(false);
  });

  it("copies into the course what the build and the running image need", () => {
    expect(courseCopyProblems(paper)).toEqual([]);
    const noScripts = broken("dockerfile", (d) => replaced(d, "COPY scripts scripts\n", ""));
    expect(courseCopyProblems(noScripts)).toContain("the course stage does not copy 'scripts/assets.mjs'");
    const noBase = broken("dockerfile", (d) => replaced(d, " tsconfig.json ", " "));
    expect(courseCopyProblems(noBase)).toEqual(["the course stage does not copy 'tsconfig.json'"]);
    const noHandout = broken("dockerfile", (d) => replaced(d, /^COPY classroom\/handout\.py.*\n/m, ""));
    expect(courseCopyProblems(noHandout)).toEqual(["the course stage does not copy 'classroom/handout.py'"]);
  });

  it("is Debian bookworm with its Jupyter, a non-root user, our Node, kernelspec and start", () => {
    expect(imageProblems(paper)).toEqual([]);
    const mutations: [string | RegExp, string, RegExp][] = [
      ["FROM debian:bookworm-slim AS course", "FROM node:24 AS course", /FROM node:24/],
      [" jupyterhub tini", " tini", /apt-get install jupyterhub/],
      ["USER 1000:100", "USER root", /non-root/],
      ["JUPYTER_PATH=/opt/dlcourse/kernel-setup/jupyter", "JUPYTER_PATH=/opt/dlcourse", /JUPYTER_PATH/],
      ["ENV PATH=/opt/node/bin:$PATH \\", "ENV PATH=$PATH:/opt/node/bin \\", /\/opt\/node\/bin first/],
      [/^ +JUPYTERHUB_SINGLEUSER_APP=.*\n/m, "", /classic Notebook/],
      ['CMD ["dlcourse-start", "jupyterhub-singleuser"]', 'CMD ["jupyterhub-singleuser"]', /not dlcourse-start/],
    ];
    for (const [from, to, problem] of mutations) {
      const problems = imageProblems(broken("dockerfile", (d) => replaced(d, from, to)));
      expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    }
  });

  it("installs the Node that CI tests, from one pinned script shared with Binder", () => {
    expect(nodeVersionProblems(paper)).toEqual([]);
    const older = broken("installNode", (s) => replaced(s, /^NODE_VERSION=".*"$/m, 'NODE_VERSION="22.1.0"'));
    expect(nodeVersionProblems(older)).toEqual([expect.stringMatching(/installs Node 22\.1\.0, CI tests 24/)]);
    const unpinned = broken("installNode", (s) => replaced(s, /^NODE_SHA512=.*$/m, ""));
    expect(nodeVersionProblems(unpinned)).toEqual(["install-node.sh pins no sha512 for Node"]);
    const binder = broken("postBuild", (s) => replaced(s, /^classroom\/image\/install-node\.sh.*$/m, "true"));
    expect(nodeVersionProblems(binder)).toEqual(["binder/postBuild does not run classroom/image/install-node.sh"]);
  });

  it("hands the notebooks out before the server, which runs in ~/dlcourse, even when the hand-out fails", () => {
    /** dlcourse-start (the course: this repository) running a command that shows its folder and arguments. */
    const start = (home: string) =>
      spawnSync(path.join(ROOT, "classroom/image/dlcourse-start"), ["/bin/sh", "-c", 'pwd; echo "$@"', "-", "a b"], {
        env: { ...process.env, HOME: home, DLCOURSE_COURSE: ROOT, DLCOURSE_LEARNER_DIR: path.join(home, "folder") },
        encoding: "utf8",
      });
    const home = tempDir("dlcourse-home-");
    const first = start(home);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout.trim().split("\n").slice(-2)).toEqual([path.join(home, "dlcourse"), "a b"]);
    expect(fs.existsSync(path.join(home, "dlcourse", "notebooks", "00-setup.ipynb"))).toBe(true);
    expect(fs.realpathSync(path.join(home, "dlcourse", "node_modules"))).toBe(fs.realpathSync(`${ROOT}/node_modules`));
    const broken = tempDir("dlcourse-home-");
    writeFile(fs.mkdirSync(path.join(broken, "dlcourse"), { recursive: true })!, ".handout.json", "not JSON");
    const failed = start(broken);
    expect(failed.status).toBe(0);
    expect(failed.stderr).toMatch(/the hand-out .* failed .*starting without it/);
    expect(failed.stdout.trim().split("\n").slice(-2)).toEqual([path.join(broken, "dlcourse"), "a b"]);
  });
});

describe("binder/ (repo2docker)", () => {
  it("postBuild installs Node and the course; start sets PATH and JUPYTER_PATH and downloads nothing", () => {
    expect(binderProblems(paper)).toEqual([]);
    const mutations: [keyof Paper, string | RegExp, string, RegExp][] = [
      ["postBuild", /^set -euo pipefail$/m, "", /set -e/],
      ["postBuild", /^npm ci.*$/m, "npm install", /npm ci/],
      ["start", /^NODE_DIR=.*$/m, 'NODE_DIR="/opt/node"', /disagree/],
      ["start", /^exec "\$@"$/m, 'exec "$@"\necho done', /exec "\$@"/],
      ["start", /^exec /m, "npm ci && exec ", /runs 'npm' at start/],
      ["dlcourseStart", "cd ", "curl -s x; cd ", /runs 'curl' at start/],
    ];
    for (const [key, from, to, problem] of mutations) {
      const problems = binderProblems(broken(key, (s) => replaced(s as string, from, to) as Paper[typeof key]));
      expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    }
  });

  it("start makes Jupyter find the course's kernelspec", () => {
    const home = tempDir("dlcourse-binder-home-");
    const script = "import json, jupyter_client.kernelspec as k; print(json.dumps(k.find_kernel_specs()))";
    const run = spawnSync(path.join(ROOT, "binder/start"), [jupyterPython(), "-c", script], {
      env: { ...process.env, HOME: home, JUPYTER_PATH: "" },
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).tslab).toBe(path.join(ROOT, "kernel-setup", "jupyter", "kernels", "tslab"));
  });
});

describe("the shell scripts", () => {
  const texts = Object.fromEntries(SCRIPTS.map((file) => [file, fs.readFileSync(path.join(ROOT, file), "utf8")]));

  it("parse (bash -n; the Dockerfile's RUN lines with sh -n) and are executable", () => {
    expect(shellProblems(texts, paper.dockerfile)).toEqual([]);
    expect(notExecutable(SCRIPTS)).toEqual([]);
    const badScript = { ...texts, "binder/start": replaced(texts["binder/start"], /^exec/m, "if exec") };
    expect(shellProblems(badScript, paper.dockerfile)).toEqual([expect.stringMatching(/^binder\/start: .*syntax/)]);
    const badRun = replaced(paper.dockerfile, "&& npm cache clean --force", "&& (npm cache clean --force");
    expect(shellProblems(texts, badRun)).toEqual([expect.stringMatching(/^Dockerfile RUN npm ci/)]);
  });

  it.skipIf(shellcheck([]) === undefined)("pass shellcheck (where it is installed: Debian's shellcheck)", () => {
    expect(shellcheck(SCRIPTS)).toBe("");
    const dir = tempDir("dlcourse-shellcheck-");
    fs.writeFileSync(path.join(dir, "bad.sh"), "#!/bin/bash\ncd $1\n");
    expect(shellcheck([path.join(dir, "bad.sh")])).toMatch(/SC2086/);
  });
});
