import { randomBytes } from "node:crypto";
import { escapeHtml, inKernel, sendDisplayData } from "../display";
import { figureBundle } from "../plot/bundle";
import { trainingFigure } from "./chart";
import { onInterrupt, yieldToEvents } from "./interrupt";
import { formatMetrics, formatRate, HistoryPoint, Metrics, progressLine, ProgressState, timeStatus } from "./progress";
import { Timer } from "./timer";

/** Options of a live progress display. */
export interface LiveOptions {
  epochs: number;
  batchesPerEpoch?: number;
  /** Minimum time between two redraws (default 1000 ms in Jupyter, 5000 ms as text). */
  throttleMs?: number;
  title?: string;
}

/**
 * Live training progress for custom loops (and, through `liveTraining`, for model.fit): a progress bar
 * and a chart updated in place in Jupyter, concise text lines elsewhere; stops on Kernel → Interrupt.
 */
export class LiveProgress {
  /** True once the user interrupted (SIGINT): a custom loop should break. */
  stopRequested = false;
  /** Batches finished when the stop was requested, and in all (to check a stop takes effect within one batch). */
  batchesAtStop?: number;
  batchesDone = 0;
  /** Seconds spent drawing, to check the display's cost. */
  overheadSeconds = 0;
  readonly epochHistory: HistoryPoint[] = [];
  readonly batchHistory: HistoryPoint[] = [];
  private readonly ids = { bar: newId(), chart: newId() };
  private readonly timer = new Timer();
  private readonly rich = inKernel();
  private readonly throttleMs: number;
  private lastDraw = -Infinity;
  private drawn = false;
  private epoch = 0;
  private batch = 0;
  private samples = 0;
  private latest: Metrics = {};
  private done = false;
  private releaseInterrupt: () => void;
  private stopListeners: (() => void)[] = [];

  constructor(private readonly options: LiveOptions) {
    this.throttleMs = options.throttleMs ?? (this.rich ? 1000 : 5000);
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
   * Call after each batch with its size; `metrics` is read only when a redraw is due. Lets a pending interrupt arrive.
   */
  async batchEnd(batchSize: number, metrics: () => Metrics): Promise<void> {
    this.batch++;
    this.batchesDone++;
    this.samples += batchSize;
    if (this.due()) {
      this.latest = metrics();
      this.batchHistory.push({
        epoch: this.epoch + this.batch / (this.options.batchesPerEpoch ?? this.batch),
        metrics: { ...this.latest },
      });
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
    const total = this.options.batchesPerEpoch ? this.options.batchesPerEpoch * this.options.epochs : undefined;
    return {
      epoch: Math.min(this.epoch + 1, this.options.epochs),
      epochs: this.options.epochs,
      batch: this.batch,
      batchesPerEpoch: this.options.batchesPerEpoch,
      samplesPerSecond: this.samples / Math.max(elapsed, 1e-9),
      elapsedSeconds: elapsed,
      etaSeconds: total === undefined ? undefined : Math.max(0, (total - this.batchesDone) * perBatch),
      latest: this.latest,
      done: this.done,
      stopped: this.stopRequested,
    };
  }

  /** True when the throttle interval has passed since the last redraw. */
  private due(): boolean {
    return performance.now() - this.lastDraw >= this.throttleMs;
  }

  /** Redraws the progress bar and chart (Jupyter) or prints a line (text). */
  private draw(): void {
    const start = performance.now();
    this.lastDraw = start;
    const state = this.state();
    if (this.rich) {
      sendDisplayData(progressBundle(state, this.options.title), { displayId: this.ids.bar, update: this.drawn });
      sendDisplayData(figureBundle(trainingFigure(this.epochHistory, this.batchHistory, this.options.title)), {
        displayId: this.ids.chart,
        update: this.drawn,
      });
      this.drawn = true;
    } else {
      console.log(progressLine(state));
    }
    this.overheadSeconds += (performance.now() - start) / 1000;
  }
}

/** A random display id. */
function newId(): string {
  return randomBytes(8).toString("hex");
}

/** The progress bar as HTML (with a text twin). */
function progressBundle(state: ProgressState, title = "Training"): Record<string, string> {
  const total = state.batchesPerEpoch ? state.batchesPerEpoch * state.epochs : state.epochs;
  const value = state.batchesPerEpoch ? (state.epoch - 1) * state.batchesPerEpoch + state.batch : state.epoch;
  const status = state.done && state.stopped ? "stopped" : timeStatus(state);
  const html = `<div class="dlcourse-progress" style="font-family:monospace">
<b>${escapeHtml(title)}</b> · epoch ${state.epoch}/${state.epochs}${state.batchesPerEpoch ? ` · batch ${state.batch}/${state.batchesPerEpoch}` : ""}
<progress value="${state.done && !state.stopped ? total : value}" max="${total}" style="width:40%;vertical-align:middle"></progress>
${escapeHtml(formatMetrics(state.latest))} · ${formatRate(state)} · ${escapeHtml(status)}
</div>`;
  return { "text/html": html, "text/plain": progressLine(state) };
}
