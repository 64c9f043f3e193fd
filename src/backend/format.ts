import type { BackendReport } from "./select";

/** One-paragraph, human-readable summary of a backend report. */
export function formatBackendReport(report: BackendReport): string {
  const versions = Object.entries(report.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return [
    `TF.js backend: ${report.backend} (tf.getBackend() = '${report.tfBackend}')`,
    `why: ${report.reason}`,
    ...report.tried.filter((t) => !t.ok).map((t) => `skipped ${t.name}: ${t.reason}`),
    `threads: ${report.threads}`,
    `versions: ${versions}`,
  ].join("\n");
}
