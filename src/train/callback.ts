import { tf } from "../backend";
import { LiveOptions, TrainingProgress } from "./live";
import type { Metrics } from "./progress";

type Logs = Record<string, number | tf.Tensor> | undefined;

/** Reads numeric logs (tfjs may pass scalars as tensors), training metrics before val_ ones. */
function readLogs(logs: Logs): Metrics {
  const entries = Object.entries(logs ?? {}).filter(([k]) => k !== "batch" && k !== "size");
  entries.sort(([a], [b]) => Number(a.startsWith("val_")) - Number(b.startsWith("val_")));
  return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === "number" ? v : v.dataSync()[0]]));
}

/** Batches per epoch from what model.fit / fitDataset pass to callbacks (undefined when unknown). */
function batchesPerEpoch(params: { steps?: number | null; samples?: number; batchSize?: number }): number | undefined {
  return (
    params.steps ?? (params.samples && params.batchSize ? Math.ceil(params.samples / params.batchSize) : undefined)
  );
}

/**
 * A tfjs-layers callback that feeds a TrainingProgress (made by `makeProgress` for each fit) and stops `fit` on
 * Kernel → Interrupt, within one batch.
 */
export class ProgressCallback<P extends TrainingProgress = TrainingProgress> extends tf.Callback {
  /** The progress of the current (or last) fit. */
  progress?: P;

  constructor(
    private readonly options: Partial<LiveOptions>,
    private readonly makeProgress: (options: LiveOptions) => P,
  ) {
    super();
  }

  override async onTrainBegin(): Promise<void> {
    const params = this.params as { epochs: number; steps?: number | null; samples?: number; batchSize?: number };
    this.progress = this.makeProgress({
      epochs: params.epochs,
      batchesPerEpoch: batchesPerEpoch(params),
      ...this.options,
    });
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
