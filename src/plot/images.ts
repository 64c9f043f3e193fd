import { tf } from "../backend";
import { escapeHtml } from "../display/html";
import type { MimeBundle } from "../display/kernel";
import { grayscalePng } from "../display/png";

/** Options of an image grid. */
export interface ImageGridOptions {
  captions?: string[];
  /** Images to frame in red (e.g. wrong predictions). */
  highlight?: boolean[];
  /** Displayed size of each image in CSS pixels (default 56). */
  size?: number;
  title?: string;
  /** Images per row, e.g. 15 for a 15×15 grid (default: as many as fit the width). */
  columns?: number;
  /** Grey scale from `range[0]` (black) to `range[1]` (white) for every image (default: each image's own min–max). */
  range?: [number, number];
}

/**
 * Images `[n, h, w]`, `[n, h, w, 1]` or `[n, h·w]` (square) as 8-bit grayscale, each scaled from its own min–max, or
 * from a fixed `range` for all (values outside it clipped).
 */
export function toGrayscale(
  images: tf.Tensor,
  range?: [number, number],
): { pixels: Uint8Array[]; width: number; height: number } {
  const side = Math.sqrt(images.shape[1] ?? 0);
  const [n, h, w]: number[] = images.rank === 2 ? [images.shape[0], side, side] : images.shape;
  if (images.rank < 2 || images.rank > 4 || !Number.isInteger(h) || (images.rank === 4 && images.shape[3] !== 1)) {
    throw new Error(
      `imageGrid: expected images [n, h, w], [n, h, w, 1] or [n, h·w] (square), found [${images.shape.join(", ")}]`,
    );
  }
  const values = images.dataSync();
  const size = h * w;
  const pixels = Array.from({ length: n }, (_, i) => {
    const img = values.subarray(i * size, (i + 1) * size);
    let [lo, hi] = range ?? [Infinity, -Infinity];
    if (!range) for (const v of img) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const scale = hi > lo ? 255 / (hi - lo) : 0;
    return Uint8Array.from(img, (v) => Math.min(255, Math.max(0, Math.round((v - lo) * scale))));
  });
  return { pixels, width: w, height: h };
}

/** A grid of small images with captions, as an HTML bundle (PNG data URLs; a few kB per image). */
export function imageGridBundle(images: tf.Tensor, options: ImageGridOptions = {}): MimeBundle {
  const { columns, range } = options;
  if (columns !== undefined && !(Number.isInteger(columns) && columns > 0))
    throw new Error(`imageGrid option 'columns': expected a positive integer, found ${columns}`);
  if (range !== undefined && !(range[0] < range[1]))
    throw new Error(`imageGrid option 'range': expected [low, high] with low < high, found [${range.join(", ")}]`);
  const { pixels, width, height } = toGrayscale(images, range);
  const size = options.size ?? 56;
  const cells = pixels.map((p, i) => {
    const src = `data:image/png;base64,${grayscalePng(p, width, height).toString("base64")}`;
    const border = options.highlight?.[i] ? "2px solid #d62728" : "2px solid transparent";
    const caption = options.captions?.[i] ?? "";
    const color = options.highlight?.[i] ? "#d62728" : "inherit";
    const img =
      `<img src="${src}" width="${size}" height="${Math.round((size * height) / width)}" ` +
      `style="image-rendering:pixelated;border:${border}"/>`;
    const figcaption = options.captions
      ? `<figcaption style="font:11px monospace;color:${color}">${escapeHtml(caption)}</figcaption>`
      : "";
    return `<figure style="margin:2px;text-align:center">${img}${figcaption}</figure>`;
  });
  const title = options.title ? `<div style="font-weight:bold">${escapeHtml(options.title)}</div>` : "";
  const layout = columns
    ? `display:grid;grid-template-columns:repeat(${columns},max-content)`
    : "display:flex;flex-wrap:wrap";
  const grid = `<div style="${layout}">${cells.join("")}</div>`;
  const highlighted = options.highlight?.filter(Boolean).length ?? 0;
  const marked = highlighted ? `, ${highlighted} highlighted` : "";
  return {
    "text/html": `<div class="dlcourse-images">${title}${grid}</div>`,
    "text/plain": `${options.title ?? "Images"}: ${pixels.length} images ${width}×${height}${marked}`,
  };
}
