import { checkBundle, CheckResult, show } from "../display";
import type { Rule, Verdict } from "./rules";

/** The first line of an error's message. */
const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0];

/** What `rules` (all of them, in order) say about `answer`; never throws, the first failure wins. */
export function judge(answer: unknown, rules: Rule[]): Verdict {
  if (answer === undefined || answer === null) return { passed: false, message: `no answer yet (it is ${answer})` };
  if (rules.length === 0) return { passed: false, message: "this check has no rule (a mistake in the course)" };
  let last: Verdict = { passed: true, message: "" };
  for (const rule of rules) {
    try {
      last = rule.test(answer);
    } catch (error) {
      return { passed: false, message: `your answer could not be checked: ${firstLine(error)}` };
    }
    if (!last.passed) return last;
  }
  return last;
}

/**
 * Checks an exercise's answer against rules, shows ✓ or ✗ with a hint at once (never the expected value), and
 * returns the result; the output also carries it as JSON (`CHECK_MIME`) for the grader. Never throws.
 */
export function check(id: string, answer: unknown, ...rules: Rule[]): CheckResult {
  const result = { id: String(id), ...judge(answer, rules) };
  const bundle = checkBundle(result);
  try {
    show(bundle);
  } catch {
    console.log(bundle["text/plain"]);
  }
  return result;
}
