import type { Rng } from "./random";

/** Turns one sample (flat pixels) into a randomly altered copy; used by BatchPipeline's `augment` option. */
export type Augment = (sample: Float32Array, rng: Rng) => Float32Array;

/** Reads pixel (r, c) of a size×size image, 0 outside it. */
function pixel(img: Float32Array, size: number, r: number, c: number): number {
  return r >= 0 && r < size && c >= 0 && c < size ? img[r * size + c] : 0;
}

/** Bilinear sample of a square image at fractional (y, x). */
function bilinear(img: Float32Array, size: number, y: number, x: number): number {
  const [r, c] = [Math.floor(y), Math.floor(x)];
  const [dy, dx] = [y - r, x - c];
  const top = pixel(img, size, r, c) * (1 - dx) + pixel(img, size, r, c + 1) * dx;
  const bottom = pixel(img, size, r + 1, c) * (1 - dx) + pixel(img, size, r + 1, c + 1) * dx;
  return top * (1 - dy) + bottom * dy;
}

/**
 * Random shifts (up to ±maxShift pixels) and rotations (up to ±maxDegrees) of square grayscale images, e.g. MNIST
 * digits.
 */
export function shiftAndRotate(options: { maxShift?: number; maxDegrees?: number } = {}): Augment {
  const maxShift = options.maxShift ?? 2;
  const maxRadians = ((options.maxDegrees ?? 10) * Math.PI) / 180;
  return (sample, rng) => {
    const size = Math.round(Math.sqrt(sample.length));
    if (size * size !== sample.length)
      throw new Error(`shiftAndRotate: expected a square image, found ${sample.length} pixels`);
    const angle = (2 * rng() - 1) * maxRadians;
    const [sy, sx] = [(2 * rng() - 1) * maxShift, (2 * rng() - 1) * maxShift];
    const [cos, sin, mid] = [Math.cos(angle), Math.sin(angle), (size - 1) / 2];
    const out = new Float32Array(sample.length);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const [y, x] = [r - mid - sy, c - mid - sx];
        out[r * size + c] = bilinear(sample, size, cos * y + sin * x + mid, -sin * y + cos * x + mid);
      }
    }
    return out;
  };
}
