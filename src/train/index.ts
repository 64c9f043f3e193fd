import { registerFileRouter } from "./files";

export { LiveTraining, liveTraining } from "./callback";
export { trainingFigure } from "./chart";
export { onInterrupt } from "./interrupt";
export { LiveProgress } from "./live";
export { disposeOptimizer } from "./optimizers";
export { learningRateScheduler, LearningRateScheduler, setLearningRate } from "./schedule";
export { earlyStopping, EarlyStoppingRestore } from "./early-stopping";
export type { EarlyStoppingOptions } from "./early-stopping";
export type { LiveOptions } from "./live";
export { formatMetrics, progressLine } from "./progress";
export type { HistoryPoint, Metrics, ProgressState } from "./progress";
export { formatDuration, timed, Timer } from "./timer";
export { fileLoadHandler, fileSaveHandler, registerFileRouter } from "./files";

registerFileRouter();
