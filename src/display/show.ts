import { escapeHtml, htmlTable, textTable } from "./html";
import { MimeBundle, sendDisplayData } from "./kernel";

/** MIME type of the values a notebook records for its tests (see `showValues`). */
export const VALUES_MIME = "application/vnd.dlcourse.values+json";

/** Shows a MIME bundle in the notebook, or prints its text/plain part outside Jupyter. */
export function show(bundle: MimeBundle): void {
  if (!sendDisplayData(bundle)) console.log(String(bundle["text/plain"] ?? ""));
}

/** Shows HTML with a plain-text fallback. */
export function showHtml(html: string, text: string): void {
  show({ "text/html": html, "text/plain": text });
}

/** A table as HTML (cells escaped) and text, with an optional line above it (`title`) and below it (`note`). */
export function tableBundle(
  columns: string[],
  rows: unknown[][],
  options: { index?: unknown[]; title?: string; note?: string } = {},
): MimeBundle {
  const line = (text?: string) => (text ? [`<div>${escapeHtml(text)}</div>`] : []);
  return {
    "text/html": [...line(options.title), htmlTable(columns, rows, options), ...line(options.note)].join("\n"),
    "text/plain": [options.title, textTable(columns, rows, options), options.note].filter(Boolean).join("\n"),
  };
}

/** Shows a table given column names and rows (cells HTML-escaped). */
export function showTable(columns: string[], rows: unknown[][], options: { index?: unknown[] } = {}): void {
  show(tableBundle(columns, rows, options));
}

/** Shows an array of records (objects with the same keys) as a table. */
export function showRecords(records: Record<string, unknown>[]): void {
  const columns = Object.keys(records[0] ?? {});
  showTable(
    columns,
    records.map((r) => columns.map((c) => r[c])),
  );
}

/** A value `showValues` can record: a number, text, flag, or a list of numbers or texts. */
export type RecordedValue = number | string | boolean | number[] | string[];

/** Shows named values as a table AND records them for the notebook tests (`test/support/values.ts`). */
export function showValues(values: Record<string, RecordedValue>): void {
  const rows = Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]);
  show({ [VALUES_MIME]: values, ...tableBundle(["name", "value"], rows) });
}
