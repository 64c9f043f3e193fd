import { onInterrupt, yieldToEvents } from "./interrupt";
import type { HistoryPoint, Metrics, ProgressState, ProgressView } from "./progress";
import { Timer } from "./timer";

/** Options of a live progress display. */
export interface LiveOptions {
  epochs: number;
  batchesPerEpoch?: number;
  /** Minimum time between two redraws (default: the view's, 1000 ms in Jupyter, 5000 ms as text). */
  throttleMs?: number;
  title?: string;
}

/**
 * Training progress for custom loops (and, through a callback, for model.fit): counts batches, samples and time,
 * keeps the metric history, asks `view` to redraw at most once per throttle interval, and stops on
 * Kernel → Interrupt. What the view draws (HTML, charts, text) is not its business.
 */
export class TrainingProgress {
  /** True once the user interrupted (SIGINT): a custom loop should break. */
  stopRequested = false;
  /** Batches finished when the stop was requested, and in all (to check a stop takes effect within one batch). */
  batchesAtStop?: number;
  batchesDone = 0;
  /** Seconds spent drawing, to check the display's cost. */
  overheadSeconds = 0;
  readonly epochHistory: HistoryPoint[] = [];
  readonly batchHistory: HistoryPoint[] = [];
  private readonly timer = new Timer();
  private readonly throttleMs: number;
  private lastDraw = -Infinity;
  private epoch = 0;
  private batch = 0;
  private samples = 0;
  private latest: Metrics = {};
  private done = false;
  private releaseInterrupt: () => void;
  private stopListeners: (() => void)[] = [];

  constructor(
    private readonly options: LiveOptions,
    private readonly view: ProgressView,
  ) {
    this.throttleMs = options.throttleMs ?? view.throttleMs;
    this.releaseInterrupt = onInterrupt(() => this.requestStop());
  }

  /** Asks training to stop after the current batch; `listener` runs on a stop request. */
  onStop(listener: () => void): void {
    this.stopListeners.push(listener);
  }

  /** Stops training after the current batch. */
  requestStop(): void {
    this.batchesAtStop ??= this.batchesDone;
    this.stopRequested = true;
    this.stopListeners.forEach((l) => l());
  }

  /** Call at the start of each epoch (0-based). */
  epochBegin(epoch: number): void {
    this.epoch = epoch;
    this.batch = 0;
  }

  /**
   * Call after each batch with its size; `metrics` is read only when a redraw is due. Lets a pending interrupt
   * arrive.
   */
  async batchEnd(batchSize: number, metrics: () => Metrics): Promise<void> {
    this.batch++;
    this.batchesDone++;
    this.samples += batchSize;
    if (this.due()) {
      this.latest = metrics();
      const epoch = this.epoch + this.batch / (this.options.batchesPerEpoch ?? this.batch);
      this.batchHistory.push({ epoch, metrics: { ...this.latest } });
      this.draw();
    }
    await yieldToEvents();
  }

  /** Call at the end of each epoch with its metrics (including val_ ones). */
  epochEnd(metrics: Metrics): void {
    this.latest = { ...metrics };
    this.epochHistory.push({ epoch: this.epoch + 1, metrics: { ...metrics } });
    if (this.due()) this.draw();
  }

  /** Call once training ended (or was stopped): draws the final frame and stops listening for interrupts. */
  end(): void {
    this.done = true;
    this.draw();
    this.releaseInterrupt();
  }

  /** Where training stands now. */
  state(): ProgressState {
    const elapsed = this.timer.seconds();
    const perBatch = elapsed / Math.max(1, this.batchesDone);
    const { epochs, batchesPerEpoch, title = "Training" } = this.options;
    const total = batchesPerEpoch ? batchesPerEpoch * epochs : undefined;
    return {
      epoch: Math.min(this.epoch + 1, epochs),
      epochs,
      batch: this.batch,
      batchesPerEpoch,
      samplesPerSecond: this.samples / Math.max(elapsed, 1e-9),
      elapsedSeconds: elapsed,
      etaSeconds: total === undefined ? undefined : Math.max(0, (total - this.batchesDone) * perBatch),
      latest: this.latest,
      done: this.done,
      stopped: this.stopRequested,
      title,
    };
  }

  /** True when the throttle interval has passed since the last redraw. */
  private due(): boolean {
    return performance.now() - this.lastDraw >= this.throttleMs;
  }

  /** Asks the view to redraw, and counts the time it took. */
  private draw(): void {
    const start = performance.now();
    this.lastDraw = start;
    this.view.draw(this.state(), { epochs: this.epochHistory, batches: this.batchHistory });
    this.overheadSeconds += (performance.now() - start) / 1000;
  }
}
