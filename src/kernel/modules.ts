import * as fs from "node:fs";
import Module, { createRequire } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import * as ts from "@tslab/typescript-for-tslab";

/** A compiled file next to the notebook (a local `.ts` import or a `@module` cell), as tslab's converter emits it. */
export interface CompiledFile {
  path: string;
  data: string;
}

/** The conditions an ES module import matches in a package's `exports`, in Node's order. */
const IMPORT_CONDITIONS = new Set(["node", "import", "default"]);
/** The conditions `require` matches. */
const REQUIRE_CONDITIONS = new Set(["node", "require", "default"]);

/**
 * The `require` that cells call (TypeScript compiles their imports to it), resolving from the notebook's folder:
 * local `.ts` files and `@module` cells compiled by the converter, `tslab` itself, and packages that are ES modules
 * only (loaded with `import()` before the cell runs, as `require` cannot load them).
 */
export class CellModules {
  readonly require: NodeJS.Require;
  private readonly compiled = new Map<string, string>();
  private readonly loaded = new Map<string, Module>();
  private readonly esModules = new Map<string, unknown>();
  /** Packages already found to load with `require`: their package.json is not read again for every cell. */
  private readonly commonJs = new Set<string>();

  constructor(private readonly rootDir: string) {
    this.require = this.requireFrom(createRequire(path.join(rootDir, "cell.js")), rootDir);
  }

  /** Takes newly compiled local files; a changed file is loaded afresh at its next import. */
  addCompiled(files: CompiledFile[] = []): void {
    for (const file of files) {
      this.compiled.set(file.path, file.data);
      this.loaded.delete(file.path);
    }
  }

  /** Imports, before a cell runs, every package it names that only an ES module import can load. */
  async loadEsModules(source: string): Promise<void> {
    for (const { fileName: specifier } of ts.preProcessFile(source, true, true).importedFiles) {
      if (this.esModules.has(specifier) || this.commonJs.has(specifier) || specifier.startsWith(".")) continue;
      const entry = esModuleEntry(specifier, this.rootDir);
      if (entry) this.esModules.set(specifier, asCommonJs(await importEsModule(pathToFileURL(entry).href)));
      else if (entry === null) this.commonJs.add(specifier);
    }
  }

  /** A `require` for code in `dir` that knows the compiled files and the ES-only packages. */
  private requireFrom(base: NodeJS.Require, dir: string): NodeJS.Require {
    const load = (id: string): unknown => {
      if (id === "tslab") return tslabShowingThroughKernel();
      if (this.esModules.has(id)) return this.esModules.get(id);
      const file = id.startsWith(".") ? compiledPath(path.join(dir, id)) : undefined;
      return file && this.compiled.has(file) ? this.loadCompiled(file) : base(id);
    };
    return Object.assign(load, base);
  }

  /** Runs a compiled local file once as a CommonJS module (again after it changes). */
  private loadCompiled(file: string): unknown {
    const cached = this.loaded.get(file);
    if (cached) return cached.exports;
    const mod = new Module(file);
    mod.filename = file;
    mod.paths = createRequire(file).resolve.paths("x") ?? [];
    mod.require = this.requireFrom(createRequire(file), path.dirname(file));
    this.loaded.set(file, mod);
    (mod as unknown as { _compile(code: string, file: string): void })._compile(this.compiled.get(file) ?? "", file);
    return mod.exports;
  }
}

/** The kernel's display API (src/kernel/main.ts puts it under this global symbol). */
type KernelDisplay = (bundle: Record<string, unknown>, options: Record<string, unknown>) => void;

/** tslab's public module (`tslab.display.html(…)`, `tslab.newDisplay()`), its display wired to this kernel. */
function tslabShowingThroughKernel(): unknown {
  const kernel = (globalThis as Record<symbol, { display: KernelDisplay } | undefined>)[Symbol.for("dlcourse.kernel")];
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
  if (kernel)
    jupyter.lastWriteDisplayData = (message: TslabDisplayMessage, update: boolean) =>
      kernel.display(message.data, { displayId: message.transient?.display_id, update, metadata: message.metadata });
  return require("tslab");
}

/** What tslab's display functions hand to the kernel. */
interface TslabDisplayMessage {
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  transient?: { display_id?: string };
}

/** A real `import()` (TypeScript's CommonJS output would turn a written one into `require`). */
const importEsModule = new Function("url", "return import(url)") as (url: string) => Promise<Record<string, unknown>>;

/** `./helper` → `./helper.js` (the converter's output name). */
function compiledPath(file: string): string {
  return path.extname(file) === "" ? `${file}.js` : file.replace(/\.ts$/, ".js");
}

/** An ES module namespace as TypeScript's CommonJS output expects it (default and named imports both work). */
function asCommonJs(namespace: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(null), namespace, { __esModule: true });
}

/**
 * The file an `import` of `specifier` loads, when the package is an ES module only (its `exports` offer no `require`,
 * or it is `"type": "module"`); null for an installed package `require` handles; undefined for `node:` modules and
 * packages not installed (yet: a learner may install one later in the session).
 */
export function esModuleEntry(specifier: string, fromDir: string): string | null | undefined {
  if (specifier.startsWith("node:")) return undefined;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  const subpath = `.${specifier.slice(name.length)}`;
  const dir = packageDir(name, fromDir);
  if (!dir) return undefined;
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  const main = subpath === "." ? String(pkg.main ?? "index.js") : undefined;
  const target = pkg.exports === undefined ? main : exportTarget(pkg.exports, subpath);
  const requireTarget = pkg.exports === undefined ? main : exportTarget(pkg.exports, subpath, REQUIRE_CONDITIONS);
  const isEsm = (file: string) => file.endsWith(".mjs") || (pkg.type === "module" && !file.endsWith(".cjs"));
  return target && (!requireTarget || isEsm(requireTarget)) ? path.join(dir, target) : null;
}

/** The installed package's folder, looked up through node_modules folders from `fromDir` upwards. */
function packageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The file `exports` maps `subpath` to under `conditions` (exact subpaths, `*` patterns, nested conditions). */
function exportTarget(exports: unknown, subpath: string, conditions = IMPORT_CONDITIONS): string | undefined {
  const map = exports as Record<string, unknown>;
  const isSubpathMap = typeof exports === "object" && exports !== null && Object.keys(map)[0]?.startsWith(".");
  if (!isSubpathMap) return subpath === "." ? conditionTarget(exports, conditions) : undefined;
  if (subpath in map) return conditionTarget(map[subpath], conditions);
  for (const [key, value] of Object.entries(map)) {
    const [prefix, suffix = ""] = key.split("*");
    if (!key.includes("*") || !subpath.startsWith(prefix) || !subpath.endsWith(suffix)) continue;
    const matched = subpath.slice(prefix.length, subpath.length - suffix.length);
    return conditionTarget(value, conditions)?.replace("*", matched);
  }
  return undefined;
}

/** Resolves nested condition objects and fallback arrays to one relative file. */
function conditionTarget(value: unknown, conditions: Set<string>): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => conditionTarget(v, conditions)).find(Boolean);
  if (typeof value !== "object" || value === null) return undefined;
  for (const [condition, target] of Object.entries(value)) {
    if (conditions.has(condition)) return conditionTarget(target, conditions);
  }
  return undefined;
}
