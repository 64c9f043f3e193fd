import { tf } from "../backend";
import { escapeHtml, formatCell } from "./html";
import type { MimeBundle } from "./kernel";
import { tableBundle } from "./show";

/** The largest tensor shown as a table: rank ≤ 2 with at most this many rows and columns; others get a summary. */
export const TENSOR_TABLE_MAX = 20;
/** How many leading values a summary lists. */
const SUMMARY_VALUES = 8;

/** One line naming a tensor: "Tensor float32 [2, 3]". */
function heading(t: tf.Tensor): string {
  return `Tensor ${t.dtype} [${t.shape.join(", ")}]`;
}

/** A small tensor's values as a table: a scalar one cell, a vector one row, a matrix its rows. */
function valuesTable(t: tf.Tensor): MimeBundle {
  const values = t.arraySync() as unknown;
  const raw = t.rank === 2 ? (values as unknown[][]) : [t.rank === 1 ? (values as unknown[]) : [values]];
  const rows = t.dtype === "bool" ? raw.map((r) => r.map(Boolean)) : raw;
  const columns = t.rank === 0 ? ["value"] : (rows[0]?.map((_, j) => String(j)) ?? []);
  return tableBundle(columns, rows, { title: heading(t), index: t.rank === 2 ? rows.map((_, i) => i) : undefined });
}

/** min, max and mean of a numeric tensor, computed by its backend (the values never come to JavaScript). */
function statistics(t: tf.Tensor): number[] {
  if (t.size === 0 || t.dtype === "string" || t.dtype === "complex64") return [];
  return tf.tidy(() => {
    const x = tf.cast(t, "float32");
    return [tf.min(x), tf.max(x), tf.mean(x)].map((s) => s.dataSync()[0]);
  });
}

/** The first `SUMMARY_VALUES` values in row-major order, read alone. */
function firstValues(t: tf.Tensor): unknown[] {
  if (t.size === 0 || t.dtype === "complex64") return [];
  const n = Math.min(SUMMARY_VALUES, t.size);
  return tf.tidy(() => tf.slice(tf.reshape(t, [-1]), 0, n).arraySync() as number[]);
}

/** A large or high-rank tensor: size, min, max, mean and its first values, without reading it whole. */
function summary(t: tf.Tensor): MimeBundle {
  const [min, max, mean] = statistics(t);
  const first = firstValues(t).map((v) => formatCell(t.dtype === "bool" ? Boolean(v) : v));
  const more = first.length > 0 && t.size > first.length ? ", …" : "";
  const row = [t.size.toLocaleString("en-US"), min ?? "", max ?? "", mean ?? "", first.join(", ") + more];
  return tableBundle(["values", "min", "max", "mean", "first values"], [row], { title: heading(t) });
}

/** How a tensor shows itself: a table when small (rank ≤ 2, ≤ 20 × 20), else a summary; "disposed" if it is. */
export function tensorBundle(t: tf.Tensor): MimeBundle {
  if (t.isDisposed) {
    const text = `${heading(t)} (disposed)`;
    return { "text/html": `<div>${escapeHtml(text)}</div>`, "text/plain": text };
  }
  const small = t.rank <= 2 && t.size > 0 && t.shape.every((n) => n <= TENSOR_TABLE_MAX) && t.dtype !== "complex64";
  return small ? valuesTable(t) : summary(t);
}
