import { showTable } from "./show";

/** The parts of a danfo DataFrame (or Series) needed to draw it; keeps danfo out of this module's imports. */
export interface FrameLike {
  columns?: string[];
  index: (string | number)[];
  values: unknown[] | unknown[][];
}

/** Shows a danfo DataFrame or Series as an HTML table (at most `maxRows` rows). */
export function showDataFrame(frame: FrameLike, maxRows = 20): void {
  const rows = (frame.values as unknown[]).slice(0, maxRows).map((r) => (Array.isArray(r) ? r : [r]));
  const columns = frame.columns ?? ["value"];
  showTable(columns, rows, { index: frame.index.slice(0, maxRows) });
}
