import { formatDuration } from "./timer";

/** Metric values by name, e.g. `{ loss: 0.31, acc: 0.91, val_loss: 0.35 }`. */
export type Metrics = Record<string, number>;

/** One point of the live chart: fractional epoch and the metrics known then. */
export interface HistoryPoint {
  epoch: number;
  metrics: Metrics;
}

/** Where training stands: the numbers a progress display shows. */
export interface ProgressState {
  epoch: number;
  epochs: number;
  batch: number;
  batchesPerEpoch?: number;
  samplesPerSecond: number;
  elapsedSeconds: number;
  etaSeconds?: number;
  latest: Metrics;
  done: boolean;
  stopped: boolean;
}

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
  return (
    [
      `epoch ${state.epoch}/${state.epochs}`,
      `batch ${batches}`,
      formatMetrics(state.latest, "  "),
      formatRate(state),
      timeStatus(state),
    ]
      .filter(Boolean)
      .join("  ") + stopped
  );
}
