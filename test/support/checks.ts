import { expect } from "vitest";
import type { CheckResult } from "../../src/display/check";
import { CHECK_MIME } from "../../src/display/check";
import { allOutputs, Notebook } from "./notebook";

/** Every exercise check result a notebook's outputs carry (`check` from src/exercises), in order. */
export function notebookChecks(notebook: Notebook): CheckResult[] {
  return allOutputs(notebook)
    .map((o) => o.data?.[CHECK_MIME])
    .filter((v): v is CheckResult => typeof v === "object" && v !== null);
}

/** The check cells (tagged "check") of a notebook: their cell ids and sources, in order. */
export function checkCells(notebook: Notebook): { id: string | undefined; source: string }[] {
  return notebook.cells
    .filter((c) => c.cell_type === "code" && c.metadata.tags?.includes("check"))
    .map((c) => ({ id: c.id, source: Array.isArray(c.source) ? c.source.join("") : c.source }));
}

/** What a chapter's checks report before the learner answers: each "not yet", because the answer is undefined. */
export function checksNotYetDone(ids: readonly string[]): CheckResult[] {
  return ids.map((id) => ({ id, passed: false, message: "no answer yet (it is undefined)" }));
}

/** What a solution's checks report: each passed (with whatever message it gives). */
export function checksAllPassed(ids: readonly string[]): object[] {
  return ids.map((id) => ({ id, passed: true, message: expect.any(String) }));
}
