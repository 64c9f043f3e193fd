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
  /** Title of the run, e.g. "Training". */
  title: string;
}

/** The metrics so far: one point per epoch, and one per redraw within epochs. */
export interface TrainingHistory {
  epochs: readonly HistoryPoint[];
  batches: readonly HistoryPoint[];
}

/** How training progress is drawn: `train/` computes the state, a view (see plot/live.ts) draws it. */
export interface ProgressView {
  /** Shortest time between two redraws, in milliseconds. */
  readonly throttleMs: number;
  /** Draws the current state; called at most once per `throttleMs`, and once at the end. */
  draw(state: ProgressState, history: TrainingHistory): void;
}
