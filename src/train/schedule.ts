import { tf } from "../backend";

/**
 * What optimizers expose of their learning rate (SGD and momentum also keep it as a tensor, set through
 * setLearningRate).
 */
interface WithLearningRate {
  learningRate?: number;
  setLearningRate?: (lr: number) => void;
}

/** Sets an optimizer's learning rate for the following steps; throws if it has none. */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as WithLearningRate;
  if (typeof o.learningRate !== "number")
    throw new Error(`setLearningRate: optimizer ${optimizer.getClassName()} has no numeric learningRate`);
  if (!(Number.isFinite(lr) && lr > 0))
    throw new Error(`setLearningRate: expected a positive finite learning rate, got ${lr}`);
  if (typeof o.setLearningRate === "function") o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** A `model.fit` callback like Keras's LearningRateScheduler: before each epoch, lr = schedule(epoch, current lr). */
export class LearningRateScheduler extends tf.Callback {
  constructor(private readonly schedule: (epoch: number, lr: number) => number) {
    super();
  }

  /** Applies the schedule before the epoch's first batch. */
  override async onEpochBegin(epoch: number): Promise<void> {
    const optimizer = (this.model as tf.LayersModel).optimizer;
    setLearningRate(optimizer, this.schedule(epoch, (optimizer as unknown as WithLearningRate).learningRate ?? NaN));
  }
}

/** A callback that sets the learning rate before every epoch from `schedule(epoch, lr)` (epochs count from 0). */
export function learningRateScheduler(schedule: (epoch: number, lr: number) => number): LearningRateScheduler {
  return new LearningRateScheduler(schedule);
}
