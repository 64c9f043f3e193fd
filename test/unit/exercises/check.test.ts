import { describe, expect, it, vi } from "vitest";
import { check, CHECK_MIME, checkBundle, closeTo, hasShape, judge, Rule, satisfies, tf } from "../../../src";

/** The verdict of one rule on one answer, through `judge` (which never throws). */
const verdict = (answer: unknown, ...rules: Rule[]) => judge(answer, rules);

describe("closeTo", () => {
  it("passes within the tolerance and says too high or too low otherwise, never the target", () => {
    const rule = closeTo(43.127, { tolerance: 0.01 });
    expect(verdict(43.13, rule)).toEqual({ passed: true, message: "within tolerance of the expected value" });
    expect(verdict(43.2, rule)).toEqual({ passed: false, message: "your answer is too high" });
    expect(verdict(40, rule)).toEqual({ passed: false, message: "your answer is too low" });
    for (const answer of [43.2, 40, "x", [1, 2], NaN]) expect(verdict(answer, rule).message).not.toMatch(/43\.1/);
  });

  it("uses a relative tolerance (default 1e-4) so float32 rounding passes", () => {
    expect(verdict(Math.fround(0.1643), closeTo(0.1643)).passed).toBe(true);
    expect(verdict(1000.5, closeTo(1000, { relative: 1e-3 })).passed).toBe(true);
    expect(verdict(1002, closeTo(1000, { relative: 1e-3 })).passed).toBe(false);
  });

  it("compares arrays and tensors value by value and counts the ones off", () => {
    const rule = closeTo([0.9, -1.9, 2.9], { tolerance: 1e-4 });
    expect(verdict([0.9, -1.9, 2.9], rule).passed).toBe(true);
    expect(verdict(new Float32Array([0.9, -1.9, 2.9]), rule).passed).toBe(true);
    const t = tf.tensor1d([0.9, -1.9, 2.9]);
    expect(verdict(t, rule).passed).toBe(true);
    expect(verdict([1, -1.9, 2], rule).message).toBe("2 of 3 values are off (value 0 is too high)");
    expect(verdict([1, 2], rule).message).toBe("expected 3 number(s), found 2");
    t.dispose();
    expect(verdict(t, rule).message).toMatch(/disposed before the check/);
  });

  it("a single-value tensor counts as a number", () => {
    const s = tf.scalar(2.5);
    expect(verdict(s, closeTo(2.5)).passed).toBe(true);
    s.dispose();
  });
});

describe("missing or wrong kinds of answer fail with a clear message (no exception)", () => {
  const rule = closeTo(1);
  it.each([
    [undefined, "no answer yet (it is undefined)"],
    [null, "no answer yet (it is null)"],
    [NaN, "your answer is NaN: look for 0/0, the log of a negative number, or a diverged loss"],
    [Infinity, "your answer is Infinity: something grew without bound (did it diverge?)"],
    ["1", "expected a number, an array of numbers or a tensor, found a string"],
    [
      Promise.resolve(1),
      "expected a number, an array of numbers or a tensor, found a Promise (did you forget `await`?)",
    ],
    [{ value: 1 }, "expected a number, an array of numbers or a tensor, found an object (Object)"],
    [[1, "2"], "your answer[1] should hold numbers, found a string"],
    [[[1, 2], [3]], "the rows of your answer have different lengths"],
    [["a"], "your answer[0] should hold numbers, found a string"],
  ])("%s", (answer, message) => {
    expect(verdict(answer, rule)).toEqual({ passed: false, message });
  });
});

describe("hasShape", () => {
  it("reads the shape of tensors, nested arrays and numbers; null is any size", () => {
    const t = tf.zeros([2, 3]);
    expect(verdict(t, hasShape([2, 3])).passed).toBe(true);
    expect(verdict(t, hasShape([null, 3])).passed).toBe(true);
    expect(verdict(t, hasShape([3, 2])).message).toBe("expected shape [3, 2], found [2, 3]");
    expect(verdict([[1, 2, 3]], hasShape([3])).message).toBe("expected shape [3], found [1, 3]");
    expect(verdict([1, 2, 3], hasShape([null])).passed).toBe(true);
    expect(verdict(5, hasShape([])).passed).toBe(true);
    t.dispose();
  });

  it("combines with closeTo in one check: the first rule that fails speaks", () => {
    const rules = [hasShape([3]), closeTo([1, 2, 3])];
    expect(judge([1, 2, 3], rules).passed).toBe(true);
    expect(judge([[1, 2, 3]], rules).message).toBe("expected shape [3], found [1, 3]");
    expect(judge([1, 2, 4], rules).message).toBe("1 of 3 values are off (value 2 is too high)");
  });
});

describe("satisfies", () => {
  const stable = satisfies((lr: number) => lr > 0.48 && lr < 0.5, "try a rate just under 2 / curvature", {
    kind: "number",
  });
  it("passes when the predicate holds and shows the hint when it does not", () => {
    expect(verdict(0.49, stable)).toEqual({ passed: true, message: "meets the exercise's condition" });
    expect(verdict(0.3, stable)).toEqual({ passed: false, message: "try a rate just under 2 / curvature" });
  });

  it("checks the kind first, and turns a throwing predicate into a failure", () => {
    expect(verdict("0.49", stable).message).toBe("expected a number, found a string");
    expect(verdict(NaN, stable).message).toMatch(/^your answer is NaN/);
    expect(
      verdict(
        0.49,
        satisfies((x: number[]) => x.length > 0, "hint", { kind: "array" }),
      ).message,
    ).toBe("expected an array, found a number");
    const throwing = satisfies((x: { a: { b: number } }) => x.a.b > 0, "hint");
    expect(verdict({}, throwing).message).toMatch(/^your answer could not be checked: .*'b'/);
  });

  it("a predicate returning something other than true fails", () => {
    expect(
      verdict(
        1,
        satisfies(() => 1 as unknown as boolean, "hint"),
      ).passed,
    ).toBe(false);
  });
});

describe("check", () => {
  it("shows the result at once (text outside a kernel) and returns it; the bundle carries it as JSON", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const result = check("1.2 learning rate", 0.7, closeTo(0.5, { tolerance: 0.01 }));
    expect(result).toEqual({ id: "1.2 learning rate", passed: false, message: "your answer is too high" });
    expect(log).toHaveBeenCalledWith("✗ 1.2 learning rate: not yet — your answer is too high");
    log.mockRestore();
    const bundle = checkBundle(result);
    expect(bundle[CHECK_MIME]).toEqual(result);
    expect(bundle["text/html"]).toContain("✗ 1.2 learning rate: not yet</strong> — your answer is too high");
  });

  it("escapes HTML in ids and messages, and never throws, even for a broken rule", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const broken: Rule = { test: () => ({ passed: false, message: "<b>" }) };
    expect(checkBundle(check("<i>x</i>", 1, broken))["text/html"]).toContain(
      "&lt;i&gt;x&lt;/i&gt;: not yet</strong> — &lt;b&gt;",
    );
    expect(check("bad target", 1, closeTo("one" as unknown as number)).message).toMatch(/could not be checked/);
    expect(check("no rule", 1).message).toBe("this check has no rule (a mistake in the course)");
    expect(check("passes", [1, 2], hasShape([2])).passed).toBe(true);
    log.mockRestore();
  });
});
