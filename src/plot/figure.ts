import { tf } from "../backend";

/** A plotly trace; array fields may be plain arrays, typed arrays or tensors. */
export type Trace = Record<string, unknown> & { type?: string; name?: string };

/** A plotly figure as the builders produce it; `normalizeFigure` turns it into plain JSON. */
export interface Figure {
  data: Trace[];
  layout?: Record<string, unknown>;
}

/** Converts tensors and typed arrays (at any depth) to plain JSON arrays. */
export function toPlain(value: unknown): unknown {
  if (value instanceof tf.Tensor) return value.arraySync();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

/** Plotly ≥ 3 needs `{text}` titles: turns every string `title` into `{text: title}`. */
function titlesAsObjects(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(titlesAsObjects);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === "title" && typeof v === "string" ? { text: v } : titlesAsObjects(v),
    ]),
  );
}

/** A figure as plain JSON, ready for any plotly renderer. */
export function normalizeFigure(figure: Figure): Required<Figure> {
  const plain = toPlain(figure) as Figure;
  return titlesAsObjects({ data: plain.data, layout: plain.layout ?? {} }) as Required<Figure>;
}
