import { tf } from "../backend";
import type { classificationReport } from "../metrics/classification";
import { describeLayers } from "../models/inspect";
import type { MimeBundle } from "./kernel";
import { show, showTable, tableBundle } from "./show";
import { tensorBundle } from "./tensor";

/** Shows a classification report: per-class precision/recall/F1/support, accuracy and macro averages. */
export function showClassificationReport(report: ReturnType<typeof classificationReport>): void {
  const row = (name: string, s: { precision: number; recall: number; f1: number; support: number }) => [
    name,
    s.precision,
    s.recall,
    s.f1,
    s.support,
  ];
  const rows = [
    ...report.rows.map((r) => row(r.class, r)),
    ["accuracy", "", "", report.accuracy, report.macro.support],
    row("macro avg", report.macro),
  ];
  showTable(["class", "precision", "recall", "f1", "support"], rows);
}

/** Shows a tensor: a table when small (rank ≤ 2, at most 20 × 20), else its shape, min, max, mean, first values. */
export function showTensor(t: tf.Tensor): void {
  show(tensorBundle(t));
}

/** A model's summary table: layer, type, output shape (batch axis dropped), parameters; then the totals. */
export function modelSummaryBundle(model: tf.LayersModel): MimeBundle {
  const rows: unknown[][] = describeLayers(model).map((l) => [
    l.name,
    l.type,
    `[${l.outputShape.map((n) => n ?? "None").join(", ")}]`,
    l.params,
  ]);
  const trainable = model.trainableWeights.reduce((sum, w) => sum + tf.util.sizeFromShape(w.shape as number[]), 0);
  rows.push(["total", "", "", model.countParams()], ["trainable", "", "", trainable]);
  const title = `${model.getClassName()} model '${model.name}'`;
  return tableBundle(["layer", "type", "output shape", "params"], rows, { title });
}

/** Shows a model's layers as a table: name, type, output shape, parameters, and the totals. */
export function showModelSummary(model: tf.LayersModel): void {
  show(modelSummaryBundle(model));
}
