import type { Metrics, ProgressState } from "../train/progress";
import { formatDuration } from "../train/timer";
import { escapeHtml } from "./html";
import type { MimeBundle } from "./kernel";

/** Formats one metric value: 4 significant decimals. */
export function formatMetric(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : String(value);
}

/** Metrics as "loss 0.3100 · acc 0.9100". */
export function formatMetrics(metrics: Metrics, separator = " · "): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${formatMetric(v)}`)
    .join(separator);
}

/** "done in 12.3 s" once finished, else "ETA 4.5 s" ("?" while unknown). */
export function timeStatus(state: ProgressState): string {
  if (state.done) return `done in ${formatDuration(state.elapsedSeconds)}`;
  return `ETA ${state.etaSeconds === undefined ? "?" : formatDuration(state.etaSeconds)}`;
}

/** Throughput as "5,432 samples/s". */
export function formatRate(state: ProgressState): string {
  return `${Math.round(state.samplesPerSecond).toLocaleString("en")} samples/s`;
}

/** One plain-text progress line, e.g. "epoch 2/5  batch 100/469  loss 0.3100  5,400 samples/s  ETA 12.3 s". */
export function progressLine(state: ProgressState): string {
  const batches = state.batchesPerEpoch ? `${state.batch}/${state.batchesPerEpoch}` : `${state.batch}`;
  const stopped = state.stopped ? "  (stopped)" : "";
  const parts = [
    `epoch ${state.epoch}/${state.epochs}`,
    `batch ${batches}`,
    formatMetrics(state.latest, "  "),
    formatRate(state),
    timeStatus(state),
  ];
  return parts.filter(Boolean).join("  ") + stopped;
}

/** The `<progress>` element: batches done of all batches (epochs when batches are unknown). */
function progressElement(state: ProgressState): string {
  const total = state.batchesPerEpoch ? state.batchesPerEpoch * state.epochs : state.epochs;
  const value = state.batchesPerEpoch ? (state.epoch - 1) * state.batchesPerEpoch + state.batch : state.epoch;
  const shown = state.done && !state.stopped ? total : value;
  return `<progress value="${shown}" max="${total}" style="width:40%;vertical-align:middle"></progress>`;
}

/** The progress bar as HTML, with its text line as the plain-text twin. */
export function progressBundle(state: ProgressState): MimeBundle {
  const batch = state.batchesPerEpoch ? ` · batch ${state.batch}/${state.batchesPerEpoch}` : "";
  const status = state.done && state.stopped ? "stopped" : timeStatus(state);
  const html = `<div class="dlcourse-progress" style="font-family:monospace">
<b>${escapeHtml(state.title)}</b> · epoch ${state.epoch}/${state.epochs}${batch}
${progressElement(state)}
${escapeHtml(formatMetrics(state.latest))} · ${formatRate(state)} · ${escapeHtml(status)}
</div>`;
  return { "text/html": html, "text/plain": progressLine(state) };
}
