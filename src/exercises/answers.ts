import { tf } from "../backend";

/** An answer read as numbers: its values in row-major order and its shape ([] for a single number). */
export interface NumericAnswer {
  values: number[];
  shape: number[];
}

/** A short description of a value of the wrong kind, for messages ("a string", "a Promise (did you forget…)"). */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (value instanceof Promise) return "a Promise (did you forget `await`?)";
  if (value instanceof tf.Tensor) return `a ${value.dtype} tensor of shape [${value.shape.join(", ")}]`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "number" && Number.isNaN(value)) return "NaN";
  const type = typeof value;
  return type === "object" ? `an object (${value.constructor?.name ?? "Object"})` : `a ${type}`;
}

/** The shape of nested arrays of numbers (or a typed array), or a message saying what is wrong with it. */
function arrayShape(value: unknown, where = "your answer"): number[] | string {
  if (typeof value === "number") return [];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return [(value as Float32Array).length];
  if (!Array.isArray(value)) return `${where} should hold numbers, found ${describeValue(value)}`;
  const inner = value.map((v, i) => arrayShape(v, `${where}[${i}]`));
  const problem = inner.find((s): s is string => typeof s === "string");
  if (problem) return problem;
  const first = JSON.stringify(inner[0] ?? []);
  if (inner.some((s) => JSON.stringify(s) !== first)) return `the rows of ${where} have different lengths`;
  return [value.length, ...((inner[0] as number[] | undefined) ?? [])];
}

/** The numbers of a number, a typed array or nested arrays of them, in row-major order. */
function flatten(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(flatten);
  return Array.from(value as ArrayLike<number>, Number);
}

/** Reads a number, a (nested) array of numbers, a typed array or a tensor; a string says why it cannot. */
export function numericAnswer(answer: unknown): NumericAnswer | string {
  if (answer instanceof tf.Tensor) {
    if (answer.isDisposed) return "the tensor was disposed before the check: check it before disposing it";
    return { values: Array.from(answer.dataSync() as ArrayLike<number>, Number), shape: answer.shape };
  }
  if (typeof answer !== "number" && !Array.isArray(answer) && !ArrayBuffer.isView(answer)) {
    return `expected a number, an array of numbers or a tensor, found ${describeValue(answer)}`;
  }
  const shape = arrayShape(answer);
  if (typeof shape === "string") return shape;
  return { values: flatten(answer), shape };
}

/** "[2, 3]" for a shape, with `null` dimensions (any size) shown as "any". */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? "any" : d)).join(", ")}]`;
}
