import * as fs from "node:fs";
import { fail } from "./errors";

/** Magic numbers of the idx files MNIST uses: unsigned bytes, 3 dims (images) or 1 dim (labels). */
export const IDX_IMAGES_MAGIC = 2051;
export const IDX_LABELS_MAGIC = 2049;

/** A parsed idx file: its dimensions and its raw unsigned-byte payload (a view, no copy). */
export interface IdxData {
  dims: number[];
  data: Uint8Array;
}

/** Reads an idx file of unsigned bytes, checking magic number, dimensions and length. */
export function readIdx(file: string, expectedMagic: number): IdxData {
  if (!fs.existsSync(file)) fail(file, "an idx file", "no such file");
  return parseIdx(fs.readFileSync(file), expectedMagic, file);
}

/** Parses idx bytes (big-endian header: magic, then one uint32 per dimension). */
export function parseIdx(bytes: Uint8Array, expectedMagic: number, name = "idx data"): IdxData {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8) fail(name, "at least an 8-byte idx header", `${bytes.byteLength} bytes`);
  const magic = view.getUint32(0);
  if (magic !== expectedMagic) fail(name, `magic number ${expectedMagic}`, String(magic));
  const rank = magic & 0xff;
  const headerBytes = 4 + 4 * rank;
  if (bytes.byteLength < headerBytes)
    fail(name, `a ${headerBytes}-byte header for ${rank} dimensions`, `${bytes.byteLength} bytes`);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const payload = dims.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== headerBytes + payload) {
    fail(
      name,
      `${headerBytes + payload} bytes for dimensions [${dims.join(", ")}]`,
      `${bytes.byteLength} bytes (truncated or padded)`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}
