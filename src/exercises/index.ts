export { check, judge } from "./check";
export { closeTo, hasShape, satisfies } from "./rules";
export type { AnswerKind, Closeness, Rule, Verdict } from "./rules";
export { describeValue, formatShape, numericAnswer } from "./answers";
export type { NumericAnswer } from "./answers";
