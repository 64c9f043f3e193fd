import { checkSameLength, LabelsLike, toLabels } from "./labels";

/** Fraction of predictions equal to the true labels. */
export function accuracy(yTrue: LabelsLike, yPred: LabelsLike): number {
  const [t, p] = [toLabels(yTrue), toLabels(yPred)];
  checkSameLength("accuracy", t, p);
  if (t.length === 0) throw new Error("accuracy: expected at least one label, found none");
  return t.filter((v, i) => v === p[i]).length / t.length;
}

/** Confusion matrix: `m[trueClass][predictedClass]` = count. */
export function confusionMatrix(yTrue: LabelsLike, yPred: LabelsLike, numClasses?: number): number[][] {
  const [t, p] = [toLabels(yTrue), toLabels(yPred)];
  checkSameLength("confusionMatrix", t, p);
  const k = numClasses ?? Math.max(-1, ...t, ...p) + 1;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  t.forEach((label, i) => {
    if (label >= k || p[i] >= k || label < 0 || p[i] < 0)
      throw new Error(`confusionMatrix: expected labels in [0, ${k - 1}], found ${label} → ${p[i]} at index ${i}`);
    m[label][p[i]]++;
  });
  return m;
}

/** Precision, recall, F1 and support of one class. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Per-class precision/recall/F1 from a confusion matrix (0 where undefined, as scikit-learn does). */
export function perClassScores(matrix: number[][]): ClassScores[] {
  return matrix.map((row, c) => {
    const tp = row[c];
    const predicted = matrix.reduce((sum, r) => sum + r[c], 0);
    const support = row.reduce((a, b) => a + b, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
}

/** Unweighted mean of each score over classes. */
export function macroAverage(scores: ClassScores[]): ClassScores {
  const mean = (key: keyof ClassScores) => scores.reduce((a, s) => a + s[key], 0) / scores.length;
  return {
    precision: mean("precision"),
    recall: mean("recall"),
    f1: mean("f1"),
    support: scores.reduce((a, s) => a + s.support, 0),
  };
}

/** A classification report: one row per class, then accuracy and the macro average. */
export function classificationReport(yTrue: LabelsLike, yPred: LabelsLike, classNames?: string[]) {
  const matrix = confusionMatrix(yTrue, yPred, classNames?.length);
  const scores = perClassScores(matrix);
  const rows = scores.map((s, c) => ({ class: classNames?.[c] ?? String(c), ...s }));
  return { rows, macro: macroAverage(scores), accuracy: accuracy(yTrue, yPred), matrix };
}
