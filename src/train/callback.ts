import { tf } from "../backend";
import { LiveProgress, LiveOptions } from "./live";
import type { Metrics } from "./progress";

type Logs = Record<string, number | tf.Tensor> | undefined;

/** Reads numeric logs (tfjs may pass scalars as tensors), training metrics before val_ ones. */
function readLogs(logs: Logs): Metrics {
  const entries = Object.entries(logs ?? {}).filter(([k]) => k !== "batch" && k !== "size");
  entries.sort(([a], [b]) => Number(a.startsWith("val_")) - Number(b.startsWith("val_")));
  return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === "number" ? v : v.dataSync()[0]]));
}

/** A tfjs-layers callback that shows live progress and stops `fit` on Kernel → Interrupt (within one batch). */
export class LiveTraining extends tf.Callback {
  /** The progress display of the current (or last) fit. */
  progress?: LiveProgress;

  constructor(private readonly options: Partial<LiveOptions> = {}) {
    super();
  }

  override async onTrainBegin(): Promise<void> {
    const params = this.params as { epochs: number; steps?: number | null; samples?: number; batchSize?: number };
    const batchesPerEpoch =
      params.steps ?? (params.samples && params.batchSize ? Math.ceil(params.samples / params.batchSize) : undefined);
    this.progress = new LiveProgress({ epochs: params.epochs, batchesPerEpoch, ...this.options });
    this.progress.onStop(() => (this.model.stopTraining = true));
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.progress!.epochBegin(epoch);
  }

  override async onBatchEnd(_batch: number, logs?: Logs): Promise<void> {
    const size = typeof logs?.size === "number" ? logs.size : 0;
    await this.progress!.batchEnd(size, () => readLogs(logs));
  }

  override async onEpochEnd(_epoch: number, logs?: Logs): Promise<void> {
    this.progress!.epochEnd(readLogs(logs));
  }

  override async onTrainEnd(): Promise<void> {
    this.progress!.end();
  }
}

/**
 * A live-progress callback for `model.fit` / `model.fitDataset`: `callbacks: liveTraining()`.
 * To combine it with others, pass callback objects only (`[liveTraining(), tf.callbacks.earlyStopping()]`), not plain
 * `{onBatchEnd}` objects.
 */
export function liveTraining(options: Partial<LiveOptions> = {}): LiveTraining {
  return new LiveTraining(options);
}
