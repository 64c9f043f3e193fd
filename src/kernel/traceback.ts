import * as ts from "@tslab/typescript-for-tslab";

/** A token's text and where it starts (0-based line and column). */
interface Token {
  text: string;
  line: number;
  column: number;
}

/** The most tokens of a cell we align (the table is cells × cells); longer cells get no source lines. */
const MAX_TOKENS = 3000;

/** Lines tslab's converter adds to every cell: the module marker and the `exports.x = x` bookkeeping. */
const GENERATED_LINE =
  /^\s*(Object\.defineProperty\(exports, "__esModule"|exports\.[\w$]+ = (exports\.[\w$]+ = )*(void 0|[\w$]+);$)/;

/**
 * Maps positions in the JavaScript a cell compiled to back to the cell's TypeScript: both are split into tokens and
 * aligned by their longest common subsequence (types are only in the source; `exports.` and the like only in the
 * output). A runtime position maps to the nearest aligned token on its line.
 */
export class CellSourceMap {
  private readonly sourceTokens: Token[];
  private readonly codeTokens: Token[];
  private readonly codeLineCount: number;
  private matches?: Int32Array;

  constructor(
    readonly source: string,
    code: string,
  ) {
    const codeLines = code.split("\n");
    this.codeLineCount = codeLines.length;
    this.sourceTokens = tokens(source);
    this.codeTokens = tokens(code).filter((t) => !GENERATED_LINE.test(codeLines[t.line] ?? ""));
  }

  /** Whether a 1-based line of the run code is past the compiled cell: the kernel's call of the cell. */
  isWrapper(line: number): boolean {
    return line > this.codeLineCount;
  }

  /** The cell's 0-based line and column for a 1-based line:column in the compiled code, if it can be told. */
  sourcePosition(line: number, column: number): { line: number; column: number } | undefined {
    const matches = (this.matches ??= align(this.sourceTokens, this.codeTokens));
    const onLine = this.codeTokens
      .map((t, i) => ({ t, i }))
      .filter(({ t, i }) => t.line === line - 1 && matches[i] >= 0);
    const at = onLine.find(({ t }) => t.column >= column - 1) ?? onLine[onLine.length - 1];
    if (!at) return undefined;
    const token = this.sourceTokens[matches[at.i]];
    return { line: token.line, column: token.column };
  }
}

/** A script's tokens without comments and whitespace. */
function tokens(text: string): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const found: Token[] = [];
  let line = 0;
  let lineStart = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const start = scanner.getTokenPos();
    for (let newline = text.indexOf("\n", lineStart); newline >= 0 && newline < start;) {
      line++;
      lineStart = newline + 1;
      newline = text.indexOf("\n", lineStart);
    }
    found.push({ text: scanner.getTokenText(), line, column: start - lineStart });
  }
  return found;
}

/** For each token of `b`, the index of the token of `a` it is aligned with (−1 when none). */
function align(a: Token[], b: Token[]): Int32Array {
  const matches = new Int32Array(b.length).fill(-1);
  if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) return matches;
  const width = b.length + 1;
  const lengths = new Int32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lengths[i * width + j] =
        a[i].text === b[j].text
          ? lengths[(i + 1) * width + j + 1] + 1
          : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i].text === b[j].text) matches[j++] = i++;
    else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) i++;
    else j++;
  }
  return matches;
}

/** A stack frame's reference to a cell: `In[3]:7:15`. */
const CELL_FRAME = /(In\[\d+\]):(\d+):(\d+)/;

/**
 * A thrown error's stack as traceback lines: frames in cells point at the cell's own line:column with that line
 * and a caret under it; frames of Node's internals and of the kernel are left out.
 */
export function tracebackLines(stack: string, cells: Map<string, CellSourceMap>, hiddenDir: string): string[] {
  const frames = stack.split("\n").filter((line) => /^\s+at /.test(line));
  const shown = frames.filter((line) => !/\(?node:/.test(line) && !line.includes(hiddenDir));
  return shown.flatMap((frame) => {
    const [found = "", cell = "", line, column] = CELL_FRAME.exec(frame) ?? [];
    const map = cells.get(cell);
    if (map?.isWrapper(Number(line))) return [];
    const position = map?.sourcePosition(Number(line), Number(column));
    if (!map || !position) return [frame];
    const text = map.source.split("\n")[position.line] ?? "";
    const where = `${cell}:${position.line + 1}:${position.column + 1}`;
    const named = frame.replace(found, where).replace("at Proxy.", "at "); // cells' functions are called on exports
    return [named, `        ${text}`, `        ${" ".repeat(position.column)}^`];
  });
}
