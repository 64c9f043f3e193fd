import { escapeHtml } from "./html";
import type { MimeBundle } from "./kernel";

/** MIME type of an exercise check's result, read by the grader (classroom/grade.mjs) and the notebook tests. */
export const CHECK_MIME = "application/vnd.dlcourse.check+json";

/** What one exercise check found: its id, whether it passed, and a message for the learner (never the answer). */
export interface CheckResult {
  id: string;
  passed: boolean;
  message: string;
}

/** A check's result as a small HTML block (green ✓ or orange ✗), text, and JSON under `CHECK_MIME`. */
export function checkBundle(result: CheckResult): MimeBundle {
  const [mark, colour, word] = result.passed ? ["✓", "#1a7f37", "passed"] : ["✗", "#bc4c00", "not yet"];
  const html =
    `<div class="dlcourse-check" style="border-left: 4px solid ${colour}; padding: 2px 8px; margin: 2px 0">` +
    `<strong style="color: ${colour}">${mark} ${escapeHtml(result.id)}: ${word}</strong> — ` +
    `${escapeHtml(result.message)}</div>`;
  return {
    [CHECK_MIME]: { id: result.id, passed: result.passed, message: result.message },
    "text/html": html,
    "text/plain": `${mark} ${result.id}: ${word} — ${result.message}`,
  };
}
