import { tf } from "../backend";
import type { classificationReport } from "../metrics/classification";
import { showTable } from "./show";

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

/** Shows a small tensor (rank ≤ 2) as a table. */
export function showTensor(t: tf.Tensor, maxRows = 20): void {
  if (t.rank > 2) throw new Error(`showTensor: expected a tensor of rank ≤ 2, found shape [${t.shape.join(", ")}]`);
  const rows = (
    t.rank === 2
      ? (t.arraySync() as number[][])
      : t.rank === 1
        ? (t.arraySync() as number[]).map((v) => [v])
        : [[t.arraySync() as number]]
  ).slice(0, maxRows);
  showTable(rows[0]?.map((_, j) => String(j)) ?? [], rows, { index: rows.map((_, i) => i) });
}

/** Shows `model.summary()` as a table: layer, output shape, parameters, and the total. */
export function showModelSummary(model: tf.LayersModel): void {
  const rows = model.layers.map((l) => [
    `${l.name} (${l.getClassName()})`,
    JSON.stringify(l.outputShape).replace(/null/g, "None"),
    l.countParams(),
  ]);
  rows.push(["total", "", model.countParams()]);
  showTable(["layer (type)", "output shape", "params"], rows);
}
