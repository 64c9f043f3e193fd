/**
 * Live training display: the progress `train/` computes, drawn by the view `plot/live.ts` picks (a progress bar and
 * a chart in Jupyter, text lines elsewhere). The one place where training meets presentation.
 */
import { liveProgressView } from "./plot/live";
import { ProgressCallback } from "./train/callback";
import { LiveOptions, TrainingProgress } from "./train/live";

/**
 * Live training progress for custom loops: a progress bar and a chart updated in place in Jupyter, concise text
 * lines elsewhere; stops on Kernel → Interrupt.
 */
export class LiveProgress extends TrainingProgress {
  constructor(options: LiveOptions) {
    super(options, liveProgressView());
  }
}

/** A tfjs-layers callback that shows live progress and stops `fit` on Kernel → Interrupt (within one batch). */
export class LiveTraining extends ProgressCallback<LiveProgress> {
  constructor(options: Partial<LiveOptions> = {}) {
    super(options, (full) => new LiveProgress(full));
  }
}

/**
 * A live-progress callback for `model.fit` / `model.fitDataset`: `callbacks: liveTraining()`. To combine it with
 * others, pass callback objects only (`[liveTraining(), tf.callbacks.earlyStopping()]`), not plain `{onBatchEnd}`
 * objects.
 */
export function liveTraining(options: Partial<LiveOptions> = {}): LiveTraining {
  return new LiveTraining(options);
}
