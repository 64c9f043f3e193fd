import * as path from "node:path";
import {
  bytesOf,
  commandWords,
  dockerIgnored,
  envOf,
  Instruction,
  parseCopy,
  parseDockerfile,
  parseYaml,
  repoHas,
  repoText,
} from "./onpaper";
import { ROOT } from "./jupyter";

/** The files "beyond one server" is made of, as text (or data), so a test can hand a check a broken copy. */
export interface Paper {
  dockerfile: string;
  dockerignore: string;
  dlcourseStart: string;
  installNode: string;
  postBuild: string;
  start: string;
  ciRun: string;
  packageJson: { engines: { node: string }; scripts: Record<string, string> };
  tsconfigBuild: { extends?: string; include?: string[] };
  kernelJson: { argv: string[] };
  values: Values;
}

/** Zero to JupyterHub's values, as parsed (read by path in the checks). */
export type Values = Record<string, any>;

const KERNELSPEC = "kernel-setup/jupyter/kernels/tslab";

/** The repository's files. */
export function readPaper(): Paper {
  return {
    dockerfile: repoText("classroom/image/Dockerfile"),
    dockerignore: repoText(".dockerignore"),
    dlcourseStart: repoText("classroom/image/dlcourse-start"),
    installNode: repoText("classroom/image/install-node.sh"),
    postBuild: repoText("binder/postBuild"),
    start: repoText("binder/start"),
    ciRun: repoText(".ci/run"),
    packageJson: JSON.parse(repoText("package.json")),
    tsconfigBuild: JSON.parse(repoText("tsconfig.build.json")),
    kernelJson: JSON.parse(repoText(`${KERNELSPEC}/kernel.json`)),
    values: parseYaml(path.join(ROOT, "classroom", "k8s", "values.yaml")) as Values,
  };
}

/** The Dockerfile's instructions, its course stage (WORKDIR /opt/dlcourse) and its last stage. */
function stages(p: Paper): { all: Instruction[]; course: number; last: number } {
  const all = parseDockerfile(p.dockerfile);
  const workdir = all.find((i) => i.name === "WORKDIR" && i.args === "/opt/dlcourse");
  return { all, course: workdir?.stage ?? -1, last: all[all.length - 1].stage };
}

/** COPYs from the build context: every source is in the repository and not left out by .dockerignore; the context
 * leaves out installs and builds. */
export function copySourceProblems(p: Paper): string[] {
  const problems: string[] = [];
  for (const copy of stages(p)
    .all.filter((i) => i.name === "COPY")
    .map((i) => parseCopy(i.args))) {
    if (copy.flags.from) continue;
    for (const source of copy.sources) {
      if (!repoHas(source)) problems.push(`COPY source '${source}' is not in the repository`);
      else if (dockerIgnored(p.dockerignore, source)) problems.push(`COPY source '${source}' is in .dockerignore`);
    }
  }
  for (const built of ["node_modules", "dist", "frontends/jupyterlab/node_modules"]) {
    if (!dockerIgnored(p.dockerignore, built)) problems.push(`.dockerignore lets '${built}' into the context`);
  }
  return problems;
}

/** Paths (relative to the course) the course stage copies in. */
function courseCopies(p: Paper): string[] {
  const { all, course } = stages(p);
  return all
    .filter((i) => i.name === "COPY" && i.stage === course)
    .map((i) => parseCopy(i.args))
    .filter((copy) => !copy.flags.from)
    .flatMap(({ sources, dest }) =>
      sources.map((s) =>
        path.posix.normalize(sources.length > 1 || dest.endsWith("/") ? `${dest}/${path.basename(s)}` : dest),
      ),
    );
}

/** What the course stage must copy: the build's inputs (npm run build's files, tsconfig's extends and include)
 * and what the running image reads under /opt/dlcourse (the kernelspec, the hand-out, the notebooks). */
function courseNeeds(p: Paper): string[] {
  const build = p.packageJson.scripts.build.split(/\s+/).filter((w) => /\.(json|mjs|js)$/.test(w));
  const fromEnv = envOf(stages(p).all, stages(p).last).JUPYTER_PATH ?? "";
  const handout = p.dlcourseStart.match(/\$COURSE\/(\S+\.py)/)?.[1] ?? "the hand-out script";
  return [
    "package.json",
    "package-lock.json",
    ...build,
    ...(p.tsconfigBuild.extends ? [path.posix.normalize(p.tsconfigBuild.extends)] : []),
    ...(p.tsconfigBuild.include ?? []),
    path.posix.relative("/opt/dlcourse", fromEnv),
    handout,
    "notebooks",
  ];
}

/** The course stage copies everything the build and the running image need; the kernelspec's entry point is one
 * the build makes (dist/X.js from src/X.ts). */
export function courseCopyProblems(p: Paper): string[] {
  const copied = courseCopies(p);
  const covered = (need: string) => copied.some((c) => need === c || need.startsWith(`${c}/`));
  const problems = courseNeeds(p)
    .filter((need) => !covered(need))
    .map((need) => `the course stage does not copy '${need}'`);
  const main = path.posix.normalize(p.kernelJson.argv[1].replace("{resource_dir}", KERNELSPEC));
  const source = main.replace(/^dist\//, "src/").replace(/\.js$/, ".ts");
  if (!main.startsWith("dist/") || !repoHas(source)) problems.push(`the kernelspec runs ${main}, not built from src/`);
  return problems;
}

/** The image: Debian bookworm, Debian's Jupyter and JupyterHub, a non-root user, our Node first on PATH, our
 * kernelspec on JUPYTER_PATH, the classic Notebook as the server, the hand-out before it. */
export function imageProblems(p: Paper): string[] {
  const { all, last, course } = stages(p);
  const problems: string[] = [];
  const final = all.filter((i) => i.stage === last);
  for (const from of all.filter((i) => i.name === "FROM")) {
    if (!/^debian:bookworm(-slim)?(@sha256:[0-9a-f]{64})?(\s|$)/.test(from.args)) problems.push(`FROM ${from.args}`);
  }
  const apt = final.filter((i) => i.name === "RUN" && i.args.includes("apt-get install")).map((i) => i.args);
  for (const pkg of ["jupyter-notebook", "python3-ipykernel", "jupyterhub"]) {
    if (!apt.some((run) => run.split(/\s+/).includes(pkg))) problems.push(`the image does not apt-get install ${pkg}`);
  }
  const [uid, gid] = (final.filter((i) => i.name === "USER").pop()?.args ?? "root").split(":");
  if (!/^[1-9]\d*$/.test(uid)) problems.push(`USER must be a numeric non-root uid, not '${uid}'`);
  if (!final.some((i) => i.name === "RUN" && i.args.includes(`useradd --uid ${uid} --gid ${gid}`))) {
    problems.push(`no useradd --uid ${uid} --gid ${gid}`);
  }
  const env = envOf(all, last);
  if (env.JUPYTER_PATH !== "/opt/dlcourse/kernel-setup/jupyter" || !repoHas(`${KERNELSPEC}/kernel.json`)) {
    problems.push(`JUPYTER_PATH=${env.JUPYTER_PATH} is not the course's kernel-setup/jupyter`);
  }
  if (!env.PATH?.startsWith("/opt/node/bin:")) problems.push(`PATH=${env.PATH} does not put /opt/node/bin first`);
  if (env.JUPYTERHUB_SINGLEUSER_APP !== "notebook.notebookapp.NotebookApp") {
    problems.push("JUPYTERHUB_SINGLEUSER_APP is not the classic Notebook (jupyter_server has no /tree here)");
  }
  const copiedFrom = final.filter((i) => i.name === "COPY").map((i) => parseCopy(i.args));
  const courseAlias = all.find((i) => i.name === "FROM" && i.stage === course)?.args.split(/\s+AS\s+/i)[1];
  if (!copiedFrom.some((c) => c.flags.from === courseAlias && c.dest === "/opt/dlcourse")) {
    problems.push("the last stage does not copy the built course to /opt/dlcourse");
  }
  if (
    !copiedFrom.some((c) => c.sources[0] === "classroom/image/dlcourse-start" && c.dest.startsWith("/usr/local/bin"))
  ) {
    problems.push("dlcourse-start is not copied onto PATH");
  }
  const run = final.filter((i) => i.name === "ENTRYPOINT" || i.name === "CMD").flatMap((i) => commandWords(i.args));
  if (run.indexOf("dlcourse-start") < 0 || run.indexOf("jupyterhub-singleuser") < run.indexOf("dlcourse-start")) {
    problems.push(`the image runs '${run.join(" ")}', not dlcourse-start then jupyterhub-singleuser`);
  }
  if (!p.dlcourseStart.includes('COURSE="${DLCOURSE_COURSE:-/opt/dlcourse}"')) {
    problems.push("dlcourse-start does not default to the course in /opt/dlcourse");
  }
  return problems;
}
