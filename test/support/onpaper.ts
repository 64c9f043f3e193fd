import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./jupyter";

/** One Dockerfile instruction, continuation lines joined and comments dropped. */
export interface Instruction {
  /** Index of the build stage (0 for the first FROM). */
  stage: number;
  name: string;
  args: string;
}

/** The instructions of a Dockerfile, in order. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = "";
  let stage = -1;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#") || (line === "" && pending === "")) continue;
    pending += (pending ? " " : "") + line.replace(/\\$/, "").trim();
    if (line.endsWith("\\")) continue;
    const [name, ...rest] = pending.split(/\s+/);
    if (name.toUpperCase() === "FROM") stage++;
    instructions.push({ stage, name: name.toUpperCase(), args: rest.join(" ") });
    pending = "";
  }
  return instructions;
}

/** A COPY's flags (`--from=node` → { from: "node" }), sources and destination; JSON or shell form. */
export function parseCopy(args: string): { flags: Record<string, string>; sources: string[]; dest: string } {
  const flags: Record<string, string> = {};
  let rest = args;
  for (let m = rest.match(/^--(\w+)=(\S+)\s+/); m; m = rest.match(/^--(\w+)=(\S+)\s+/)) {
    flags[m[1]] = m[2];
    rest = rest.slice(m[0].length);
  }
  const words: string[] = rest.startsWith("[") ? JSON.parse(rest) : rest.split(/\s+/);
  return { flags, sources: words.slice(0, -1), dest: words[words.length - 1] };
}

/** The words of an exec-form (JSON) or shell-form CMD/ENTRYPOINT. */
export function commandWords(args: string): string[] {
  return args.startsWith("[") ? JSON.parse(args) : args.split(/\s+/);
}

/** `KEY=value` pairs of ENV instructions (the `ENV a=1 b=2` form), later ones winning. */
export function envOf(instructions: Instruction[], stage: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of instructions.filter((i) => i.name === "ENV" && i.stage === stage)) {
    for (const m of i.args.matchAll(/(\w+)=(\S+)/g)) env[m[1]] = m[2];
  }
  return env;
}

/** Whether `.dockerignore` patterns exclude a context path (Docker's rules: last match wins, `!` re-includes,
 * a match on a parent folder excludes what is inside it). */
export function dockerIgnored(patterns: string, file: string): boolean {
  const rules = patterns
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const parts = path.posix.normalize(file).split("/");
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const rule of rules) {
    const negate = rule.startsWith("!");
    const pattern = globToRegExp(path.posix.normalize(negate ? rule.slice(1) : rule).replace(/^\//, ""));
    if (prefixes.some((prefix) => pattern.test(prefix))) ignored = !negate;
  }
  return ignored;
}

/** A .dockerignore glob as a RegExp: `**` any folders, `*` and `?` within one path element. */
function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith("**/", i)) ((source += "(?:.*/)?"), (i += 2));
    else if (glob.startsWith("**", i)) ((source += ".*"), i++);
    else if (glob[i] === "*") source += "[^/]*";
    else if (glob[i] === "?") source += "[^/]";
    else source += glob[i].replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** A YAML file as data, through Debian's PyYAML; duplicate keys are an error (Helm refuses them too). */
export function parseYaml(file: string): unknown {
  const script = `
import json, sys, yaml
class Strict(yaml.SafeLoader):
    pass
def mapping(loader, node):
    keys = [loader.construct_object(k) for k, _ in node.value]
    twice = sorted({k for k in keys if keys.count(k) > 1}, key=str)
    if twice:
        raise yaml.YAMLError(f"duplicate key(s) {twice} at line {node.start_mark.line + 1}")
    return loader.construct_mapping(node)
Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
print(json.dumps(yaml.load(open(sys.argv[1]), Loader=Strict)))
`;
  const run = spawnSync("/usr/bin/python3", ["-c", script, file], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${file} is not valid YAML:\n${run.stderr.trim().split("\n").pop()}`);
  return JSON.parse(run.stdout);
}

/** A repository file's text. */
export function repoText(relative: string): string {
  return fs.readFileSync(path.join(ROOT, relative), "utf8");
}

/** Whether a path exists in the repository. */
export function repoHas(relative: string): boolean {
  return fs.existsSync(path.join(ROOT, relative));
}

/** Bytes in a Kubernetes quantity such as "2G", "1.5Gi" or 512000000. */
export function bytesOf(quantity: string | number): number {
  const m = String(quantity).match(/^([\d.]+)\s*([KMGT]i?)?$/);
  if (!m) throw new Error(`not a Kubernetes memory quantity: '${quantity}'`);
  const unit = m[2] ?? "";
  const power = "KMGT".indexOf(unit[0] ?? "") + 1;
  return Number(m[1]) * (unit.endsWith("i") ? 1024 : 1000) ** power;
}

/** The result of `bash -n` (or `sh -n`) on a script's text: "" when it parses. */
export function shellSyntaxError(text: string, shell: "bash" | "sh" = "bash"): string {
  const run = spawnSync(shell, ["-n"], { input: text, encoding: "utf8" });
  return run.status === 0 ? "" : run.stderr.trim() || `${shell} -n exited ${run.status}`;
}
