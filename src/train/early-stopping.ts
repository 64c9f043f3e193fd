import { tf } from "../backend";

/** Options of `earlyStopping`. */
export interface EarlyStoppingOptions {
  /** Metric to watch (default "val_loss"); lower is better unless its name contains "acc". */
  monitor?: string;
  /** Epochs without improvement before stopping (default 5). */
  patience?: number;
}

/**
 * Stops training when the monitored metric stops improving, and restores the best epoch's weights (tfjs's own cannot
 * restore).
 */
export class EarlyStoppingRestore extends tf.Callback {
  /** 1-based epoch with the best value, and the epoch training stopped after. */
  bestEpoch = 0;
  stoppedEpoch = 0;
  private best = Infinity;
  private bestWeights: tf.Tensor[] = [];
  private readonly monitor: string;
  private readonly patience: number;
  private readonly sign: number;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    this.monitor = options.monitor ?? "val_loss";
    this.patience = options.patience ?? 5;
    this.sign = this.monitor.includes("acc") ? -1 : 1;
  }

  override async onEpochEnd(epoch: number, logs?: Record<string, number | tf.Tensor>): Promise<void> {
    const raw = logs?.[this.monitor];
    if (raw === undefined)
      throw new Error(
        `earlyStopping: expected metric '${this.monitor}' in the epoch logs, ` +
          `found [${Object.keys(logs ?? {}).join(", ")}]`,
      );
    const value = this.sign * (typeof raw === "number" ? raw : raw.dataSync()[0]);
    this.stoppedEpoch = epoch + 1;
    if (value < this.best) {
      this.best = value;
      this.bestEpoch = epoch + 1;
      tf.dispose(this.bestWeights);
      this.bestWeights = this.model.getWeights().map((w) => tf.keep(w.clone()));
    } else if (epoch + 1 - this.bestEpoch >= this.patience) {
      this.model.stopTraining = true;
    }
  }

  override async onTrainEnd(): Promise<void> {
    if (this.bestWeights.length > 0) this.model.setWeights(this.bestWeights);
    tf.dispose(this.bestWeights);
    this.bestWeights = [];
  }
}

/** Early stopping that restores the best weights: `callbacks: [liveTraining(), earlyStopping({ patience: 5 })]`. */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStoppingRestore {
  return new EarlyStoppingRestore(options);
}
