import { describe, expect, it } from "vitest";
import { irisFrame, loadIris, loadNumericCsv, readCsvFrame, tf } from "../../../src";
import { tempDir, writeFile } from "../../support/tmp";

describe("iris", () => {
  it("has 150 samples of 4 features and 50 of each species", () => {
    const iris = loadIris();
    expect(iris.X.shape).toEqual([150, 4]);
    expect(iris.classNames).toEqual(["setosa", "versicolor", "virginica"]);
    expect(iris.featureNames).toEqual(["sepal_length", "sepal_width", "petal_length", "petal_width"]);
    expect(Array.from(tf.bincount(iris.y, tf.tensor1d([], "float32"), 3).dataSync())).toEqual([50, 50, 50]);
    expect(Array.from(iris.X.slice([0, 0], [1, 4]).dataSync())).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
  });

  it("is a danfo DataFrame with a species column", () => {
    const df = irisFrame();
    expect(df.shape).toEqual([150, 5]);
    expect(df.column("species").valueCounts().values).toEqual([50, 50, 50]);
  });
});

describe("numeric CSV", () => {
  const dir = tempDir();
  const good = writeFile(dir, "good.csv", 'age,"income, $",score\n20,30000,1\n 40 ,"52000",0\n');

  it("loads chosen features and a target as tensors", () => {
    const { X, y, features } = loadNumericCsv(good, { target: "score" });
    expect(features).toEqual(["age", "income, $"]);
    expect(X.arraySync()).toEqual([
      [20, 30000],
      [40, 52000],
    ]);
    expect(Array.from(y!.dataSync())).toEqual([1, 0]);
  });

  it("names a missing column and lists the ones found", () => {
    expect(() => loadNumericCsv(good, { features: ["height"] })).toThrow(
      `${good}: expected a column 'height', found columns [age, income, $, score]`,
    );
  });

  it("names a non-numeric cell by line and column", () => {
    const bad = writeFile(dir, "bad.csv", "a,b\n1,2\n3,abc\n");
    expect(() => loadNumericCsv(bad)).toThrow(`${bad} line 3, column 'b': expected a number, found "abc"`);
  });

  it("names an empty cell and a short row", () => {
    const empty = writeFile(dir, "empty.csv", "a,b\n1,\n");
    expect(() => loadNumericCsv(empty)).toThrow(`${empty} line 2, column 'b': expected a number, found ""`);
    const short = writeFile(dir, "short.csv", "a,b\n1\n");
    expect(() => loadNumericCsv(short)).toThrow(`${short} line 2: expected 2 cells, found 1`);
  });

  it("names a missing file", async () => {
    expect(() => loadNumericCsv(`${dir}/nope.csv`)).toThrow(`${dir}/nope.csv: expected a CSV file, found no such file`);
    await expect(readCsvFrame(`${dir}/nope.csv`)).rejects.toThrow("no such file");
  });

  it("reads a CSV into a danfo DataFrame", async () => {
    const df = await readCsvFrame(good);
    expect(df.shape).toEqual([2, 3]);
    expect(df.columns).toEqual(["age", "income, $", "score"]);
  });
});
