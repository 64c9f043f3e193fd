import { tf } from "../backend";
import { describeValue, formatShape, numericAnswer } from "./answers";

/** What a rule says about an answer: passed or not, and a message for the learner that never gives the answer. */
export interface Verdict {
  passed: boolean;
  message: string;
}

/** A rule an exercise's answer must follow; `test` may throw (`check` turns that into a failed verdict). */
export interface Rule {
  test(answer: unknown): Verdict;
}

/** How close `closeTo` wants an answer: within `tolerance + relative · |target|` (defaults 1e-6 and 1e-4). */
export interface Closeness {
  tolerance?: number;
  relative?: number;
}

/** The kinds of answer `satisfies` can insist on before it calls its predicate. */
export type AnswerKind = "number" | "string" | "boolean" | "array" | "tensor";

const pass = (message: string): Verdict => ({ passed: true, message });
const fail = (message: string): Verdict => ({ passed: false, message });

/** Why a value that is not a finite number is wrong, or undefined when it is fine. */
function notFinite(value: number, where: string): string | undefined {
  if (Number.isNaN(value)) return `${where} is NaN: look for 0/0, the log of a negative number, or a diverged loss`;
  if (!Number.isFinite(value)) return `${where} is ${value}: something grew without bound (did it diverge?)`;
  return undefined;
}

/** A number (or tensor, or array of numbers) within a tolerance of `target`; the message says too high or too low. */
export function closeTo(target: number | number[] | tf.Tensor, closeness: Closeness = {}): Rule {
  const expected = numericAnswer(target);
  const { tolerance = 1e-6, relative = 1e-4 } = closeness;
  return {
    test(answer) {
      if (typeof expected === "string") throw new Error(`closeTo's target: ${expected}`);
      const found = numericAnswer(answer);
      if (typeof found === "string") return fail(found);
      if (found.values.length !== expected.values.length) {
        return fail(`expected ${expected.values.length} number(s), found ${found.values.length}`);
      }
      const where = (i: number) => (found.values.length === 1 ? "your answer" : `value ${i}`);
      const broken = found.values.map((v, i) => notFinite(v, where(i))).find(Boolean);
      if (broken) return fail(broken);
      const off = found.values.flatMap((v, i) => {
        const t = expected.values[i];
        return Math.abs(v - t) <= tolerance + relative * Math.abs(t) ? [] : [{ i, high: v > t }];
      });
      if (off.length === 0) return pass("within tolerance of the expected value");
      const side = off[0].high ? "too high" : "too low";
      if (found.values.length === 1) return fail(`your answer is ${side}`);
      return fail(`${off.length} of ${found.values.length} values are off (value ${off[0].i} is ${side})`);
    },
  };
}

/** A tensor or (nested) array whose shape is `shape`; `null` stands for a dimension of any size. */
export function hasShape(shape: (number | null)[]): Rule {
  return {
    test(answer) {
      const found = numericAnswer(answer);
      if (typeof found === "string") return fail(found);
      const fits = found.shape.length === shape.length && shape.every((d, i) => d === null || d === found.shape[i]);
      if (fits) return pass(`shape ${formatShape(found.shape)} as expected`);
      return fail(`expected shape ${formatShape(shape)}, found ${formatShape(found.shape)}`);
    },
  };
}

/** Whether `answer` is of `kind`. */
function isKind(answer: unknown, kind: AnswerKind): boolean {
  if (kind === "array") return Array.isArray(answer);
  if (kind === "tensor") return answer instanceof tf.Tensor && !answer.isDisposed;
  if (kind === "number") return typeof answer === "number" && Number.isFinite(answer);
  return typeof answer === kind;
}

/**
 * An answer for which `predicate` returns true (of `kind`, when given, before the predicate runs); `hint` is the
 * message on failure, so write it as a nudge, not as the answer.
 */
export function satisfies<T = unknown>(
  predicate: (answer: T) => boolean,
  hint: string,
  options: { kind?: AnswerKind } = {},
): Rule {
  return {
    test(answer) {
      if (options.kind && !isKind(answer, options.kind)) {
        const finite = typeof answer === "number" && notFinite(answer, "your answer");
        return fail(
          finite ||
            `expected ${options.kind === "array" ? "an" : "a"} ${options.kind}, ` + `found ${describeValue(answer)}`,
        );
      }
      return predicate(answer as T) === true ? pass("meets the exercise's condition") : fail(hint);
    },
  };
}
