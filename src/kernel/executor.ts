import * as vm from "node:vm";
import * as ts from "@tslab/typescript-for-tslab";
import { createConverter, type Converter, type Diagnostic } from "tslab/dist/converter";
import { getCodeMetadata } from "tslab/dist/metadata";
import { CellModules } from "./modules";
import { CellSourceMap, tracebackLines } from "./traceback";

/** A Jupyter error: name, message and traceback lines. */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** What running a cell gave: its last expression's value (undefined when it has none), or an error. */
export type CellResult = { ok: true; value?: unknown } | { ok: false; error: CellError };

/** The name of the global through which a cell's wrapper reaches the kernel's exports and require. */
const BRIDGE = "__dlcourseKernel__";

/**
 * Runs TypeScript cells one after another with tslab's converter (declarations carried across cells, types checked):
 * each cell becomes a function of (exports, require) that this executor calls; top-level declarations live on
 * `exports`. A cell that starts with `/** @module name *\/` defines a module later cells import (tslab's convention).
 */
export class CellExecutor {
  private readonly converter: Converter = createConverter();
  private readonly locals: Record<string, unknown> = {};
  private readonly modules: CellModules;
  /** Every cell run so far, by name, to point tracebacks at their own lines. */
  private readonly cells = new Map<string, CellSourceMap>();
  private declarations = "";
  private interruptCell?: (error: Error) => void;

  constructor(rootDir: string) {
    this.modules = new CellModules(rootDir);
    (globalThis as Record<string, unknown>)[BRIDGE] = { exports: this.exportsProxy(), require: this.modules.require };
  }

  /** Compiles and runs one cell; `cellName` names it in tracebacks (e.g. "In[3]"). */
  async run(source: string, cellName: string): Promise<CellResult> {
    const meta = getCodeMetadata(source);
    if (meta.module) return this.defineModule(meta.module, source, meta);
    if (meta.mode === "browser") {
      process.stdout.write("This cell is marked @browser: this kernel runs Node cells only, so it was not run.\n");
      return { ok: true };
    }
    const converted = this.converter.convert(this.declarations, expandShorthands(source, this.locals));
    this.modules.addCompiled(converted.sideOutputs);
    if (converted.diagnostics.length > 0) return { ok: false, error: compileError(converted.diagnostics, source) };
    if (!converted.output) {
      this.declarations = converted.declOutput ?? "";
      return { ok: true };
    }
    this.cells.set(cellName, new CellSourceMap(source, converted.output));
    try {
      await this.modules.loadEsModules(source);
      const wrapper = converted.hasToplevelAwait
        ? "(async function (exports, require) {"
        : "(function (exports, require) {";
      const code = `${wrapper}${converted.output}\n})(${BRIDGE}.exports, ${BRIDGE}.require)`;
      const returned = vm.runInThisContext(code, { filename: cellName, breakOnSigint: true });
      if (converted.hasToplevelAwait) await this.interruptible(returned as Promise<unknown>);
    } catch (e) {
      return { ok: false, error: this.errorOf(e) };
    }
    this.declarations = converted.declOutput ?? "";
    return this.lastValue(converted.lastExpressionVar);
  }

  /** A thrown value as a Jupyter error; frames in cells point at the cells' own lines. */
  errorOf(thrown: unknown): CellError {
    if (!(thrown instanceof Error))
      return { ename: "Error", evalue: String(thrown), traceback: [`Uncaught ${String(thrown)}`] };
    const frames = tracebackLines(thrown.stack ?? "", this.cells, __dirname);
    return { ename: thrown.name, evalue: thrown.message, traceback: [`${thrown.name}: ${thrown.message}`, ...frames] };
  }

  /** Rejects the awaited promise of the running cell (Kernel → Interrupt while a cell awaits). */
  interrupt(): void {
    this.interruptCell?.(Object.assign(new Error("interrupted by the user"), { name: "KeyboardInterrupt" }));
  }

  /** Completion candidates at `cursor` (a character offset in `source`). */
  complete(source: string, cursor: number): { start: number; end: number; matches: string[] } {
    const info = this.converter.complete(this.declarations, source, cursor);
    return { start: info.start, end: info.end, matches: info.candidates };
  }

  /** TypeScript's quick info (type and documentation) at `cursor`, as text; undefined where there is none. */
  inspect(source: string, cursor: number): string | undefined {
    const info = this.converter.inspect(this.declarations, source, cursor);
    if (!info) return undefined;
    const signature = (info.displayParts ?? []).map((p) => p.text).join("");
    const docs = (info.documentation ?? []).map((p) => p.text).join("");
    return [signature, docs].filter(Boolean).join("\n\n");
  }

  /** Registers a `@module` cell's code for later imports; its type errors are the cell's errors. */
  private defineModule(name: string, source: string, meta: ReturnType<typeof getCodeMetadata>): CellResult {
    const diagnostics = this.converter.addModule(name, source, meta);
    return diagnostics.length > 0 ? { ok: false, error: compileError(diagnostics, source) } : { ok: true };
  }

  /** Waits for a cell's promise, unless the user interrupts first. */
  private async interruptible(promise: Promise<unknown>): Promise<void> {
    const interrupted = new Promise<never>((_, reject) => (this.interruptCell = reject));
    try {
      await Promise.race([promise, interrupted]);
    } finally {
      this.interruptCell = undefined;
    }
  }

  /** The value of the cell's last expression, taken out of the locals. */
  private lastValue(name: string | undefined): CellResult {
    if (!name || !(name in this.locals)) return { ok: true };
    const value = this.locals[name];
    delete this.locals[name];
    return { ok: true, value };
  }

  /**
   * The `exports` cells write their declarations to. TypeScript's output defines imported names with getters; they
   * are stored as plain values so that a later cell can redeclare them.
   */
  private exportsProxy(): Record<string, unknown> {
    return new Proxy(this.locals, {
      defineProperty: (target, property, attributes) => {
        if (property === "__esModule") return true;
        target[property as string] = attributes.get ? attributes.get() : attributes.value;
        return true;
      },
    });
  }
}

/** A type or syntax error: one traceback entry per diagnostic, with the cell's line and a caret under the column. */
function compileError(diagnostics: Diagnostic[], source: string): CellError {
  const lines = source.split("\n");
  const traceback = diagnostics.flatMap((d) => {
    const where = `${d.fileName ? `${d.fileName} ` : ""}line ${d.start.line + 1}, column ${d.start.character + 1}`;
    const shown = d.fileName ? [] : [`  ${lines[d.start.line] ?? ""}`, `  ${" ".repeat(d.start.character)}^`];
    return [`${where}: error TS${d.code}: ${d.messageText}`, ...shown];
  });
  const first = diagnostics[0];
  return { ename: "TypeScriptError", evalue: `TS${first.code}: ${first.messageText}`, traceback };
}

/**
 * `{ px }` → `{ px: px }` for names an earlier cell declared: tslab's converter rewrites references to them but not
 * shorthand properties (a ReferenceError otherwise). Same meaning, same lines.
 */
function expandShorthands(source: string, earlier: Record<string, unknown>): string {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, true);
  const names: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node) && node.name.text in earlier) names.push(node.name);
    node.forEachChild(visit);
  };
  visit(file);
  return names
    .sort((a, b) => b.end - a.end)
    .reduce((text, name) => `${text.slice(0, name.end)}: ${name.text}${text.slice(name.end)}`, source);
}
