export { accuracy, classificationReport, confusionMatrix, macroAverage, perClassScores } from "./classification";
export type { ClassScores } from "./classification";
export { toLabels } from "./labels";
export type { LabelsLike } from "./labels";
export { mae, mse, psnr, r2 } from "./regression";
export { centralDifferences, relativeError } from "./gradient-check";
