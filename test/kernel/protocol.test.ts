import { beforeAll, describe, expect, it } from "vitest";
import { runKernelDriver } from "./support";

interface Outcome {
  reply: Record<string, unknown>;
  iopub: { type: string; content: Record<string, unknown> }[];
}

/** The IOPub messages of a cell other than status and execute_input. */
const shown = (o: Outcome) => o.iopub.filter((m) => m.type !== "status" && m.type !== "execute_input");

describe("our TypeScript kernel, behaviour by behaviour (test/support/kernel_protocol.py)", () => {
  let r: Record<string, unknown> & Record<string, Outcome>;
  beforeAll(() => {
    const run = runKernelDriver("kernel_protocol.py", 240_000);
    if (run.status !== 0 || !run.result) throw new Error(`driver failed:\n${run.stderr}\n${run.stdout}`);
    r = JSON.parse(run.result);
  }, 260_000);

  it("runs on the Node that runs the tests (CI runs them on Node 20 and 24)", () => {
    expect(r.banner).toContain(`Node ${process.version}`);
  });

  it("shows the last value as execute_result; none after `;` or for undefined; a rich bundle when offered", () => {
    expect(shown(r.value)).toEqual([
      { type: "execute_result", content: expect.objectContaining({ data: { "text/plain": "42" } }) },
    ]);
    expect(shown(r.suppressed)).toEqual([]);
    expect(shown(r.undefinedValue)).toEqual([]);
    expect(shown(r.richValue)[0].content.data).toMatchObject({ "text/html": "<b>rich</b>" });
  });

  it("reports a runtime error as a Jupyter error: its name, message, and a traceback in the cell", () => {
    const [error] = shown(r.runtimeError);
    expect(error.type).toBe("error");
    expect(error.content).toMatchObject({ ename: "TypeError", evalue: expect.stringContaining("toString") });
    expect((error.content.traceback as string[]).join("\n")).toContain("In[");
    expect(r.runtimeError.reply).toMatchObject({ status: "error", ename: "TypeError" });
  });

  it("reports a type error with the cell's line and column and the failing source line", () => {
    const [error] = shown(r.typeError);
    expect(error.content.ename).toBe("TypeScriptError");
    expect(error.content.traceback).toEqual([
      "line 2, column 7: error TS2322: Type 'number' is not assignable to type 'string'.",
      "  const s: string = x;",
      "        ^",
    ]);
  });

  it("delivers 10,000 printed lines in order and 3,000 display updates, without the helper library", () => {
    const text = shown(r.lines)
      .map((m) => String(m.content.text))
      .join("");
    expect(text).toBe(Array.from({ length: 10_000 }, (_, i) => `line ${i}\n`).join(""));
    const updates = shown(r.updates).map((m) => (m.content.data as Record<string, string>)["text/plain"]);
    expect(updates).toEqual(Array.from({ length: 3000 }, (_, i) => `u${i}`));
  });

  it("shows a stray error thrown later by a timer and stays usable", () => {
    expect(
      shown(r.stray)
        .map((m) => String(m.content.text))
        .join(""),
    ).toContain("Error: later");
    expect(r.alive.reply.status).toBe("ok");
  });

  it("stays busy while a cell runs: a request sent meanwhile waits, and no idle comes before the cell ends", () => {
    const during = r.statusDuringCell as unknown as { states: [string, string][]; repliesInOrder: boolean };
    expect(during.states).toEqual([
      ["execute_request", "busy"],
      ["execute_request", "idle"],
    ]);
    expect(during.repliesInOrder).toBe(true);
  });

  it("after an error aborts only the cells queued before it; a cell sent right after the error reply runs", () => {
    expect(r.abort).toEqual({ failing: "error", queued: "aborted", after: "ok" });
  });

  it("Kernel → Interrupt stops a cell awaiting a promise, and the next cell runs", () => {
    const interrupt = r.interrupt as unknown as { reply: Record<string, unknown>; next: string };
    expect(interrupt.reply).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    expect(interrupt.next).toBe("ok");
  });
});
