import { describe, expect, it } from "vitest";
import { centralDifferences, relativeError } from "../../../src";

describe("gradient checks", () => {
  it("relativeError is ‖a − b‖ / (‖a‖ + ‖b‖), 0 for two zero gradients, and names unequal lengths", () => {
    expect(relativeError([3, 4], [3, 4])).toBe(0);
    expect(relativeError([3, 4], [0, 0])).toBe(1);
    expect(relativeError([1, 0], [0, 1])).toBeCloseTo(Math.SQRT2 / 2, 15);
    expect(relativeError([0, 0], [0, 0])).toBe(0);
    expect(() => relativeError([1], [1, 2])).toThrow("expected arrays of one length, found 1 and 2");
  });

  it("centralDifferences gives the gradient of every entry and restores the parameters", () => {
    // f(w, v) = w0² · v0 + sin(w1): ∂/∂w = [2 w0 v0, cos w1], ∂/∂v = [w0²]
    const params = { w: [1.5, 0.3], v: [-2] };
    const f = (p: typeof params) => p.w[0] ** 2 * p.v[0] + Math.sin(p.w[1]);
    const grads = centralDifferences(f, params);
    expect(params).toEqual({ w: [1.5, 0.3], v: [-2] });
    expect(relativeError(grads.w, [2 * 1.5 * -2, Math.cos(0.3)])).toBeLessThan(1e-9);
    expect(grads.v[0]).toBeCloseTo(2.25, 8);
  });
});
