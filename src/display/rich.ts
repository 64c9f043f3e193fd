import * as dfd from "danfojs-node";
import { tf } from "../backend";
import { frameBundle } from "./dataframe";
import { displayAs } from "./kernel";
import { modelSummaryBundle } from "./reports";
import { tensorBundle } from "./tensor";

/**
 * Tensors, models and danfo DataFrames/Series show themselves when they are a cell's last expression: our kernel
 * calls their `Symbol.for("Jupyter.display")` method, added here to the prototypes (idempotent). Figures carry
 * their own (plot's `figure`).
 */
export function installRichDisplay(): void {
  displayAs(tf.Tensor.prototype, tensorBundle);
  displayAs(tf.LayersModel.prototype, modelSummaryBundle);
  displayAs(danfoBase(dfd.DataFrame), frameBundle);
  displayAs(danfoBase(dfd.Series), frameBundle);
}

/** danfo-node's DataFrame and Series extend danfo's base classes, which its operations (head, column…) return. */
function danfoBase(exported: { prototype: object }): object {
  return Object.getPrototypeOf(exported.prototype) as object;
}
