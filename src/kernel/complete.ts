import * as ts from "@tslab/typescript-for-tslab";

/** is_complete's answer: run it, wait for more lines (with the indent to offer), or it can never parse. */
export type Completeness = { status: "complete" } | { status: "incomplete"; indent: string } | { status: "invalid" };

/** Whether `source` is a whole cell: syntax errors only at its very end mean the user is still typing. */
export function completeness(source: string): Completeness {
  const result = ts.transpileModule(source, {
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022 },
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length === 0) return { status: "complete" };
  const end = source.trimEnd().length;
  const atEnd = errors.every((d) => (d.start ?? 0) >= end || isUnterminated(d));
  return atEnd ? { status: "incomplete", indent: nextIndent(source) } : { status: "invalid" };
}

/** True for errors about a string, template or comment left open. */
function isUnterminated(d: ts.Diagnostic): boolean {
  return /Unterminated/.test(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** The indent for the next line: the last line's, plus two spaces after an opening bracket. */
function nextIndent(source: string): string {
  const last = source.trimEnd().split("\n").pop() ?? "";
  const indent = /^\s*/.exec(last)?.[0] ?? "";
  return /[{([]$/.test(last.trimEnd()) ? `${indent}  ` : indent;
}
