/** Escapes text for safe use inside HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Formats one table cell: numbers to at most 4 decimals (tiny ones to 3 significant digits, never a false 0),
 * everything else as text.
 */
export function formatCell(value: unknown): string {
  if (typeof value === "number" && !Number.isInteger(value) && Number.isFinite(value)) {
    return Math.abs(value) < 1e-3 ? value.toPrecision(3) : String(Number(value.toFixed(4)));
  }
  return String(value);
}

/** An HTML table with a header row; every cell is escaped. */
export function htmlTable(columns: string[], rows: unknown[][], options: { index?: unknown[] } = {}): string {
  const indexHead = options.index ? "<th></th>" : "";
  const head = `<tr>${indexHead}${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = rows
    .map((row, i) => {
      const index = options.index ? `<th>${escapeHtml(options.index[i])}</th>` : "";
      return `<tr>${index}${row.map((v) => `<td>${escapeHtml(formatCell(v))}</td>`).join("")}</tr>`;
    })
    .join("\n");
  return `<table class="dlcourse-table">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** A plain-text table with aligned columns (the text/plain twin of `htmlTable`). */
export function textTable(columns: string[], rows: unknown[][], options: { index?: unknown[] } = {}): string {
  const header = options.index ? ["", ...columns] : columns;
  const cells = rows.map((row, i) => [...(options.index ? [options.index[i]] : []), ...row].map(formatCell));
  const widths = header.map((h, j) => Math.max(h.length, ...cells.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => c.padStart(widths[j])).join("  ");
  return [line(header), ...cells.map(line)].join("\n");
}
