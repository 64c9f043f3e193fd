import type { MimeBundle } from "./kernel";
import { show, tableBundle } from "./show";

/** The parts of a danfo DataFrame (or Series) needed to draw it; keeps danfo out of this module's imports. */
export interface FrameLike {
  columns?: string[];
  index: (string | number)[];
  values: unknown[] | unknown[][];
}

/** A danfo DataFrame or Series as an HTML table of its first `maxRows` rows, saying how many it has in all. */
export function frameBundle(frame: FrameLike, maxRows = 20): MimeBundle {
  const rows = (frame.values as unknown[]).slice(0, maxRows).map((r) => (Array.isArray(r) ? r : [r]));
  const columns = frame.columns ?? ["value"];
  const index = frame.index.slice(0, maxRows);
  const note = frame.index.length > maxRows ? `first ${maxRows} of ${frame.index.length} rows` : undefined;
  return tableBundle(columns, rows, { index, note });
}

/** Shows a danfo DataFrame or Series as an HTML table (at most `maxRows` rows). */
export function showDataFrame(frame: FrameLike, maxRows = 20): void {
  show(frameBundle(frame, maxRows));
}
